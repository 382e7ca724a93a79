/**
 * Label-noise poisoning measured end to end: for each flip rate, the training labels are poisoned
 * (./poisoning.ts flipLabels, uniform), two detectors flag suspects (k-NN label disagreement; 3-fold
 * cross-validated confidence with the same learner), and a model is fitted on clean labels, on poisoned
 * labels, and on poisoned labels without the rows the cross-validation detector flagged; each is scored
 * on the untouched test rows. Reports each detector's precision and recall on the flipped rows.
 */
import type { Classifier } from "../models/base.js";
import type { Matrix } from "../table/matrix.js";
import { takeRows } from "../table/matrix.js";
import { detectByCrossValidation, detectLabelNoise, flagQuality, flipLabels } from "./poisoning.js";
import { cleanQuality } from "./suite.js";

export interface PoisoningOptions {
  rates: number[];
  classes: string[];
  benignClass: number;
  k?: number;
  agreement?: number;
  seed?: number;
}

export function poisoningStudy(
  make: () => Classifier,
  Xtrain: Matrix,
  ytrain: Int32Array,
  Xtest: Matrix,
  ytest: Int32Array,
  o: PoisoningOptions,
) {
  const q = (m: Classifier) => cleanQuality(m, Xtest, ytest, o.classes, o.benignClass).macroF1;
  const cleanF1 = q(make().fit(Xtrain, ytrain));
  const rates = o.rates.map((rate) => {
    const t0 = performance.now();
    const p = flipLabels(ytrain, rate, o.classes.length, o.seed ?? 0);
    const knn = detectLabelNoise(Xtrain, p.y, { k: o.k ?? 10, agreement: o.agreement ?? 0.5 });
    const knnQ = flagQuality(knn.flagged, p.flipped);
    const cv = detectByCrossValidation(make, Xtrain, p.y, { folds: 3, minProba: 0.2, seed: o.seed });
    const cvQ = flagQuality(cv.flagged, p.flipped);
    const keep = Int32Array.from(Array.from(cv.flagged.keys()).filter((i) => cv.flagged[i] === 0));
    const poisonedF1 = q(make().fit(Xtrain, p.y));
    const cleanedF1 = q(
      make().fit(
        takeRows(Xtrain, keep),
        Int32Array.from(keep, (i) => p.y[i]),
      ),
    );
    return {
      rate,
      flippedRows: p.flipped.reduce((a, b) => a + b, 0),
      detectors: {
        knnDisagreement: {
          method: `k-NN label disagreement (k = ${o.k ?? 10}, flag when < ${o.agreement ?? 0.5} of neighbours agree)`,
          flagged: knnQ.flagged,
          precision: r4(knnQ.precision),
          recall: r4(knnQ.recall),
        },
        crossValidatedConfidence: {
          method: "3-fold out-of-fold prediction != label and P(label) < 0.2, same learner",
          flagged: cvQ.flagged,
          precision: r4(cvQ.precision),
          recall: r4(cvQ.recall),
        },
      },
      macroF1: { poisoned: r4(poisonedF1), cleanedByCrossValidation: r4(cleanedF1) },
      seconds: r4((performance.now() - t0) / 1000),
    };
  });
  return { cleanMacroF1: r4(cleanF1), trainRows: Xtrain.rows, rates };
}

function r4(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1e4) / 1e4;
}
