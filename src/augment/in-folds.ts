/**
 * Augmentation inside training folds: a Sampler as the `resampleTraining` hook of crossValidate
 * (src/evaluate/crossval.ts), seeded per fold, recording how many rows each fold's sampler added.
 */
import type { TrainingResampler } from "../evaluate/crossval.js";
import type { Sampler } from "./sampler.js";

export interface FoldAugmentLog {
  fold: number;
  inputRows: number;
  outputRows: number;
  syntheticRows: number;
}

export function inTrainingFolds(sampler: Sampler, seed: number, log?: FoldAugmentLog[]): TrainingResampler {
  return (X, y, fold) => {
    const out = sampler.resample(X, y, seed + 7919 * fold);
    let syntheticRows = 0;
    for (const s of out.synthetic) syntheticRows += s;
    log?.push({ fold, inputRows: X.rows, outputRows: out.X.rows, syntheticRows });
    return { X: out.X, y: out.y };
  };
}
