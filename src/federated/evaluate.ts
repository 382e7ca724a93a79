/**
 * Federated evaluation: each client reports the confusion matrix of the global model on its local test
 * rows (counts only); the server sums them into the global confusion matrix and reads macro-F1 from it.
 */
import { type ConfusionMatrix, confusionMatrix, precisionRecallF1 } from "../evaluate/metrics.js";
import type { Classifier } from "../models/base.js";
import type { Evaluation } from "../schemas/federated.js";
import type { Matrix } from "../table/matrix.js";

export function evaluateLocal(model: Classifier, X: Matrix, y: Int32Array, nClasses: number): Evaluation {
  if (X.rows === 0) return { rows: 0, confusion: new Array(nClasses * nClasses).fill(0) };
  const cm = confusionMatrix(y, model.predict(X), nClasses);
  return { rows: X.rows, confusion: Array.from(cm.counts) };
}

export function macroF1Of(confusion: ArrayLike<number>, nClasses: number): number {
  const cm: ConfusionMatrix = { nClasses, counts: Float64Array.from(confusion) };
  return precisionRecallF1(cm).macro.f1;
}

/** Macro-F1 over the classes present in the rows (a client's local test lacks most classes). */
export function presentClassMacroF1(confusion: ArrayLike<number>, nClasses: number): number {
  const prf = precisionRecallF1({ nClasses, counts: Float64Array.from(confusion) });
  let s = 0;
  let c = 0;
  for (let k = 0; k < nClasses; k++) {
    if (prf.support[k] > 0) {
      s += prf.f1[k];
      c++;
    }
  }
  return c === 0 ? 0 : s / c;
}

export function sumConfusions(evals: readonly Evaluation[], nClasses: number): Float64Array {
  const out = new Float64Array(nClasses * nClasses);
  for (const e of evals) for (let i = 0; i < out.length; i++) out[i] += e.confusion[i] ?? 0;
  return out;
}
