/**
 * Classification metrics from label vectors (class indices 0..nClasses-1), after scikit-learn's
 * `sklearn.metrics`: confusion matrix (rows = true class, columns = predicted class), accuracy,
 * per-class and macro / weighted precision, recall and F1 (a 0/0 ratio counts as 0, like
 * `zero_division=0`), and the false-positive rate of an intrusion detector.
 *
 * Ranking metrics (ROC-AUC, average precision, detection rate at a target FPR) are in ./ranking.ts
 * and re-exported here.
 */
import { VigilError } from "../errors.js";

export * from "./ranking.js";

export interface ConfusionMatrix {
  readonly nClasses: number;
  /** counts[t * nClasses + p]: rows whose true class is t and predicted class is p. */
  readonly counts: Float64Array;
}

function checkLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): void {
  if (yTrue.length !== yPred.length) {
    throw new VigilError("E_CONFIG", `yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`, {
      field: "yPred",
    });
  }
  if (!Number.isInteger(nClasses) || nClasses < 1) {
    throw new VigilError("E_CONFIG", `nClasses must be a positive integer, got ${nClasses}`, {
      field: "nClasses",
    });
  }
}

/** The confusion matrix; `sampleWeight` weights rows (default 1 each). */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
  sampleWeight?: ArrayLike<number>,
): ConfusionMatrix {
  checkLabels(yTrue, yPred, nClasses);
  const counts = new Float64Array(nClasses * nClasses);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(t >= 0 && t < nClasses && Number.isInteger(t))) {
      throw new VigilError("E_CONFIG", `true label ${t} is not a class index in [0, ${nClasses})`, {
        record: i,
        field: "yTrue",
      });
    }
    if (!(p >= 0 && p < nClasses && Number.isInteger(p))) {
      throw new VigilError("E_CONFIG", `predicted label ${p} is not a class index in [0, ${nClasses})`, {
        record: i,
        field: "yPred",
      });
    }
    counts[t * nClasses + p] += sampleWeight ? sampleWeight[i] : 1;
  }
  return { nClasses, counts };
}

/** The matrix as nested arrays (rows = true class), for JSON reports. */
export function confusionToRows(cm: ConfusionMatrix): number[][] {
  const out: number[][] = [];
  for (let t = 0; t < cm.nClasses; t++)
    out.push(Array.from(cm.counts.subarray(t * cm.nClasses, (t + 1) * cm.nClasses)));
  return out;
}

export function accuracyFromConfusion(cm: ConfusionMatrix): number {
  let diag = 0;
  let total = 0;
  for (let t = 0; t < cm.nClasses; t++) {
    for (let p = 0; p < cm.nClasses; p++) {
      const v = cm.counts[t * cm.nClasses + p];
      total += v;
      if (t === p) diag += v;
    }
  }
  return total === 0 ? 0 : diag / total;
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses?: number): number {
  const k = nClasses ?? maxLabel(yTrue, yPred) + 1;
  return accuracyFromConfusion(confusionMatrix(yTrue, yPred, k));
}

function maxLabel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  for (let i = 0; i < b.length; i++) if (b[i] > m) m = b[i];
  return m;
}

export interface PerClassScores {
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  /** Number (or weight) of rows whose true class is each class. */
  support: Float64Array;
}

export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface PrfScores extends PerClassScores {
  /** Unweighted mean over all classes (scikit-learn average="macro"). */
  macro: AveragedScores;
  /** Mean weighted by support (scikit-learn average="weighted"). */
  weighted: AveragedScores;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Per-class, macro and support-weighted precision, recall and F1 (0/0 counts as 0). */
export function precisionRecallF1(cm: ConfusionMatrix): PrfScores {
  const k = cm.nClasses;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  const support = new Float64Array(k);
  const predicted = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const v = cm.counts[t * k + p];
      support[t] += v;
      predicted[p] += v;
    }
  }
  let total = 0;
  for (let c = 0; c < k; c++) {
    const tp = cm.counts[c * k + c];
    precision[c] = ratio(tp, predicted[c]);
    recall[c] = ratio(tp, support[c]);
    // F1 = 2TP / (2TP + FP + FN), which is 0 when TP = 0 (as scikit-learn's zero_division=0).
    f1[c] = ratio(2 * tp, predicted[c] + support[c]);
    total += support[c];
  }
  const macro = { precision: mean(precision), recall: mean(recall), f1: mean(f1) };
  const weighted = {
    precision: weightedMean(precision, support, total),
    recall: weightedMean(recall, support, total),
    f1: weightedMean(f1, support, total),
  };
  return { precision, recall, f1, support, macro, weighted };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length === 0 ? 0 : s / a.length;
}

function weightedMean(a: Float64Array, w: Float64Array, total: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * w[i];
  return total === 0 ? 0 : s / total;
}

/**
 * False-positive rate of a detector: the share of benign rows predicted as anything other than benign.
 * With two classes (benign = negative) this is FP / (FP + TN); with several attack classes it is the
 * rate of benign rows flagged as any attack. Returns 0 when there are no benign rows.
 */
export function falsePositiveRate(cm: ConfusionMatrix, benignClass: number): number {
  const k = cm.nClasses;
  if (!Number.isInteger(benignClass) || benignClass < 0 || benignClass >= k) {
    throw new VigilError("E_CONFIG", `benign class ${benignClass} is not a class index in [0, ${k})`, {
      field: "benignClass",
    });
  }
  let benign = 0;
  for (let p = 0; p < k; p++) benign += cm.counts[benignClass * k + p];
  return ratio(benign - cm.counts[benignClass * k + benignClass], benign);
}

/**
 * Detection rate in the same multi-class setting: the share of attack rows (true class != benign)
 * predicted as any attack (not necessarily the right one).
 */
export function attackDetectionRate(cm: ConfusionMatrix, benignClass: number): number {
  const k = cm.nClasses;
  let attacks = 0;
  let missed = 0;
  for (let t = 0; t < k; t++) {
    if (t === benignClass) continue;
    for (let p = 0; p < k; p++) attacks += cm.counts[t * k + p];
    missed += cm.counts[t * k + benignClass];
  }
  return ratio(attacks - missed, attacks);
}
