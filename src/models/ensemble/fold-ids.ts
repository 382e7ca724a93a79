/**
 * Stratified fold assignment for the out-of-fold predictions of stacking (models see matrices only;
 * evaluation-level splits live in src/datasets/splits.ts): each class's rows are shuffled (seeded) and
 * dealt to folds round-robin, starting each class where the previous one stopped, so every fold gets
 * floor or ceil of its share of each class and fold sizes differ by at most one.
 */
import { VigilError } from "../../errors.js";
import { Rng } from "../tree/random.js";

export function stratifiedFoldIds(y: Int32Array, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2)
    throw new VigilError("E_CONFIG", `folds must be an integer >= 2, got ${k}`, { field: "folds" });
  if (y.length < k)
    throw new VigilError("E_CONFIG", `cannot split ${y.length} rows into ${k} folds`, { field: "folds" });
  let nc = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > nc) nc = y[i] + 1;
  const byClass: number[][] = Array.from({ length: nc }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const rng = new Rng(seed);
  const out = new Int32Array(y.length);
  let next = 0;
  for (const rows of byClass) {
    for (let t = rows.length - 1; t > 0; t--) {
      const j = rng.int(t + 1);
      const tmp = rows[t];
      rows[t] = rows[j];
      rows[j] = tmp;
    }
    for (const r of rows) {
      out[r] = next;
      next = (next + 1) % k;
    }
  }
  return out;
}

/** Train and test row indices of fold f. */
export function foldIndices(foldIds: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  for (let i = 0; i < foldIds.length; i++) if (foldIds[i] === f) nTest++;
  const train = new Int32Array(foldIds.length - nTest);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < foldIds.length; i++) {
    if (foldIds[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
