/**
 * The shared model conformance suite (DESIGN.md convention 2, after scikit-learn's check_estimator).
 * Each model's test file calls `runClassifierConformance("random-forest", () => new RandomForest({...}))`
 * (or the Detector variant); a model is done when it passes. Test-only: imports vitest.
 */
import { describe, expect, it } from "vitest";
import { NotFittedError, VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import type { Classifier, Detector, Estimator } from "./base.js";
import { createModel, isRegistered, loadModel } from "./registry.js";
import { Rng } from "./tree/random.js";

export interface BlobsOptions {
  rows: number;
  cols: number;
  classes: number;
  seed?: number;
  /** Noise standard deviation around each class centre (centres lie in [-5, 5]^cols). */
  spread?: number;
}

/** Gaussian blobs: a small, separable, seeded classification problem. */
export function makeBlobs(o: BlobsOptions): { X: Matrix; y: Int32Array } {
  const rng = new Rng(o.seed ?? 7);
  const spread = o.spread ?? 1;
  const centres = new Float64Array(o.classes * o.cols);
  for (let i = 0; i < centres.length; i++) centres[i] = rng.float() * 10 - 5;
  const data = new Float32Array(o.rows * o.cols);
  const y = new Int32Array(o.rows);
  for (let r = 0; r < o.rows; r++) {
    const k = r % o.classes;
    y[r] = k;
    for (let c = 0; c < o.cols; c++) data[r * o.cols + c] = centres[k * o.cols + c] + spread * rng.normal();
  }
  return { X: { rows: o.rows, cols: o.cols, data }, y };
}

/** Fraction of equal labels. */
export function accuracy(a: Int32Array, b: Int32Array): number {
  let ok = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) ok++;
  return ok / a.length;
}

function withColumns(X: Matrix, cols: number): Matrix {
  return { rows: X.rows, cols, data: new Float32Array(X.rows * cols) };
}

function roundTrip<E extends Estimator>(m: E): E {
  const json = JSON.stringify(m.toArtifact());
  return loadModel<E>(json);
}

function expectThrowsCode(fn: () => unknown, code: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected a VigilError").toBeInstanceOf(VigilError);
  expect((caught as VigilError).code).toBe(code);
}

export interface ClassifierConformanceOptions {
  /** Held-out accuracy required on the separable blobs (default 0.9). */
  minAccuracy?: number;
  /** Absolute tolerance for probabilities (sum to 1; equal after save/load). Default 1e-5. */
  tolerance?: number;
  /** Skip the 1-feature problem / the 7-class problem (say why in the model's test). */
  skipOneFeature?: boolean;
  skipManyClasses?: boolean;
  /** Rows of the training blobs (default 600). */
  rows?: number;
}

