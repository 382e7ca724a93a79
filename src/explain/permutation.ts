/**
 * Permutation importance (Breiman 2001; scikit-learn's permutation_importance): the drop in macro-F1
 * (averaged over the classes present in the labels or the predictions)
 * when one feature's column is shuffled across rows (breaking its link to the label while keeping its
 * distribution), averaged over `repeats` seeded shuffles. A global view: what the model relies on for
 * the given data, not why one row was flagged.
 */
import { VigilError } from "../errors.js";
import { confusionMatrix, precisionRecallF1 } from "../evaluate/metrics.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";

export interface PermutationImportance {
  /** Macro-F1 on the unshuffled rows. */
  baseline: number;
  /** Mean macro-F1 drop per feature (positive: the model needs it). */
  mean: Float64Array;
  /** Standard deviation of the drop over repeats. */
  std: Float64Array;
  repeats: number;
}

export function permutationImportance(
  model: { predict(X: Matrix): Int32Array; nClasses: number },
  X: Matrix,
  y: Int32Array,
  options: { repeats?: number; seed?: number } = {},
): PermutationImportance {
  if (y.length !== X.rows) {
    throw new VigilError("E_SCHEMA", `${y.length} labels for ${X.rows} rows`, { field: "y" });
  }
  const repeats = options.repeats ?? 5;
  const K = Math.max(model.nClasses, ...Array.from(y, (v) => v + 1));
  // macro-F1 over the classes present in y or predicted (scikit-learn's labels=None)
  const f1 = (pred: Int32Array) => {
    const cm = confusionMatrix(y, pred, K);
    const s = precisionRecallF1(cm);
    let sum = 0;
    let n = 0;
    for (let k = 0; k < K; k++) {
      let predicted = 0;
      for (let t = 0; t < K; t++) predicted += cm.counts[t * K + k];
      if (s.support[k] > 0 || predicted > 0) {
        sum += s.f1[k];
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  };
  const baseline = f1(model.predict(X));
  const M = X.cols;
  const mean = new Float64Array(M);
  const std = new Float64Array(M);
  const data = Float32Array.from(X.data);
  const perm = new Int32Array(X.rows);
  const col = new Float32Array(X.rows);
  const rng = new Rng(options.seed ?? 0);
  for (let f = 0; f < M; f++) {
    for (let r = 0; r < X.rows; r++) col[r] = X.data[r * M + f];
    const drops: number[] = [];
    for (let rep = 0; rep < repeats; rep++) {
      for (let i = 0; i < perm.length; i++) perm[i] = i;
      for (let i = perm.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      for (let r = 0; r < X.rows; r++) data[r * M + f] = col[perm[r]];
      drops.push(baseline - f1(model.predict({ rows: X.rows, cols: M, data })));
    }
    for (let r = 0; r < X.rows; r++) data[r * M + f] = col[r];
    const m = drops.reduce((a, b) => a + b, 0) / repeats;
    mean[f] = m;
    std[f] = Math.sqrt(drops.reduce((a, b) => a + (b - m) ** 2, 0) / repeats);
  }
  return { baseline, mean, std, repeats };
}
