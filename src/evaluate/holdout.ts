/**
 * The rows `vigil train` fits on and `vigil evaluate` scores, reproducible from (sample, seed,
 * testFraction): optionally a stratified subsample (./compare.ts stratifiedSample), then a stratified
 * train/test split (src/datasets/splits.ts). testFraction 0 trains on every (sampled) row.
 */
import { stratifiedTrainTestSplit } from "../datasets/splits.js";
import { stratifiedSample } from "./compare.js";

export interface HoldoutOptions {
  sample?: number;
  seed: number;
  testFraction: number;
}

/** Row indices (into the full data set) of the training and test sides. */
export function holdoutRows(y: Int32Array, o: HoldoutOptions): { train: Int32Array; test: Int32Array } {
  const base = o.sample !== undefined ? stratifiedSample(y, o.sample, o.seed) : Int32Array.from(y.keys());
  if (o.testFraction === 0) return { train: base, test: new Int32Array(0) };
  const sub = Int32Array.from(base, (i) => y[i]);
  const s = stratifiedTrainTestSplit(sub, { testFraction: o.testFraction, seed: o.seed });
  return { train: Int32Array.from(s.train, (i) => base[i]), test: Int32Array.from(s.test, (i) => base[i]) };
}
