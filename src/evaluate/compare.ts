/**
 * Compares several learners on one data set: either one stratified train/test split
 * (src/datasets/splits.ts, `testFraction`, seeded) with timings, or k-fold cross-validation (mean and
 * std of the metrics; timings from the first fold). An optional stratified subsample (`sample` rows,
 * each class keeping its share, at least one row) runs before splitting, for slow machines.
 * Returns a table of rows, one per learner; ./compare-report.ts renders it.
 */
import { stratifiedTrainTestSplit } from "../datasets/splits.js";
import type { Classifier } from "../models/base.js";
import { createModel } from "../models/registry.js";
import { Rng } from "../models/tree/random.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import { type CvResult, crossValidate, type MeanStd, type ModelSpec, padProba } from "./crossval.js";
import { type ClassificationReport, classificationReport, findBenignClass } from "./report.js";
import { type ModelTiming, timeFit, timeInference } from "./timing.js";

export interface CompareInput {
  X: Matrix;
  y: Int32Array;
  classes: string[];
  featureNames?: string[];
}

export interface CompareOptions {
  learners: { name: string; spec: ModelSpec }[];
  /** k >= 2: cross-validation; otherwise one split. */
  folds?: number;
  testFraction?: number;
  sample?: number;
  seed?: number;
  targetFpr?: number;
  /** Called after each learner (progress). */
  onLearner?: (row: CompareRow) => void;
}

export interface CompareRow {
  name: string;
  spec: ModelSpec;
  report: ClassificationReport;
  timing: ModelTiming;
  /** With cross-validation: mean and std of the headline metrics. */
  cv?: CvResult["summary"];
  error?: string;
}

export interface CompareResult {
  rows: number;
  trainRows: number;
  testRows: number;
  features: number;
  classes: string[];
  classCounts: number[];
  benignClass: string | null;
  protocol: string;
  seed: number;
  results: CompareRow[];
}

/** A stratified subsample of about `n` rows (each class floor(share) rows, at least 1), ascending. */
export function stratifiedSample(y: Int32Array, n: number, seed: number): Int32Array {
  if (n >= y.length) return Int32Array.from(y.keys());
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > k) k = y[i] + 1;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const rng = new Rng(seed);
  const out: number[] = [];
  for (const rows of byClass) {
    if (rows.length === 0) continue;
    const take = Math.max(1, Math.floor((rows.length * n) / y.length));
    for (let t = 0; t < take; t++) {
      const j = t + rng.int(rows.length - t);
      const tmp = rows[t];
      rows[t] = rows[j];
      rows[j] = tmp;
      out.push(rows[t]);
    }
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

const counts = (y: Int32Array, k: number): number[] => {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
};

export function runComparison(input: CompareInput, options: CompareOptions): CompareResult {
  const seed = options.seed ?? 0;
  let { X, y } = input;
  if (options.sample !== undefined && options.sample < y.length) {
    const idx = stratifiedSample(y, options.sample, seed);
    X = takeRows(X, idx);
    y = Int32Array.from(idx, (i) => y[i]);
  }
  const k = input.classes.length;
  const benign = findBenignClass(input.classes);
  const reportOpts = { classes: input.classes, benignClass: benign, targetFpr: options.targetFpr };
  const split = stratifiedTrainTestSplit(y, { testFraction: options.testFraction ?? 0.25, seed });
  const Xtr = takeRows(X, split.train);
  const ytr = Int32Array.from(split.train, (i) => y[i]);
  const Xte = takeRows(X, split.test);
  const yte = Int32Array.from(split.test, (i) => y[i]);
  const cvFolds = options.folds !== undefined && options.folds >= 2 ? options.folds : undefined;
  const results: CompareRow[] = [];
  for (const learner of options.learners) {
    let row: CompareRow;
    try {
      const model = createModel<Classifier>(learner.spec.kind, learner.spec.params ?? {});
      const fitSeconds = timeFit(model, Xtr, ytr);
      const report = classificationReport(
        yte,
        model.predict(Xte),
        padProba(model.predictProba(Xte), k),
        reportOpts,
      );
      const timing = { fitSeconds, ...timeInference(model, Xte) };
      row = { name: learner.name, spec: learner.spec, report, timing };
      if (cvFolds !== undefined)
        row.cv = crossValidate(learner.spec, X, y, { ...reportOpts, folds: cvFolds, seed }).summary;
    } catch (e) {
      row = {
        name: learner.name,
        spec: learner.spec,
        report: classificationReport(yte, new Int32Array(yte.length), undefined, reportOpts),
        timing: {
          fitSeconds: Number.NaN,
          batchRowsPerSecond: Number.NaN,
          singleRowMicros: Number.NaN,
          artifactBytes: Number.NaN,
        },
        error: e instanceof Error ? e.message : String(e),
      };
    }
    results.push(row);
    options.onLearner?.(row);
  }
  return {
    rows: y.length,
    trainRows: split.train.length,
    testRows: split.test.length,
    features: X.cols,
    classes: input.classes,
    classCounts: counts(y, k),
    benignClass: benign === undefined ? null : input.classes[benign],
    protocol:
      `stratified ${Math.round((1 - (options.testFraction ?? 0.25)) * 100)}/${Math.round((options.testFraction ?? 0.25) * 100)} train/test split, seed ${seed}` +
      (cvFolds !== undefined ? `; plus stratified ${cvFolds}-fold cross-validation (mean ± std)` : "") +
      (options.sample !== undefined && options.sample < input.y.length
        ? `; stratified subsample of ${y.length} of ${input.y.length} rows`
        : ""),
    seed,
    results,
  };
}

export type { MeanStd };
