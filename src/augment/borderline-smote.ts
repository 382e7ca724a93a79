/**
 * Borderline-SMOTE-1 (Han et al. 2005): only minority rows "in danger" seed synthetic rows. A row is in
 * danger when at least half, but not all, of its m nearest neighbours in the whole training set belong
 * to other classes (all of them: noise, left alone). Synthetic rows are interpolated towards the seed's
 * k nearest same-class neighbours, seeds drawn uniformly among the danger rows. A class with no danger
 * row gets no synthetic rows (as imbalanced-learn), so it may stay below the target count.
 */
import { z } from "zod";
import { parseParams } from "../models/base.js";
import type { Matrix } from "../table/matrix.js";
import { nearestNeighbours } from "./knn.js";
import { allRows, type ResampleResult, type Sampler } from "./sampler.js";
import { smoteFamilyResample, uniformBaseDraws } from "./smote.js";

export const borderlineSmoteParamsSchema = z
  .object({
    k: z.number().int().positive().default(5),
    /** Neighbours (any class) that decide whether a row is in danger. */
    m: z.number().int().positive().default(10),
    ratio: z.number().gt(0).max(1).default(1),
  })
  .strict();
export type BorderlineSmoteParams = z.infer<typeof borderlineSmoteParamsSchema>;

/** Per query row, how many of its m nearest neighbours (in the whole set) have another label. */
export function otherClassNeighbours(Z: Matrix, y: Int32Array, queries: Int32Array, m: number): Int32Array {
  const mm = Math.min(m, Z.rows - 1);
  const out = new Int32Array(queries.length);
  if (mm <= 0) return out;
  const nn = nearestNeighbours(Z, queries, allRows(Z.rows), mm);
  for (let i = 0; i < queries.length; i++) {
    let other = 0;
    for (let j = 0; j < mm; j++) {
      const r = nn[i * mm + j];
      if (r >= 0 && y[r] !== y[queries[i]]) other++;
    }
    out[i] = other;
  }
  return out;
}

export class BorderlineSmote implements Sampler {
  readonly name = "borderline-smote";
  readonly params: BorderlineSmoteParams;

  constructor(params: Partial<BorderlineSmoteParams> = {}) {
    this.params = parseParams(borderlineSmoteParamsSchema, params, "borderline-smote");
  }

  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult {
    const { ratio, k } = this.params;
    const m = Math.min(this.params.m, X.rows - 1);
    return smoteFamilyResample(this.name, X, y, seed, ratio, k, (_c, rows, deficit, Z, rng) => {
      const other = otherClassNeighbours(Z, y, rows, m);
      const danger = rows.filter((_, i) => other[i] * 2 >= m && other[i] < m);
      return danger.length === 0 ? null : uniformBaseDraws(danger, deficit, rng);
    });
  }
}
