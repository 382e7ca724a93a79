/**
 * Random oversampling: each minority class is raised to `ratio` x the majority count with copies of
 * its own rows drawn uniformly with replacement (the copies are flagged synthetic: they are added rows).
 */
import { z } from "zod";
import { parseParams } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { copyRowInto } from "./interpolate.js";
import {
  allRows,
  assemble,
  checkResampleInput,
  oversampleDeficits,
  type ResampleResult,
  rowsByClass,
  type Sampler,
} from "./sampler.js";

export const randomOverParamsSchema = z.object({ ratio: z.number().gt(0).max(1).default(1) }).strict();
export type RandomOverParams = z.infer<typeof randomOverParamsSchema>;

export class RandomOverSampler implements Sampler {
  readonly name = "random-over";
  readonly params: RandomOverParams;

  constructor(params: Partial<RandomOverParams> = {}) {
    this.params = parseParams(randomOverParamsSchema, params, "random-over");
  }

  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult {
    const nClasses = checkResampleInput(X, y, this.name);
    const byClass = rowsByClass(y, nClasses);
    const deficit = oversampleDeficits(byClass, this.params.ratio);
    const total = deficit.reduce((a, b) => a + b, 0);
    const out = new Float32Array(total * X.cols);
    const newY = new Int32Array(total);
    const rng = new Rng(seed);
    let at = 0;
    for (let c = 0; c < nClasses; c++) {
      const rows = byClass[c];
      for (let t = 0; t < deficit[c]; t++) {
        copyRowInto(out, at, X, rows[rng.int(rows.length)]);
        newY[at++] = c;
      }
    }
    return assemble(X, y, allRows(X.rows), out, newY);
  }
}
