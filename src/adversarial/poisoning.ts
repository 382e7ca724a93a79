/**
 * Training-data poisoning by label noise, and its detection.
 * - flipLabels: a seeded `rate` share of rows get another label: "uniform" (any other class) or
 *   "to-benign" (attack rows relabelled benign: an attacker hiding its class in the training data);
 * - detectLabelNoise: k-NN label disagreement: a row is suspect when fewer than `agreement` of its k
 *   nearest neighbours (standardized Euclidean, the blocked search of src/augment/knn.ts) share its
 *   label; the scores and flags come back, and `flagQuality` gives precision and recall on the flipped rows;
 * - detectByCrossValidation: cross-validated confidence: out-of-fold class probabilities from a model
 *   fitted on the other folds; a row is suspect when its out-of-fold prediction disagrees with its label
 *   and gives that label less than `minProba`.
 */
import { nearestNeighbours, standardize } from "../augment/knn.js";
import { stratifiedKFold } from "../datasets/splits.js";
import type { Classifier } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import { type Matrix, takeRows } from "../table/matrix.js";

export function flipLabels(
  y: Int32Array,
  rate: number,
  nClasses: number,
  seed: number,
  mode: "uniform" | "to-benign" = "uniform",
  benignClass = 0,
): { y: Int32Array; flipped: Uint8Array } {
  const out = y.slice();
  const flipped = new Uint8Array(y.length);
  const pool: number[] = [];
  for (let i = 0; i < y.length; i++) if (mode === "uniform" || y[i] !== benignClass) pool.push(i);
  const rng = new Rng(seed);
  const n = Math.min(pool.length, Math.round(rate * y.length));
  for (let t = 0; t < n; t++) {
    const j = t + rng.int(pool.length - t);
    [pool[t], pool[j]] = [pool[j], pool[t]];
    const i = pool[t];
    if (mode === "to-benign") out[i] = benignClass;
    else {
      const shift = 1 + rng.int(nClasses - 1);
      out[i] = (y[i] + shift) % nClasses;
    }
    flipped[i] = 1;
  }
  return { y: out, flipped };
}

export function detectLabelNoise(
  X: Matrix,
  y: Int32Array,
  options: { k?: number; agreement?: number } = {},
): { agreementShare: Float32Array; flagged: Uint8Array } {
  const k = Math.min(options.k ?? 10, X.rows - 1);
  const agreement = options.agreement ?? 0.5;
  const Z = standardize(X);
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const nn = k > 0 ? nearestNeighbours(Z, all, all, k) : new Int32Array(0);
  const share = new Float32Array(X.rows).fill(1);
  const flagged = new Uint8Array(X.rows);
  for (let i = 0; i < X.rows && k > 0; i++) {
    let same = 0;
    let seen = 0;
    for (let j = 0; j < k; j++) {
      const r = nn[i * k + j];
      if (r < 0) continue;
      seen++;
      if (y[r] === y[i]) same++;
    }
    share[i] = seen > 0 ? same / seen : 1;
    flagged[i] = share[i] < agreement ? 1 : 0;
  }
  return { agreementShare: share, flagged };
}

export function flagQuality(
  flagged: Uint8Array,
  truth: Uint8Array,
): { precision: number | null; recall: number | null; flagged: number; truePositives: number } {
  let tp = 0;
  let f = 0;
  let t = 0;
  for (let i = 0; i < flagged.length; i++) {
    f += flagged[i];
    t += truth[i];
    if (flagged[i] === 1 && truth[i] === 1) tp++;
  }
  return { precision: f > 0 ? tp / f : null, recall: t > 0 ? tp / t : null, flagged: f, truePositives: tp };
}

export function detectByCrossValidation(
  make: () => Classifier,
  X: Matrix,
  y: Int32Array,
  options: { folds?: number; minProba?: number; seed?: number } = {},
): { ownLabelProba: Float32Array; flagged: Uint8Array } {
  const own = new Float32Array(X.rows);
  const flagged = new Uint8Array(X.rows);
  const minProba = options.minProba ?? 0.2;
  for (const s of stratifiedKFold(y, { k: options.folds ?? 3, seed: options.seed ?? 0 })) {
    const m = make().fit(
      takeRows(X, s.train),
      Int32Array.from(s.train, (i) => y[i]),
    );
    const p = m.predictProba(takeRows(X, s.test));
    const pred = m.predict(takeRows(X, s.test));
    s.test.forEach((i, t) => {
      own[i] = y[i] < p.cols ? p.data[t * p.cols + y[i]] : 0;
      flagged[i] = pred[t] !== y[i] && own[i] < minProba ? 1 : 0;
    });
  }
  return { ownLabelProba: own, flagged };
}
