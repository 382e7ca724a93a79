import { describe, expect, it } from "vitest";
import type { Matrix } from "../../table/matrix.js";
import { loadModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { IsolationForest } from "./isolation-forest.js";
import { averagePathLength } from "./isolation-tree.js";

describe("isolation forest", () => {
  it("c(n) matches scikit-learn's _average_path_length", () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    // 2 (ln 255 + gamma) - 2 * 255 / 256, as numpy computes it
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 12);
    expect(averagePathLength(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649015329) - 4 / 3, 14);
  });

  it("scores identical rows 0.5 exactly (the root is a leaf: E[h] = c(n))", () => {
    const X: Matrix = { rows: 50, cols: 3, data: new Float32Array(150).fill(2) };
    const s = new IsolationForest({ nEstimators: 10 }).fit(X).score(X);
    for (const v of s) expect(v).toBeCloseTo(0.5, 12);
  });

  it("draws min(256, n) rows per tree and grows to depth ceil(log2 psi)", () => {
    const rng = new Rng(1);
    const n = 3000;
    const X: Matrix = { rows: n, cols: 2, data: Float32Array.from({ length: n * 2 }, () => rng.normal()) };
    const m = new IsolationForest({ nEstimators: 20, seed: 1 }).fit(X);
    const f = m.flatForest;
    expect(f.roots.length).toBe(20);
    // every tree has at most 2 * 256 - 1 nodes; leaf path lengths are depth (<= 8) + c(leaf rows)
    for (let t = 0; t < 20; t++) {
      const end = t + 1 < 20 ? f.roots[t + 1] : f.nNodes;
      expect(end - f.roots[t]).toBeLessThanOrEqual(511);
    }
    let maxLeaf = 0;
    for (let i = 0; i < f.nNodes; i++) if (f.feature[i] < 0) maxLeaf = Math.max(maxLeaf, f.value[i]);
    expect(maxLeaf).toBeLessThanOrEqual(8 + averagePathLength(256));
    expect(maxLeaf).toBeGreaterThan(8);
  });

  it("isolates a far point: score above 0.6, inliers below 0.5 on average", () => {
    const rng = new Rng(2);
    const n = 1000;
    const data = Float32Array.from({ length: n * 2 }, () => rng.normal());
    data[0] = 12;
    data[1] = -12;
    const X: Matrix = { rows: n, cols: 2, data };
    const s = new IsolationForest({ seed: 3 }).fit(X).score(X);
    expect(s[0]).toBeGreaterThan(0.6);
    let m = 0;
    for (let i = 1; i < n; i++) m += s[i];
    expect(m / (n - 1)).toBeLessThan(0.5);
    const paths = new IsolationForest({ seed: 3 }).fit(X).pathLengths(X);
    expect(paths[0]).toBeLessThan(paths[1]);
  });

  it("different seeds give different forests; the artifact keeps the exact trees", () => {
    const rng = new Rng(4);
    const X: Matrix = { rows: 500, cols: 3, data: Float32Array.from({ length: 1500 }, () => rng.normal()) };
    const a = new IsolationForest({ seed: 1 }).fit(X);
    const b = new IsolationForest({ seed: 2 }).fit(X);
    expect(Array.from(a.score(X))).not.toEqual(Array.from(b.score(X)));
    const back = loadModel<IsolationForest>(JSON.parse(JSON.stringify(a.toArtifact())));
    expect(Array.from(back.score(X))).toEqual(Array.from(a.score(X)));
  });

  it("rejects NaN with the record and column, bad params with E_CONFIG, and corrupt artifacts with E_MODEL", () => {
    const X: Matrix = { rows: 3, cols: 2, data: Float32Array.from([1, 2, 3, Number.NaN, 5, 6]) };
    expect(() => new IsolationForest().fit(X)).toThrow(/record=1 field=column 1/);
    expect(() => new IsolationForest({ maxSamples: 2.5 })).not.toThrow();
    const ok: Matrix = { rows: 10, cols: 1, data: Float32Array.from({ length: 10 }, (_, i) => i) };
    expect(() => new IsolationForest({ maxSamples: 2.5 }).fit(ok)).toThrow(/maxSamples/);
    const art = new IsolationForest({ nEstimators: 2 }).fit(ok).toArtifact();
    const bad = { ...art, state: { ...art.state, nFeatures: 0 } };
    expect(() => loadModel(bad)).toThrow(/feature/);
  });
});
