/**
 * SMOTE (Chawla et al. 2002): each minority class is raised to `ratio` x the majority count with rows
 * interpolated between a class row and one of its k nearest same-class neighbours (./interpolate.ts).
 * Base rows are drawn uniformly with replacement (as imbalanced-learn). A class with a single row can
 * only be duplicated. Neighbours: ./knn.ts (standardized Euclidean, blocked brute force).
 */
import { z } from "zod";
import { parseParams } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { copyRowInto, interpolateInto } from "./interpolate.js";
import { nearestNeighbours, standardize } from "./knn.js";
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

export const smoteParamsSchema = z
  .object({
    /** Same-class neighbours a synthetic row may be drawn towards. */
    k: z.number().int().positive().default(5),
    /** Each minority class is raised to ratio x the majority class count. */
    ratio: z.number().gt(0).max(1).default(1),
  })
  .strict();
export type SmoteParams = z.infer<typeof smoteParamsSchema>;

/**
 * Generates `counts[i]` synthetic rows around base row `bases[i]` (all of one class `rows`), each
 * towards one of the base's k nearest neighbours within `rows`. Writes into out from row `at`.
 */
export function smoteAround(
  X: Matrix,
  Z: Matrix,
  rows: Int32Array,
  bases: Int32Array,
  counts: Int32Array,
  k: number,
  integral: Uint8Array,
  rng: Rng,
  out: Float32Array,
  at: number,
): number {
  const kk = Math.min(k, rows.length - 1);
  const nn = kk > 0 ? nearestNeighbours(Z, bases, rows, kk) : new Int32Array(0);
  let o = at;
  for (let i = 0; i < bases.length; i++) {
    for (let t = 0; t < counts[i]; t++) {
      if (kk === 0) {
        copyRowInto(out, o++, X, bases[i]);
        continue;
      }
      let nb = nn[i * kk + rng.int(kk)];
      if (nb < 0) nb = bases[i];
      interpolateInto(out, o++, X, bases[i], nb, integral, rng);
    }
  }
  return o;
}

/** Distinct base rows and how many synthetic rows each gets, from `n` uniform draws among `rows`. */
export function uniformBaseDraws(
  rows: Int32Array,
  n: number,
  rng: Rng,
): { bases: Int32Array; counts: Int32Array } {
  const per = new Int32Array(rows.length);
  for (let t = 0; t < n; t++) per[rng.int(rows.length)]++;
  const idx: number[] = [];
  for (let i = 0; i < rows.length; i++) if (per[i] > 0) idx.push(i);
  return { bases: Int32Array.from(idx, (i) => rows[i]), counts: Int32Array.from(idx, (i) => per[i]) };
}

export class Smote implements Sampler {
  readonly name = "smote";
  readonly params: SmoteParams;

  constructor(params: Partial<SmoteParams> = {}) {
    this.params = parseParams(smoteParamsSchema, params, "smote");
  }

  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult {
    const { ratio, k } = this.params;
    return smoteFamilyResample(this.name, X, y, seed, ratio, k, (_c, rows, deficit, _Z, rng) =>
      uniformBaseDraws(rows, deficit, rng),
    );
  }
}

/** Where a class's synthetic rows start: base rows and how many rows each seeds (null: none). */
export type BaseDraw = (
  c: number,
  rows: Int32Array,
  deficit: number,
  Z: Matrix,
  rng: Rng,
) => { bases: Int32Array; counts: Int32Array } | null;

/**
 * The SMOTE family's resample (SMOTE, Borderline-SMOTE, ADASYN differ only in `draw`): each class short
 * of ratio x the majority gets its deficit of rows, each interpolated from a drawn base row towards one
 * of its k same-class neighbours (standardized distances), classes in order, one seeded Rng.
 */
export function smoteFamilyResample(
  name: string,
  X: Matrix,
  y: Int32Array,
  seed: number,
  ratio: number,
  k: number,
  draw: BaseDraw,
): ResampleResult {
  const nClasses = checkResampleInput(X, y, name);
  const byClass = rowsByClass(y, nClasses);
  const deficit = oversampleDeficits(byClass, ratio);
  const total = deficit.reduce((a, b) => a + b, 0);
  const out = new Float32Array(total * X.cols);
  const newY = new Int32Array(total);
  let at = 0;
  if (total > 0) {
    const Z = standardize(X);
    const integral = integralColumns(X);
    const rng = new Rng(seed);
    for (let c = 0; c < nClasses; c++) {
      if (deficit[c] === 0) continue;
      const d = draw(c, byClass[c], deficit[c], Z, rng);
      if (d === null) continue;
      const end = smoteAround(X, Z, byClass[c], d.bases, d.counts, k, integral, rng, out, at);
      newY.fill(c, at, end);
      at = end;
    }
  }
  return assemble(X, y, allRows(X.rows), out.subarray(0, at * X.cols), newY.subarray(0, at));
}
