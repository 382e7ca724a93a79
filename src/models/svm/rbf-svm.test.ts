import { describe, expect, it } from "vitest";
import { matrix } from "../../table/matrix.js";
import { loadModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { LinearSvm } from "./linear-svm.js";
import { fourierFeatures, RbfSvm } from "./rbf-svm.js";

/** Two concentric rings: not linearly separable. */
function rings(n: number, seed: number): { X: ReturnType<typeof matrix>; y: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const r = (y[i] === 0 ? 1 : 3) + 0.3 * rng.normal();
    const a = 2 * Math.PI * rng.float();
    data[2 * i] = r * Math.cos(a);
    data[2 * i + 1] = r * Math.sin(a);
  }
  return { X: matrix(n, 2, data), y };
}

const acc = (p: Int32Array, y: Int32Array) => p.reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / y.length;

describe("RbfSvm", () => {
  it("approximates the RBF kernel with its random features", () => {
    const rng = new Rng(1);
    const D = 4000;
    const gamma = 0.5;
    const W = Float32Array.from({ length: D * 2 }, () => Math.sqrt(2 * gamma) * rng.normal());
    const b = Float32Array.from({ length: D }, () => 2 * Math.PI * rng.float());
    const X = matrix(2, 2, Float32Array.from([0, 0, 1, 0.5]));
    const Z = fourierFeatures(X, W, b);
    let dot = 0;
    for (let c = 0; c < D; c++) dot += Z.data[c] * Z.data[D + c];
    expect(dot).toBeCloseTo(Math.exp(-gamma * 1.25), 1);
  });

  it("separates rings that a linear SVM cannot", () => {
    const train = rings(400, 1);
    const test = rings(200, 2);
    const rbf = new RbfSvm({ gamma: 0.5, nComponents: 200, C: 10 }).fit(train.X, train.y);
    const lin = new LinearSvm().fit(train.X, train.y);
    expect(acc(rbf.predict(test.X), test.y)).toBeGreaterThan(0.95);
    expect(acc(lin.predict(test.X), test.y)).toBeLessThan(0.7);
    const back = loadModel<RbfSvm>(JSON.stringify(rbf.toArtifact()));
    expect(Array.from(back.predict(test.X))).toEqual(Array.from(rbf.predict(test.X)));
  });
});
