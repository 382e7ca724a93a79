import { describe, expect, it } from "vitest";
import { makeBlobs } from "../models/conformance.js";
import "./learners.js";
import { LogisticRegression } from "../models/linear/logistic.js";
import { crossValidate, meanStd } from "./crossval.js";
import { classificationReport, findBenignClass } from "./report.js";
import { gridCandidates, gridSearch, randomCandidates, randomSearch } from "./search.js";
import { timeFit, timeInference } from "./timing.js";

const classes = ["normal", "dos", "scan"];
const { X, y } = makeBlobs({ rows: 300, cols: 4, classes: 3, seed: 2, spread: 2.5 });

describe("classificationReport", () => {
  it("reports per-class recall, FPR and the fixed-FPR operating point (hand-computed)", () => {
    const yt = Int32Array.from([0, 0, 0, 0, 1, 1, 2, 2]);
    const yp = Int32Array.from([0, 0, 0, 1, 1, 0, 2, 2]);
    const r = classificationReport(yt, yp, undefined, { classes, benignClass: 0 });
    expect(r.falsePositiveRate).toBeCloseTo(0.25, 12);
    expect(r.attackDetectionRate).toBeCloseTo(0.75, 12);
    expect(r.perClass.map((c) => c.recall)).toEqual([0.75, 0.5, 1]);
    expect(r.confusion[0]).toEqual([3, 1, 0]);
    expect(r.atFpr).toBeNull();
    expect(findBenignClass(["DoS", "Normal"])).toBe(1);
    expect(findBenignClass(["a", "b"])).toBeUndefined();
  });
});

describe("crossValidate", () => {
  it("gives one report per fold and mean/std over folds", () => {
    const cv = crossValidate({ kind: "gaussian-nb" }, X, y, { folds: 4, classes, benignClass: 0, seed: 1 });
    expect(cv.folds).toHaveLength(4);
    expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(300);
    const f1s = cv.folds.map((f) => f.report.macroF1);
    expect(cv.summary.macroF1?.mean).toBeCloseTo(f1s.reduce((a, b) => a + b) / 4, 12);
    expect(cv.summary.macroF1?.mean).toBeGreaterThan(0.6);
    expect(cv.summary.falsePositiveRate).not.toBeNull();
    expect(meanStd([1, 3])).toEqual({ mean: 2, std: 1 });
  });

  it("keeps every group on one side with grouped folds", () => {
    const groups = Int32Array.from({ length: 300 }, (_, i) => i % 10);
    const cv = crossValidate({ kind: "gaussian-nb" }, X, y, { folds: 5, groups, classes });
    expect(cv.folds.reduce((s, f) => s + f.testRows, 0)).toBe(300);
  });
});

describe("search", () => {
  it("enumerates grids and draws seeded random candidates", () => {
    expect(gridCandidates({ a: [1, 2], b: ["x", "y", "z"] })).toHaveLength(6);
    const r1 = randomCandidates({ C: { logUniform: [0.01, 100] }, k: { int: [1, 3] }, w: ["a", "b"] }, 20, 4);
    const r2 = randomCandidates({ C: { logUniform: [0.01, 100] }, k: { int: [1, 3] }, w: ["a", "b"] }, 20, 4);
    expect(r1).toEqual(r2);
    for (const c of r1) {
      expect(c.C as number).toBeGreaterThanOrEqual(0.01);
      expect(c.C as number).toBeLessThanOrEqual(100);
      expect([1, 2, 3]).toContain(c.k);
    }
    expect(() => gridCandidates({ a: [] })).toThrow(/non-empty/);
  });

  it("ranks a sensible k-NN above a degenerate one", () => {
    const res = gridSearch("knn", {}, { k: [1, 150] }, X, y, { folds: 3, classes });
    expect(res.candidates).toHaveLength(2);
    expect(res.best.rank).toBe(1);
    expect(res.best.mean).toBeGreaterThanOrEqual(res.candidates[1].mean);
    const rs = randomSearch("logistic-regression", {}, { C: { logUniform: [0.01, 10] } }, 2, X, y, {
      folds: 3,
      classes,
      seed: 2,
    });
    expect(rs.candidates).toHaveLength(2);
  });
});

describe("timing", () => {
  it("measures fit, throughput, latency and artifact size", () => {
    const m = new LogisticRegression();
    expect(timeFit(m, X, y)).toBeGreaterThan(0);
    const t = timeInference(m, X, { minSeconds: 0.01, latencyRows: 20 });
    expect(t.batchRowsPerSecond).toBeGreaterThan(0);
    expect(t.singleRowMicros).toBeGreaterThan(0);
    expect(t.artifactBytes).toBe(Buffer.byteLength(JSON.stringify(m.toArtifact())));
  });
});