/** The classifier contract, as a vitest describe block. `factory` returns a new unfitted, seeded model. */
export function runClassifierConformance(
  name: string,
  factory: () => Classifier,
  options: ClassifierConformanceOptions = {},
): void {
  const tol = options.tolerance ?? 1e-5;
  const minAcc = options.minAccuracy ?? 0.9;
  const rows = options.rows ?? 600;
  // One draw split in two, so train and test share the class centres.
  const both = makeBlobs({ rows: rows + 300, cols: 5, classes: 3, seed: 11 });
  const trainX: Matrix = { rows, cols: 5, data: both.X.data.slice(0, rows * 5) };
  const trainY = both.y.slice(0, rows);
  const testX: Matrix = { rows: 300, cols: 5, data: both.X.data.slice(rows * 5) };
  const testY = both.y.slice(rows);

  describe(`${name}: classifier conformance`, () => {
    it("is registered, and its constructor does no work", () => {
      const m = factory();
      expect(isRegistered(m.kind)).toBe(true);
      expect(m.fitted).toBe(false);
    });

    it("throws NotFittedError before fit", () => {
      const m = factory();
      expect(() => m.predict(testX)).toThrow(NotFittedError);
      expect(() => m.predictProba(testX)).toThrow(NotFittedError);
      expect(() => m.toArtifact()).toThrow(NotFittedError);
    });

    it("fit returns this and learns the classes", () => {
      const m = factory();
      expect(m.fit(trainX, trainY)).toBe(m);
      expect(m.fitted).toBe(true);
      expect(m.nClasses).toBe(3);
    });

    it("predictProba rows are probabilities summing to 1, argmax = predict", () => {
      const m = factory().fit(trainX, trainY);
      const p = m.predictProba(testX);
      const pred = m.predict(testX);
      expect(p.rows).toBe(testX.rows);
      expect(p.cols).toBe(3);
      expect(pred.length).toBe(testX.rows);
      for (let r = 0; r < p.rows; r++) {
        let s = 0;
        let best = 0;
        for (let c = 0; c < p.cols; c++) {
          const v = p.data[r * p.cols + c];
          expect(v).toBeGreaterThanOrEqual(-tol);
          expect(v).toBeLessThanOrEqual(1 + tol);
          s += v;
          if (v > p.data[r * p.cols + best]) best = c;
        }
        expect(Math.abs(s - 1)).toBeLessThan(tol * 10);
        // Ties: the predicted class must have the maximal probability.
        expect(p.data[r * p.cols + pred[r]]).toBeGreaterThanOrEqual(p.data[r * p.cols + best] - tol);
      }
    });

    it("getParams is a copy; clone is unfitted with equal params; createModel(kind, params) agrees", () => {
      const m = factory().fit(trainX, trainY);
      const params = m.getParams() as Record<string, unknown>;
      const c = m.clone();
      expect(c.fitted).toBe(false);
      expect(c.kind).toBe(m.kind);
      expect(c.getParams()).toEqual(params);
      const viaRegistry = createModel(m.kind, params);
      expect(viaRegistry.getParams()).toEqual(params);
      const key = Object.keys(params)[0];
      if (key !== undefined) {
        params[key] = "tampered";
        expect(m.getParams()).not.toEqual(params);
      }
    });

    it("save → JSON → load gives identical predictions", () => {
      const m = factory().fit(trainX, trainY);
      const a = m.toArtifact();
      expect(a.format).toBe("vigil-model");
      expect(a.kind).toBe(m.kind);
      const back = roundTrip(m) as Classifier;
      expect(back.fitted).toBe(true);
      expect(back.nClasses).toBe(m.nClasses);
      expect(Array.from(back.predict(testX))).toEqual(Array.from(m.predict(testX)));
      const p0 = m.predictProba(testX).data;
      const p1 = back.predictProba(testX).data;
      for (let i = 0; i < p0.length; i++) expect(Math.abs(p0[i] - p1[i])).toBeLessThanOrEqual(tol);
      expect(back.getParams()).toEqual(m.getParams());
    });

    it("rejects artifacts of an unknown version", () => {
      const a = factory().fit(trainX, trainY).toArtifact();
      expectThrowsCode(() => loadModel({ ...a, version: 99_999 }), "E_MODEL");
      expectThrowsCode(() => loadModel({ ...a, format: "other" }), "E_MODEL");
    });

    it("is deterministic under its seed", () => {
      const p0 = factory().fit(trainX, trainY).predictProba(testX).data;
      const p1 = factory().fit(trainX, trainY).predictProba(testX).data;
      expect(Array.from(p1)).toEqual(Array.from(p0));
    });

    it(`reaches accuracy >= ${minAcc} on separable blobs`, () => {
      const m = factory().fit(trainX, trainY);
      expect(accuracy(m.predict(testX), testY)).toBeGreaterThanOrEqual(minAcc);
    });

    it.skipIf(options.skipOneFeature === true)("handles one feature and two classes", () => {
      const n = 400;
      const data = new Float32Array(n);
      const y = new Int32Array(n);
      const rng = new Rng(3);
      for (let i = 0; i < n; i++) {
        y[i] = i % 2;
        data[i] = (y[i] === 1 ? 2 : -2) + 0.5 * rng.normal();
      }
      const X: Matrix = { rows: n, cols: 1, data };
      const m = factory().fit(X, y);
      expect(m.nClasses).toBe(2);
      expect(m.predictProba(X).cols).toBe(2);
      expect(accuracy(m.predict(X), y)).toBeGreaterThanOrEqual(minAcc);
    });

    it.skipIf(options.skipManyClasses === true)("handles many classes (7)", () => {
      const all = makeBlobs({ rows: 1400, cols: 6, classes: 7, seed: 5, spread: 0.6 });
      const trX: Matrix = { rows: 1050, cols: 6, data: all.X.data.slice(0, 1050 * 6) };
      const teX: Matrix = { rows: 350, cols: 6, data: all.X.data.slice(1050 * 6) };
      const m = factory().fit(trX, all.y.slice(0, 1050));
      expect(m.nClasses).toBe(7);
      expect(m.predictProba(teX).cols).toBe(7);
      expect(accuracy(m.predict(teX), all.y.slice(1050))).toBeGreaterThanOrEqual(minAcc - 0.05);
    });

    it("rejects a matrix with the wrong number of columns", () => {
      const m = factory().fit(trainX, trainY);
      expectThrowsCode(() => m.predict(withColumns(testX, 4)), "E_SCHEMA");
      expectThrowsCode(() => m.predictProba(withColumns(testX, 6)), "E_SCHEMA");
    });

    it("rejects labels that do not match the rows", () => {
      expectThrowsCode(() => factory().fit(trainX, trainY.slice(0, 10)), "E_SCHEMA");
    });
  });
}

