/**
 * The robustness suite behind `vigil robustness` and `npm run bench:robust`: for one model and one
 * train/test split,
 * 1. clean quality on the test rows (macro-F1, per-class recall);
 * 2. attack success rate versus budget, per class, for each attack (./robustness.ts) on test rows;
 * 3. feature squeezing (./squeeze.ts): threshold calibrated on clean TRAINING rows at `squeezeFpr`,
 *    then the share of successful adversarial rows flagged and the false-positive share of clean test rows;
 * 4. adversarial training (./adversarial-training.ts) on the training rows with `trainingAttack`, then
 *    clean quality and the same attacks re-run against the new model (an adaptive attacker).
 */

import { padProba } from "../evaluate/crossval.js";
import { classificationReport } from "../evaluate/report.js";
import type { Classifier } from "../models/base.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import { adversarialTraining } from "./adversarial-training.js";
import type { EvasionAttack } from "./attack.js";
import type { ThreatModel } from "./constraints.js";
import { evaluateRobustness, type RobustnessResult, rowsToAttack } from "./robustness.js";
import { FeatureSqueezer } from "./squeeze.js";

export interface SuiteInput {
  make: () => Classifier;
  /** The model to attack (fitted on Xtrain); fitted here from `make` when absent. */
  fitted?: Classifier;
  Xtrain: Matrix;
  ytrain: Int32Array;
  Xtest: Matrix;
  ytest: Int32Array;
  classes: string[];
  benignClass: number;
  tm: ThreatModel;
  attacks: EvasionAttack[];
  trainingAttack: EvasionAttack;
  budgets: number[];
  maxRowsPerClass: number;
  advTrainRowsPerClass: number;
  squeezeFpr?: number;
  /** Grid of the squeezer (./squeeze.ts); default 4 steps per doubling. */
  squeezeBinsPerOctave?: number;
  seed?: number;
}

export interface CleanQuality {
  macroF1: number;
  perClassRecall: Record<string, number>;
}

export interface SquozenOutcome {
  eps: number;
  attack: string;
  adversarialRows: number;
  flagged: number;
  detectionRate: number | null;
}

export interface SuiteResult {
  clean: CleanQuality;
  before: RobustnessResult;
  squeezing: {
    binsPerOctave: number;
    threshold: number;
    cleanTestFpr: number;
    outcomes: SquozenOutcome[];
  } | null;
  adversarialTraining: {
    addedRows: number[];
    trainRows: number;
    clean: CleanQuality;
    after: RobustnessResult;
  };
  seconds: number;
}

export function cleanQuality(
  model: Classifier,
  X: Matrix,
  y: Int32Array,
  classes: string[],
  benign: number,
): CleanQuality {
  const rep = classificationReport(y, model.predict(X), padProba(model.predictProba(X), classes.length), {
    classes,
    benignClass: benign,
  });
  const perClassRecall: Record<string, number> = {};
  for (const c of rep.perClass) perClassRecall[c.name] = round(c.recall);
  return { macroF1: round(rep.macroF1), perClassRecall };
}

export function runRobustnessSuite(s: SuiteInput): SuiteResult {
  const t0 = performance.now();
  const model = s.fitted ?? s.make().fit(s.Xtrain, s.ytrain);
  const opts = {
    tm: s.tm,
    attacks: s.attacks,
    budgets: s.budgets,
    benignClass: s.benignClass,
    classes: s.classes,
    maxRowsPerClass: s.maxRowsPerClass,
    seed: s.seed,
  };
  const clean = cleanQuality(model, s.Xtest, s.ytest, s.classes, s.benignClass);
  const before = evaluateRobustness(model, s.Xtest, s.ytest, opts);
  const squeezing = s.squeezeFpr !== undefined ? squeezeDefence(model, s, s.squeezeFpr) : null;
  const at = adversarialTraining(s.make, s.Xtrain, s.ytrain, {
    tm: s.tm,
    attack: s.trainingAttack,
    budgets: s.budgets,
    benignClass: s.benignClass,
    maxRowsPerClass: s.advTrainRowsPerClass,
    seed: s.seed,
  });
  const after = evaluateRobustness(at.model, s.Xtest, s.ytest, opts);
  return {
    clean,
    before,
    squeezing,
    adversarialTraining: {
      addedRows: at.addedRows,
      trainRows: at.trainRows,
      clean: cleanQuality(at.model, s.Xtest, s.ytest, s.classes, s.benignClass),
      after,
    },
    seconds: round((performance.now() - t0) / 1000, 1),
  };
}

/** Calibrates a squeezer on clean training rows, then measures it on adversarial test rows per attack and budget. */
function squeezeDefence(model: Classifier, s: SuiteInput, fpr: number): SuiteResult["squeezing"] {
  const sq = new FeatureSqueezer(s.tm, s.squeezeBinsPerOctave ?? 4);
  const step = Math.max(1, Math.floor(s.Xtrain.rows / 4000));
  const calib = takeRows(
    s.Xtrain,
    Int32Array.from({ length: Math.floor(s.Xtrain.rows / step) }, (_, i) => i * step),
  );
  const threshold = sq.calibrate(model, calib, fpr);
  const flaggedClean = sq.detect(model, s.Xtest).reduce((a, b) => a + b, 0);
  const pred = model.predict(s.Xtest);
  const idx = rowsToAttack(s.ytest, pred, s.benignClass, s.maxRowsPerClass, s.seed ?? 0);
  const X0 = takeRows(s.Xtest, idx);
  const outcomes: SquozenOutcome[] = [];
  for (const attack of s.attacks) {
    for (const eps of s.budgets) {
      const res = attack.run(model, X0, s.tm, { eps, target: s.benignClass, seed: s.seed });
      const ok = Int32Array.from(Array.from(res.evaded.keys()).filter((r) => res.evaded[r] === 1));
      const flagged = ok.length > 0 ? sq.detect(model, takeRows(res.X, ok)).reduce((a, b) => a + b, 0) : 0;
      outcomes.push({
        eps,
        attack: attack.name,
        adversarialRows: ok.length,
        flagged,
        detectionRate: ok.length > 0 ? round(flagged / ok.length) : null,
      });
    }
  }
  return {
    binsPerOctave: sq.binsPerOctave,
    threshold: round(threshold, 6),
    cleanTestFpr: round(flaggedClean / s.Xtest.rows),
    outcomes,
  };
}

function round(v: number, d = 4): number {
  const p = 10 ** d;
  return Math.round(v * p) / p;
}
