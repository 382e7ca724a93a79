/**
 * One model's detection quality on labelled rows, as a JSON-safe report: macro and weighted F1,
 * per-class precision / recall / F1 / support, the false-positive rate (benign rows flagged as any
 * attack) and attack detection rate at the model's own decision (arg-max), one-vs-rest ROC-AUC and
 * PR-AUC (average precision), and, with a benign class, the detection rate at a fixed benign FPR using
 * the attack score 1 - P(benign) (threshold convention: see ./ranking.ts). Accuracy is included but
 * never reported alone.
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import {
  accuracyFromConfusion,
  attackDetectionRate,
  averagePrecisionOvr,
  confusionMatrix,
  confusionToRows,
  detectionRateAtFpr,
  falsePositiveRate,
  type OperatingPoint,
  precisionRecallF1,
  rocAucOvr,
} from "./metrics.js";

export interface ClassReport {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  rows: number;
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  weightedF1: number;
  perClass: ClassReport[];
  /** Null when no benign class is known. */
  benignClass: string | null;
  falsePositiveRate: number | null;
  attackDetectionRate: number | null;
  rocAucMacro: number | null;
  prAucMacro: number | null;
  /** Detection at a fixed benign FPR, from 1 - P(benign). */
  atFpr: (OperatingPoint & { targetFpr: number }) | null;
  /** Rows = true class, columns = predicted class, in `classes` order. */
  confusion: number[][];
}

export interface ReportOptions {
  classes: string[];
  /** Index of the benign / normal class (see `findBenignClass`). */
  benignClass?: number;
  /** Target FPR of the fixed operating point (default 0.01). */
  targetFpr?: number;
}

/** Index of the class named benign / normal (case-insensitive), or undefined. */
export function findBenignClass(classes: string[]): number | undefined {
  const i = classes.findIndex((c) => /^(benign|normal|background)$/i.test(c.trim()));
  return i < 0 ? undefined : i;
}

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function classificationReport(
  yTrue: Int32Array,
  yPred: Int32Array,
  proba: Matrix | undefined,
  options: ReportOptions,
): ClassificationReport {
  const k = options.classes.length;
  if (proba !== undefined && proba.cols !== k) {
    throw new VigilError("E_SCHEMA", `probabilities have ${proba.cols} columns for ${k} classes`, {
      field: "proba",
    });
  }
  const cm = confusionMatrix(yTrue, yPred, k);
  const s = precisionRecallF1(cm);
  const b = options.benignClass;
  let atFpr: ClassificationReport["atFpr"] = null;
  if (b !== undefined && proba !== undefined) {
    const benign: number[] = [];
    const attack: number[] = [];
    for (let i = 0; i < yTrue.length; i++) {
      const score = 1 - proba.data[i * k + b];
      if (yTrue[i] === b) benign.push(score);
      else attack.push(score);
    }
    const target = options.targetFpr ?? 0.01;
    if (benign.length > 0 && attack.length > 0)
      atFpr = { targetFpr: target, ...detectionRateAtFpr(benign, attack, target) };
  }
  return {
    rows: yTrue.length,
    accuracy: accuracyFromConfusion(cm),
    macroPrecision: s.macro.precision,
    macroRecall: s.macro.recall,
    macroF1: s.macro.f1,
    weightedF1: s.weighted.f1,
    perClass: options.classes.map((name, c) => ({
      name,
      precision: s.precision[c],
      recall: s.recall[c],
      f1: s.f1[c],
      support: s.support[c],
    })),
    benignClass: b === undefined ? null : options.classes[b],
    falsePositiveRate: b === undefined ? null : falsePositiveRate(cm, b),
    attackDetectionRate: b === undefined ? null : attackDetectionRate(cm, b),
    rocAucMacro: proba === undefined ? null : nullIfNaN(rocAucOvr(yTrue, proba).macro),
    prAucMacro: proba === undefined ? null : nullIfNaN(averagePrecisionOvr(yTrue, proba).macro),
    atFpr,
    confusion: confusionToRows(cm),
  };
}
