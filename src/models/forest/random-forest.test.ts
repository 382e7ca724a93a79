import { describe, expect, it } from "vitest";
import { makeBlobs, runClassifierConformance } from "../conformance.js";
import { ExtraTreesClassifier } from "./extra-trees.js";
import { RandomForestClassifier } from "./random-forest.js";

runClassifierConformance("random-forest", () => new RandomForestClassifier({ nEstimators: 20, seed: 3 }));
runClassifierConformance("extra-trees", () => new ExtraTreesClassifier({ nEstimators: 20, seed: 4 }));

describe("random-forest specifics", () => {
  const { X, y } = makeBlobs({ rows: 1500, cols: 8, classes: 4, seed: 9, spread: 2.5 });

  it("is the same forest for any number of worker threads", () => {
    const a = new RandomForestClassifier({ nEstimators: 8, seed: 5, nJobs: 1 }).fit(X, y);
    const b = new RandomForestClassifier({ nEstimators: 8, seed: 5, nJobs: 2 }).fit(X, y);
    expect(Array.from(b.predictProba(X).data)).toEqual(Array.from(a.predictProba(X).data));
  });

  it("differs under a different seed", () => {
    const a = new RandomForestClassifier({ nEstimators: 5, seed: 1 }).fit(X, y);
    const b = new RandomForestClassifier({ nEstimators: 5, seed: 2 }).fit(X, y);
    expect(Array.from(b.predictProba(X).data)).not.toEqual(Array.from(a.predictProba(X).data));
  });

  it("importances are non-negative and sum to 1", () => {
    const imp = new RandomForestClassifier({ nEstimators: 10 }).fit(X, y).featureImportances();
    expect(imp.length).toBe(8);
    let s = 0;
    for (const v of imp) {
      expect(v).toBeGreaterThanOrEqual(0);
      s += v;
    }
    expect(s).toBeCloseTo(1, 9);
  });

  it("a noise feature gets less importance than informative ones", () => {
    const n = 1000;
    const d = new Float32Array(n * 2);
    const yy = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      yy[i] = i % 2;
      d[i * 2] = yy[i] + ((i * 13) % 10) / 20;
      d[i * 2 + 1] = ((i * 7919) % 1000) / 1000;
    }
    const imp = new RandomForestClassifier({ nEstimators: 10, maxFeatures: null, maxDepth: 3 })
      .fit({ rows: n, cols: 2, data: d }, yy)
      .featureImportances();
    expect(imp[0]).toBeGreaterThan(imp[1]);
  });
});
