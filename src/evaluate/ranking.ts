/**
 * Ranking metrics of scores (higher score = more likely positive / attack), after scikit-learn:
 * - `rocAuc`: area under the ROC curve. Tied scores count one half, which is what scikit-learn's
 *   `roc_auc_score` yields (its trapezoidal rule over distinct thresholds equals the Mann-Whitney U
 *   statistic with mid-ranks); computed here from mid-ranks.
 * - `averagePrecision`: scikit-learn's `average_precision_score`: sum over distinct thresholds,
 *   highest first, of (R_n - R_{n-1}) * P_n, with no interpolation; tied scores form one threshold.
 * - `rocAucOvr` / `averagePrecisionOvr`: one-vs-rest macro averages over the classes present in
 *   yTrue (scikit-learn raises when a class is absent; here such a class is skipped).
 * - `detectionRateAtFpr`: the operating point an IDS is run at (see its comment for the convention).
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";

function checkLengths(yTrue: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (yTrue.length !== scores.length) {
    throw new VigilError("E_CONFIG", `yTrue has ${yTrue.length} labels but scores has ${scores.length}`, {
      field: "scores",
    });
  }
}

/** Row indices sorted by score ascending. */
function argsortAscending(scores: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((a, b) => scores[a] - scores[b]);
  return idx;
}

/**
 * Binary ROC-AUC. `isPositive(i)` is yTrue[i] !== 0 (or === posLabel when given).
 * Returns NaN when only one class is present.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>, posLabel?: number): number {
  checkLengths(yTrue, scores);
  const n = yTrue.length;
  const idx = argsortAscending(scores);
  let nPos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const s = scores[idx[i]];
    while (j + 1 < n && scores[idx[j + 1]] === s) j++;
    // rows i..j share a score: each gets the mid-rank (1-based)
    const midRank = (i + j + 2) / 2;
    for (let t = i; t <= j; t++) {
      const y = yTrue[idx[t]];
      const pos = posLabel === undefined ? y !== 0 : y === posLabel;
      if (pos) {
        nPos++;
        rankSumPos += midRank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Binary average precision (scikit-learn's definition). NaN when there is no positive row. */
export function averagePrecision(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  posLabel?: number,
): number {
  checkLengths(yTrue, scores);
  const n = yTrue.length;
  const idx = argsortAscending(scores);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (posLabel === undefined ? yTrue[i] !== 0 : yTrue[i] === posLabel) nPos++;
  if (nPos === 0) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let i = n - 1;
  while (i >= 0) {
    const s = scores[idx[i]];
    // one threshold takes every row with this score
    while (i >= 0 && scores[idx[i]] === s) {
      const y = yTrue[idx[i]];
      if (posLabel === undefined ? y !== 0 : y === posLabel) tp++;
      else fp++;
      i--;
    }
    const recall = tp / nPos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

function ovr(
  metric: (y: ArrayLike<number>, s: ArrayLike<number>, pos: number) => number,
  yTrue: ArrayLike<number>,
  proba: Matrix,
): { macro: number; perClass: number[] } {
  if (proba.rows !== yTrue.length) {
    throw new VigilError("E_CONFIG", `yTrue has ${yTrue.length} labels but proba has ${proba.rows} rows`, {
      field: "proba",
    });
  }
  const k = proba.cols;
  const col = new Float64Array(proba.rows);
  const perClass: number[] = [];
  let sum = 0;
  let count = 0;
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < proba.rows; r++) col[r] = proba.data[r * k + c];
    const v = metric(yTrue, col, c);
    perClass.push(v);
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return { macro: count === 0 ? Number.NaN : sum / count, perClass };
}

/** One-vs-rest ROC-AUC per class and its macro mean (classes absent from yTrue give NaN and are skipped). */
export function rocAucOvr(yTrue: ArrayLike<number>, proba: Matrix): { macro: number; perClass: number[] } {
  return ovr(rocAuc, yTrue, proba);
}

/** One-vs-rest average precision per class and its macro mean. */
export function averagePrecisionOvr(
  yTrue: ArrayLike<number>,
  proba: Matrix,
): { macro: number; perClass: number[] } {
  return ovr(averagePrecision, yTrue, proba);
}

export interface OperatingPoint {
  /** Rows scoring strictly above this are flagged as attacks. */
  threshold: number;
  /** Measured false-positive rate on the benign scores at this threshold (<= the target). */
  fpr: number;
  /** Share of attack scores strictly above the threshold. */
  detectionRate: number;
}

/**
 * Detection rate at a target false-positive rate. Convention: with n benign scores sorted ascending
 * and k = floor(targetFpr * n), the threshold is the (n - k)-th smallest benign score (1-based), i.e.
 * the empirical benign (1 - targetFpr) quantile taken from below, and a row is flagged when its score
 * is strictly greater. At most k benign rows exceed it, so the measured FPR never exceeds the target
 * (ties at the threshold make it smaller). With k >= n the threshold is -Infinity (flag everything).
 */
export function detectionRateAtFpr(
  benignScores: ArrayLike<number>,
  attackScores: ArrayLike<number>,
  targetFpr: number,
): OperatingPoint {
  if (!(targetFpr >= 0 && targetFpr <= 1)) {
    throw new VigilError("E_CONFIG", `target FPR must be in [0, 1], got ${targetFpr}`, {
      field: "targetFpr",
    });
  }
  const n = benignScores.length;
  if (n === 0)
    throw new VigilError("E_CONFIG", "no benign scores to set a threshold from", { field: "benignScores" });
  const sorted = Float64Array.from(benignScores).sort();
  const k = Math.floor(targetFpr * n + 1e-9);
  const threshold = k >= n ? Number.NEGATIVE_INFINITY : sorted[n - 1 - k];
  let fp = 0;
  for (let i = 0; i < n; i++) if (benignScores[i] > threshold) fp++;
  let tp = 0;
  for (let i = 0; i < attackScores.length; i++) if (attackScores[i] > threshold) tp++;
  return {
    threshold,
    fpr: fp / n,
    detectionRate: attackScores.length === 0 ? Number.NaN : tp / attackScores.length,
  };
}
