/**
 * ADASYN (He et al. 2008): like SMOTE, but a minority row seeds synthetic rows in proportion to the
 * share of other-class rows among its m nearest neighbours (harder rows get more). Counts per seed are
 * the largest-remainder rounding of G r_i / sum r, so the class reaches its target exactly. When no row
 * of a class has an other-class neighbour the seeds are uniform (plain SMOTE) instead of an error.
 */
import { z } from "zod";
import { parseParams } from "../models/base.js";
import type { Matrix } from "../table/matrix.js";
import { otherClassNeighbours } from "./borderline-smote.js";
import type { ResampleResult, Sampler } from "./sampler.js";
import { smoteFamilyResample, uniformBaseDraws } from "./smote.js";

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
    const { ratio, k, m } = this.params;
    return smoteFamilyResample(this.name, X, y, seed, ratio, k, (_c, rows, deficit, Z, rng) => {
      const w = Float64Array.from(otherClassNeighbours(Z, y, rows, m));
      return w.some((v) => v > 0)
        ? { bases: rows, counts: proportionalCounts(w, deficit) }
        : uniformBaseDraws(rows, deficit, rng);
    });
  }
}
