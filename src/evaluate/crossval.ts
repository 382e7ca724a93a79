/**
 * k-fold cross-validation of a classifier spec ({ kind, params } built through the model registry, or
 * a factory): stratified folds (src/datasets/splits.ts stratifiedKFold), or grouped folds when
 * `groups` is given (groupKFold: no group on both sides). Each fold fits a fresh model on its training
 * rows only (so any class weighting or preprocessing in a Pipeline is learned inside the fold) and
 * reports on its test rows. The summary gives mean and standard deviation (population, ddof = 0, as
 * numpy's std) over folds of each headline metric.
 * `resampleTraining` (optional) re-samples each fold's training rows before the fit (SMOTE and the other
 * samplers of src/augment): it sees the training rows only, so no synthetic row reaches a test fold.
 */
import { groupKFold, type Split, stratifiedKFold } from "../datasets/splits.js";
import type { Classifier } from "../models/base.js";
import { createModel } from "../models/registry.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import { type ClassificationReport, classificationReport } from "./report.js";
import { timeFit } from "./timing.js";

export interface ModelSpec {
  kind: string;
  params?: Record<string, unknown>;
}

export type ModelFactory = () => Classifier;

export function factoryOf(spec: ModelSpec | ModelFactory): ModelFactory {
  return typeof spec === "function" ? spec : () => createModel<Classifier>(spec.kind, spec.params ?? {});
}

export interface CvOptions {
  folds?: number;
  /** Group per row: grouped k-fold instead of stratified. */
  groups?: Int32Array;
  seed?: number;
  classes: string[];
  benignClass?: number;
  targetFpr?: number;
  /** Applied to each fold's training rows (never its test rows) before the fit: augmentation. */
  resampleTraining?: TrainingResampler;
}

/** Returns the rows a fold's model is fitted on, made from that fold's training rows only. */
export type TrainingResampler = (X: Matrix, y: Int32Array, fold: number) => { X: Matrix; y: Int32Array };

export interface FoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  fitSeconds: number;
  report: ClassificationReport;
}

export interface MeanStd {
  mean: number;
  std: number;
}

export const SUMMARY_METRICS = [
  "macroF1",
  "weightedF1",
  "macroRecall",
  "accuracy",
  "falsePositiveRate",
  "attackDetectionRate",
  "rocAucMacro",
  "prAucMacro",
] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export interface CvResult {
  folds: FoldResult[];
  summary: Record<SummaryMetric | "fitSeconds", MeanStd | null>;
}

export function splitsFor(
  y: Int32Array,
  options: { folds?: number; groups?: Int32Array; seed?: number },
): Split[] {
  const k = options.folds ?? 5;
  return options.groups !== undefined
    ? groupKFold(options.groups, { k, seed: options.seed ?? 0 })
    : stratifiedKFold(y, { k, seed: options.seed ?? 0 });
}

export function meanStd(values: number[]): MeanStd | null {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std };
}

export function crossValidate(
  spec: ModelSpec | ModelFactory,
  X: Matrix,
  y: Int32Array,
  options: CvOptions,
): CvResult {
  const make = factoryOf(spec);
  const folds: FoldResult[] = [];
  splitsFor(y, options).forEach((split, fold) => {
    const model = make();
    let Xtr = takeRows(X, split.train);
    let ytr: Int32Array = Int32Array.from(split.train, (i) => y[i]);
    if (options.resampleTraining !== undefined)
      ({ X: Xtr, y: ytr } = options.resampleTraining(Xtr, ytr, fold));
    const fitSeconds = timeFit(model, Xtr, ytr);
    const Xte = takeRows(X, split.test);
    const yte = Int32Array.from(split.test, (i) => y[i]);
    const proba = model.predictProba(Xte);
    const report = classificationReport(
      yte,
      model.predict(Xte),
      padProba(proba, options.classes.length),
      options,
    );
    folds.push({ fold, trainRows: Xtr.rows, testRows: split.test.length, fitSeconds, report });
  });
  const summary = {} as CvResult["summary"];
  for (const m of SUMMARY_METRICS)
    summary[m] = meanStd(folds.map((f) => (f.report[m] as number | null) ?? Number.NaN));
  summary.fitSeconds = meanStd(folds.map((f) => f.fitSeconds));
  return { folds, summary };
}

/**
 * Probabilities widened to `k` columns (zeros) when a model saw fewer classes in a fold than the data
 * has (a rare class absent from a training fold).
 */
export function padProba(p: Matrix, k: number): Matrix {
  if (p.cols === k) return p;
  const out = new Float32Array(p.rows * k);
  for (let r = 0; r < p.rows; r++)
    for (let c = 0; c < Math.min(p.cols, k); c++) out[r * k + c] = p.data[r * p.cols + c];
  return { rows: p.rows, cols: k, data: out };
}
