/**
 * Random undersampling: every class with more rows than the target keeps a uniform random subset of
 * `target` rows, without replacement; smaller classes keep all their rows. The target is `maxPerClass`
 * when given, else `factor` x the smallest present class (factor 1 = imbalanced-learn's "not minority").
 * No row is added, so `synthetic` is all zeros; kept rows stay in their input order.
 */
import { z } from "zod";
import { parseParams } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { assemble, checkResampleInput, type ResampleResult, rowsByClass, type Sampler } from "./sampler.js";

export const randomUnderParamsSchema = z
  .object({
    factor: z.number().min(1).default(1),
    maxPerClass: z.number().int().positive().optional(),
  })
  .strict();
export type RandomUnderParams = z.infer<typeof randomUnderParamsSchema>;

export class RandomUnderSampler implements Sampler {
  readonly name = "random-under";
  readonly params: RandomUnderParams;

  constructor(params: Partial<RandomUnderParams> = {}) {
    this.params = parseParams(randomUnderParamsSchema, params, "random-under");
  }

  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult {
    const nClasses = checkResampleInput(X, y, this.name);
    const byClass = rowsByClass(y, nClasses);
    let minority = Number.POSITIVE_INFINITY;
    for (const r of byClass) if (r.length > 0 && r.length < minority) minority = r.length;
    const target = this.params.maxPerClass ?? Math.round(this.params.factor * minority);
    const rng = new Rng(seed);
    const keepFlag = new Uint8Array(X.rows);
    for (const rows of byClass) {
      if (rows.length <= target) {
        for (const r of rows) keepFlag[r] = 1;
        continue;
      }
      const pool = Int32Array.from(rows);
      for (let t = 0; t < target; t++) {
        const j = t + rng.int(pool.length - t);
        const tmp = pool[t];
        pool[t] = pool[j];
        pool[j] = tmp;
        keepFlag[pool[t]] = 1;
      }
    }
    const keep: number[] = [];
    for (let i = 0; i < X.rows; i++) if (keepFlag[i] === 1) keep.push(i);
    return assemble(X, y, Int32Array.from(keep), new Float32Array(0), new Int32Array(0));
  }
}