export interface DetectorConformanceOptions {
  /** Required ROC AUC of scores for planted outliers vs inliers (default 0.9). */
  minAuc?: number;
  tolerance?: number;
}

/** Probability that a random outlier scores above a random inlier (ties count half). */
export function rankAuc(scores: ArrayLike<number>, isPositive: (i: number) => boolean): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (isPositive(idx[k])) {
        pos++;
        rankSum += avgRank;
      } else neg++;
    }
    i = j + 1;
  }
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** The detector contract: higher score = more anomalous. `factory` returns a new unfitted, seeded model. */
export function runDetectorConformance(
  name: string,
  factory: () => Detector,
  options: DetectorConformanceOptions = {},
): void {
  const tol = options.tolerance ?? 1e-6;
  const minAuc = options.minAuc ?? 0.9;
  const rng = new Rng(21);
  const cols = 4;
  const nTrain = 500;
  const train = new Float32Array(nTrain * cols);
  for (let i = 0; i < train.length; i++) train[i] = rng.normal();
  const trainX: Matrix = { rows: nTrain, cols, data: train };
  const nIn = 200;
  const nOut = 20;
  const test = new Float32Array((nIn + nOut) * cols);
  for (let i = 0; i < nIn * cols; i++) test[i] = rng.normal();
  for (let i = nIn * cols; i < test.length; i++)
    test[i] = (rng.float() < 0.5 ? -1 : 1) * (5 + 2 * rng.float());
  const testX: Matrix = { rows: nIn + nOut, cols, data: test };

  describe(`${name}: detector conformance`, () => {
    it("is registered, and its constructor does no work", () => {
      const m = factory();
      expect(isRegistered(m.kind)).toBe(true);
      expect(m.fitted).toBe(false);
    });

    it("throws NotFittedError before fit", () => {
      const m = factory();
      expect(() => m.score(testX)).toThrow(NotFittedError);
      expect(() => m.toArtifact()).toThrow(NotFittedError);
    });

    it("fit returns this; one finite score per row", () => {
      const m = factory();
      expect(m.fit(trainX)).toBe(m);
      expect(m.fitted).toBe(true);
      const s = m.score(testX);
      expect(s.length).toBe(testX.rows);
      for (const v of s) expect(Number.isFinite(v)).toBe(true);
    });

    it("getParams is a copy; clone is unfitted with equal params; createModel(kind, params) agrees", () => {
      const m = factory().fit(trainX);
      const params = m.getParams() as Record<string, unknown>;
      const c = m.clone();
      expect(c.fitted).toBe(false);
      expect(c.getParams()).toEqual(params);
      expect(createModel(m.kind, params).getParams()).toEqual(params);
    });

    it("save → JSON → load gives identical scores", () => {
      const m = factory().fit(trainX);
      const back = roundTrip(m) as Detector;
      const s0 = m.score(testX);
      const s1 = back.score(testX);
      for (let i = 0; i < s0.length; i++) expect(Math.abs(s0[i] - s1[i])).toBeLessThanOrEqual(tol);
    });

    it("is deterministic under its seed", () => {
      const s0 = factory().fit(trainX).score(testX);
      const s1 = factory().fit(trainX).score(testX);
      expect(Array.from(s1)).toEqual(Array.from(s0));
    });

    it(`scores planted outliers above inliers (AUC >= ${minAuc})`, () => {
      const s = factory().fit(trainX).score(testX);
      expect(rankAuc(s, (i) => i >= nIn)).toBeGreaterThanOrEqual(minAuc);
    });

    it("rejects a matrix with the wrong number of columns", () => {
      const m = factory().fit(trainX);
      expectThrowsCode(() => m.score(withColumns(testX, cols + 1)), "E_SCHEMA");
    });
  });
}
