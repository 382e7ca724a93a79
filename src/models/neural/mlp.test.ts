import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import { makeBlobs } from "../conformance.js";
import { hasParameterVector, isDifferentiable } from "../differentiable.js";
import { createModel } from "../registry.js";
import { setWasmKernels } from "./gemm.js";
import { MLPClassifier } from "./mlp.js";

const data = makeBlobs({ rows: 300, cols: 4, classes: 3, seed: 3, spread: 1.5 });

function fitted(extra: Record<string, unknown> = {}): MLPClassifier {
  return new MLPClassifier({
    hiddenLayers: [12, 8],
    activation: "tanh",
    epochs: 20,
    batchSize: 32,
    seed: 4,
    ...extra,
  }).fit(data.X, data.y);
}

function rowsOf(X: Matrix, n: number): Matrix {
  return { rows: n, cols: X.cols, data: X.data.slice(0, n * X.cols) };
}

function crossEntropy(m: MLPClassifier, X: Matrix, y: Int32Array): Float64Array {
  const p = m.predictProba(X);
  return Float64Array.from(y, (c, r) => -Math.log(p.data[r * p.cols + c]));
}

describe("MLPClassifier capabilities", () => {
  it("is Differentiable and has a ParameterVector", () => {
    const m = fitted();
    expect(isDifferentiable(m)).toBe(true);
    expect(hasParameterVector(m)).toBe(true);
    expect(createModel("mlp")).toBeInstanceOf(MLPClassifier);
  });

  it("inputGradient is d logit[class] / d input (finite differences)", () => {
    const m = fitted();
    const X = rowsOf(data.X, 10);
    const cls = Int32Array.from({ length: 10 }, (_, i) => i % 3);
    const g = m.inputGradient(X, cls);
    const eps = 1e-2;
    for (let r = 0; r < 10; r++) {
      for (let j = 0; j < 4; j++) {
        const plus = { ...X, data: X.data.slice() };
        const minus = { ...X, data: X.data.slice() };
        plus.data[r * 4 + j] += eps;
        minus.data[r * 4 + j] -= eps;
        const num = (m.logits(plus).data[r * 3 + cls[r]] - m.logits(minus).data[r * 3 + cls[r]]) / (2 * eps);
        expect(g.data[r * 4 + j]).toBeCloseTo(num, 2);
      }
    }
  });

  it("lossGradient is d cross-entropy / d input (finite differences)", () => {
    const m = fitted();
    const X = rowsOf(data.X, 8);
    const y = data.y.slice(0, 8);
    const g = m.lossGradient(X, y);
    const eps = 1e-2;
    for (let r = 0; r < 8; r++) {
      for (let j = 0; j < 4; j++) {
        const plus = { ...X, data: X.data.slice() };
        const minus = { ...X, data: X.data.slice() };
        plus.data[r * 4 + j] += eps;
        minus.data[r * 4 + j] -= eps;
        const num = (crossEntropy(m, plus, y)[r] - crossEntropy(m, minus, y)[r]) / (2 * eps);
        expect(Math.abs(g.data[r * 4 + j] - num)).toBeLessThan(2e-3 + 0.02 * Math.abs(num));
      }
    }
  });

  it("getParameters / setParameters round-trip and change predictions", () => {
    const a = fitted();
    const b = fitted({ seed: 9 });
    const theta = a.getParameters();
    expect(theta.length).toBe(4 * 12 + 12 + 12 * 8 + 8 + 8 * 3 + 3);
    theta[0] += 1;
    expect(a.getParameters()[0]).not.toBe(theta[0]); // a copy
    b.setParameters(a.getParameters());
    expect(Array.from(b.predictProba(data.X).data)).toEqual(Array.from(a.predictProba(data.X).data));
    expect(() => b.setParameters(new Float32Array(3))).toThrow(VigilError);
    const bad = a.getParameters();
    bad[5] = Number.NaN;
    expect(() => b.setParameters(bad)).toThrow(VigilError);
  });

  it("partialFit continues training; the FedProx term keeps parameters near the anchor", () => {
    const start = fitted({ epochs: 2 });
    const theta0 = start.getParameters();
    const dist = (mu: number): number => {
      const m = fitted({ epochs: 2 });
      m.partialFit(data.X, data.y, { epochs: 10, proximalMu: mu, seed: 3 });
      const t = m.getParameters();
      let s = 0;
      for (let i = 0; i < t.length; i++) s += (t[i] - theta0[i]) ** 2;
      return Math.sqrt(s);
    };
    const free = dist(0);
    const prox = dist(5);
    expect(free).toBeGreaterThan(0);
    expect(prox).toBeLessThan(free * 0.8);
    expect(() => start.partialFit(data.X, new Int32Array(300).fill(7), { epochs: 1 })).toThrow(VigilError);
  });

  it("rejects non-finite input with E_SCHEMA naming the record", () => {
    const m = fitted();
    const X = rowsOf(data.X, 3);
    X.data[5] = Number.NaN;
    try {
      m.predict(X);
      expect.unreachable();
    } catch (e) {
      expect((e as VigilError).code).toBe("E_SCHEMA");
      expect((e as VigilError).context.record).toBe(1);
    }
  });

  it("early stopping stops before the epoch cap on a plateau", () => {
    const m = fitted({ earlyStopping: true, patience: 2, epochs: 200, learningRate: 0.05 });
    expect(m.lastTraining?.epochsRun).toBeLessThan(200);
    expect(m.lastTraining?.validationLoss.length).toBe(m.lastTraining?.epochsRun);
  });

  it("plain-JS kernels train the same model as the wasm kernels (within float error)", () => {
    const a = fitted();
    setWasmKernels(false);
    let b: MLPClassifier;
    try {
      b = fitted();
    } finally {
      setWasmKernels(true);
    }
    expect(a.network.arena.usesWasm).toBe(true);
    expect(b.network.arena.usesWasm).toBe(false);
    const pa = a.predictProba(data.X).data;
    const pb = b.predictProba(data.X).data;
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - pb[i])).toBeLessThan(1e-3);
  });
});
