import { describe, expect, it } from "vitest";
import { runClassifierConformance } from "../conformance.js";
import { DecisionTreeClassifier } from "./decision-tree.js";

runClassifierConformance("decision-tree", () => new DecisionTreeClassifier({ maxDepth: 8, seed: 1 }));
runClassifierConformance("decision-tree (entropy, random splitter)", () => {
  return new DecisionTreeClassifier({ criterion: "entropy", splitter: "random", seed: 2 });
});

describe("decision-tree specifics", () => {
  // XOR of two unbalanced features: two levels separate it exactly.
  const n = 400;
  const data = new Float32Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = i % 3 === 0 ? 1 : 0;
    const b = (i >> 1) % 2;
    data[i * 3] = a + 0.01 * (i % 7);
    data[i * 3 + 1] = b - 0.01 * (i % 5);
    data[i * 3 + 2] = (i * 37) % 11; // noise
    y[i] = a ^ b;
  }
  const X = { rows: n, cols: 3, data };

  it("learns XOR exactly, with the noise feature unimportant", () => {
    const m = new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y);
    expect(Array.from(m.predict(X))).toEqual(Array.from(y));
    const imp = m.featureImportances();
    expect(imp[0] + imp[1]).toBeGreaterThan(0.9);
    expect(Math.abs(imp[0] + imp[1] + imp[2] - 1)).toBeLessThan(1e-9);
  });

  it("honours maxDepth (depth 1 = a stump with 3 nodes)", () => {
    const m = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y);
    expect(m.trees().feature.length).toBe(3);
  });

  it("honours minSamplesLeaf", () => {
    const m = new DecisionTreeClassifier({ minSamplesLeaf: 150 }).fit(X, y);
    const e = m.trees();
    for (let i = 0; i < e.feature.length; i++) {
      if (e.feature[i] < 0) expect(e.cover[i]).toBeGreaterThanOrEqual(150);
    }
  });

  it("cover of a node is the sum of its children's (TreeSHAP needs it)", () => {
    const m = new DecisionTreeClassifier({ maxDepth: 4 }).fit(X, y);
    const e = m.trees();
    expect(e.cover[0]).toBe(n);
    for (let i = 0; i < e.feature.length; i++) {
      if (e.feature[i] >= 0) expect(e.cover[e.left[i]] + e.cover[e.right[i]]).toBeCloseTo(e.cover[i], 3);
    }
  });

  it("balanced class weights shift predictions towards a rare class", () => {
    // 95 % class 0 overlapping 5 % class 1 on one feature.
    const m = 2000;
    const d = new Float32Array(m);
    const yy = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      yy[i] = i % 20 === 0 ? 1 : 0;
      d[i] = (yy[i] === 1 ? 0.6 : 0.4) + ((i * 7919) % 1000) / 1000 - 0.5;
    }
    const XX = { rows: m, cols: 1, data: d };
    const plain = new DecisionTreeClassifier({ maxDepth: 2 }).fit(XX, yy).predict(XX);
    const bal = new DecisionTreeClassifier({ maxDepth: 2, classWeight: "balanced" }).fit(XX, yy).predict(XX);
    const count = (p: Int32Array) => p.reduce((s, v) => s + v, 0);
    expect(count(bal)).toBeGreaterThan(count(plain));
  });

  it("sends NaN right, as x <= t does", () => {
    const d = new Float32Array([1, 2, 3, 4, Number.NaN, Number.NaN]);
    const yy = new Int32Array([0, 0, 0, 0, 1, 1]);
    const m = new DecisionTreeClassifier().fit({ rows: 6, cols: 1, data: d }, yy);
    expect(Array.from(m.predict({ rows: 6, cols: 1, data: d }))).toEqual(Array.from(yy));
  });

  it("rejects bad params with E_CONFIG", () => {
    expect(() => new DecisionTreeClassifier({ maxDepth: -1 })).toThrow(/maxDepth/);
    expect(() => new DecisionTreeClassifier({ bogus: 1 } as never)).toThrow();
  });
});
