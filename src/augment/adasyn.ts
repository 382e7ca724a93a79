/**
 * ADASYN (He et al. 2008): like SMOTE, but a minority row seeds synthetic rows in proportion to the
 * share of other-class rows among its m nearest neighbours (harder rows get more). Counts per seed are
 * the largest-remainder rounding of G r_i / sum r, so the class reaches its target exactly. When no row
 * of a class has an other-class neighbour the seeds are uniform (plain SMOTE) instead of an error.
 */
import { z } from "zod";
import { parseParams } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { otherClassNeighbours } from "./borderline-smote.js";
import { standardize } from "./knn.js";
import {
  allRows,
  assemble,
  checkResampleInput,
  integralColumns,
  oversampleDeficits,
  type ResampleResult,
  rowsByClass,
  type Sampler,
} from "./sampler.js";
import { smoteAround, uniformBaseDraws } from "./smote.js";

export const adasynParamsSchema = z
  .object({
    k: z.number().int().positive().default(5),
    m: z.number().int().positive().default(5),
    ratio: z.number().gt(0).max(1).default(1),
  })
  .strict();
export type AdasynParams = z.infer<typeof adasynParamsSchema>;

/** Largest-remainder split of `total` into integer parts proportional to `weights` (sum > 0). */
export function proportionalCounts(weights: Float64Array, total: number): Int32Array {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = new Int32Array(weights.length);
  const rem = new Float64Array(weights.length);
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const share = (weights[i] / sum) * total;
    out[i] = Math.floor(share);
    rem[i] = share - out[i];
    given += out[i];
  }
  const order = Array.from(rem.keys()).sort((a, b) => rem[b] - rem[a] || a - b);
  for (let t = 0; given < total; t++, given++) out[order[t % order.length]]++;
  return out;
}

export class Adasyn implements Sampler {
  readonly name = "adasyn";
  readonly params: AdasynParams;

  constructor(params: Partial<AdasynParams> = {}) {
    this.params = parseParams(adasynParamsSchema, params, "adasyn");
  }

  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult {
    const nClasses = checkResampleInput(X, y, this.name);
    const byClass = rowsByClass(y, nClasses);
    const deficit = oversampleDeficits(byClass, this.params.ratio);
    const total = deficit.reduce((a, b) => a + b, 0);
    const out = new Float32Array(total * X.cols);
    const newY = new Int32Array(total);
    if (total > 0) {
      const Z = standardize(X);
      const integral = integralColumns(X);
      const rng = new Rng(seed);
      let at = 0;
      for (let c = 0; c < nClasses; c++) {
        if (deficit[c] === 0) continue;
        const rows = byClass[c];
        const other = otherClassNeighbours(Z, y, rows, this.params.m);
        const w = Float64Array.from(other);
        const hard = w.some((v) => v > 0);
        const draw = hard
          ? { bases: rows, counts: proportionalCounts(w, deficit[c]) }
          : uniformBaseDraws(rows, deficit[c], rng);
        const end = smoteAround(X, Z, rows, draw.bases, draw.counts, this.params.k, integral, rng, out, at);
        newY.fill(c, at, end);
        at = end;
      }
    }
    return assemble(X, y, allRows(X.rows), out, newY);
  }
}
