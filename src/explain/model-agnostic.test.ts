import { describe, expect, it } from "vitest";
import { makeBlobs } from "../models/conformance.js";
import type { Differentiable } from "../models/differentiable.js";
import { GradientBoostingClassifier } from "../models/gbdt/gradient-boosting.js";
import { DecisionTreeClassifier } from "../models/tree/decision-tree.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { bruteForceShapley, interventionalValue } from "./brute-force.js";
import { IntegratedGradients } from "./integrated-gradients.js";
import { KernelShap, kernelCoalitions } from "./kernelshap.js";
import { LimeExplainer } from "./lime.js";
import { permutationImportance } from "./permutation.js";

/** A smooth non-linear 2-class model: logit = tanh(w·x) + 0.3 (v·x)², with exact gradients. */
class SmoothModel implements Differentiable {
  readonly nClasses = 2;
  constructor(
    private readonly w: number[],
    private readonly v: number[],
  ) {}
  private score(x: Float32Array, o: number): { a: number; b: number } {
    let a = 0;
    let b = 0;
    for (let i = 0; i < this.w.length; i++) {
      a += this.w[i] * x[o + i];
      b += this.v[i] * x[o + i];
    }
    return { a, b };
  }
  logits(X: Matrix): Matrix {
    const out = new Float32Array(X.rows * 2);
    for (let r = 0; r < X.rows; r++) {
      const { a, b } = this.score(X.data, r * X.cols);
      const z = Math.tanh(a) + 0.3 * b * b;
      out[r * 2] = -z;
      out[r * 2 + 1] = z;
    }
    return { rows: X.rows, cols: 2, data: out };
  }
  predictProba(X: Matrix): Matrix {
    const l = this.logits(X);
    const out = new Float32Array(l.data.length);
    for (let r = 0; r < X.rows; r++) {
      const p = 1 / (1 + Math.exp(-l.data[r * 2 + 1]));
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return { rows: X.rows, cols: 2, data: out };
  }
  inputGradient(X: Matrix, cls: Int32Array): Matrix {
    const out = new Float32Array(X.rows * X.cols);
    for (let r = 0; r < X.rows; r++) {
      const { a, b } = this.score(X.data, r * X.cols);
      const s = cls[r] === 1 ? 1 : -1;
      const ta = 1 - Math.tanh(a) ** 2;
      for (let i = 0; i < X.cols; i++) out[r * X.cols + i] = s * (ta * this.w[i] + 0.6 * b * this.v[i]);
    }
    return { rows: X.rows, cols: X.cols, data: out };
  }
  lossGradient(X: Matrix, y: Int32Array): Matrix {
    return this.inputGradient(X, y);
  }
}

describe("KernelSHAP", () => {
  const { X, y } = makeBlobs({ rows: 400, cols: 7, classes: 2, seed: 6, spread: 2 });
  const gb = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 3, seed: 1 }).fit(X, y);
  const bg: Matrix = { rows: 8, cols: 7, data: X.data.slice(0, 56) };
  const f = (m: Matrix) => gb.predictProba(m);

  it("is exact (brute-force Shapley, 1e-9) when the budget covers all coalitions", () => {
    const ks = new KernelShap(f, { background: bg, budget: 1 << 7 });
    for (const r of [20, 99, 300]) {
      const x = X.data.slice(r * 7, (r + 1) * 7);
      const got = ks.explainRow(x, 1);
      const predictRow = (row: Float32Array) => f({ rows: 1, cols: 7, data: row }).data[1];
      const want = bruteForceShapley(7, interventionalValue(predictRow, x, bg.data, 8, 7));
      for (let i = 0; i < 7; i++) expect(Math.abs(got.phi[i] - want[i])).toBeLessThanOrEqual(1e-9);
    }
  });

  it("sampled: local accuracy exact, close to the exact values, deterministic under a seed", () => {
    const exact = new KernelShap(f, { background: bg, budget: 1 << 7 });
    const sampled = new KernelShap(f, { background: bg, budget: 60, seed: 4 });
    const x = X.data.slice(99 * 7, 100 * 7);
    const e = exact.explainRow(x, 1);
    const s = sampled.explainRow(x, 1);
    const s2 = new KernelShap(f, { background: bg, budget: 60, seed: 4 }).explainRow(x, 1);
    expect(Array.from(s2.phi)).toEqual(Array.from(s.phi));
    let sum = 0;
    let err = 0;
    let norm = 0;
    for (let i = 0; i < 7; i++) {
      sum += s.phi[i];
      err += (s.phi[i] - e.phi[i]) ** 2;
      norm += e.phi[i] ** 2;
    }
    expect(Math.abs(sum - (s.output - s.expected))).toBeLessThanOrEqual(1e-9);
    expect(Math.sqrt(err / norm)).toBeLessThan(0.35);
  });

  it("pairs each sampled coalition with its complement and spends the budget", () => {
    const c = kernelCoalitions(12, 200, new Rng(1));
    expect(c.exact).toBe(false);
    expect(c.n).toBeLessThanOrEqual(200);
    expect(c.n).toBeGreaterThan(150);
    let wsum = 0;
    for (const w of c.weights) wsum += w;
    expect(wsum).toBeCloseTo(1, 9);
  });
});

describe("integrated gradients", () => {
  const model = new SmoothModel([0.8, -1.2, 0.5, 0.3], [0.4, 0.1, -0.6, 0.2]);
  const rng = new Rng(3);
  const rows = new Float32Array(5 * 4).map(() => rng.normal());
  const X: Matrix = { rows: 5, cols: 4, data: rows };
  const bg: Matrix = { rows: 3, cols: 4, data: new Float32Array(12).map(() => rng.normal() * 0.3) };

  it("completeness: attributions sum to f(x) − f(baseline) within 1e-6 (smooth model)", () => {
    const ex = new IntegratedGradients(model, { background: bg, steps: 24 }).explain(X);
    for (let r = 0; r < 5; r++) {
      let s = 0;
      for (let i = 0; i < 4; i++) s += ex.attributions[r * 4 + i];
      // outputs are float32 logits: compare in float32 terms
      expect(Math.abs(s - (ex.output[r] - ex.base[r]))).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(ex.output[r])) + 2e-7,
      );
    }
  });

  it("a feature the model ignores gets exactly 0", () => {
    const lin = new SmoothModel([0.5, 0, 0, 0], [0, 0, 0, 0]);
    const ex = new IntegratedGradients(lin, { steps: 16 }).explain(X, new Int32Array(5).fill(1));
    for (let r = 0; r < 5; r++)
      for (let i = 1; i < 4; i++) expect(Math.abs(ex.attributions[r * 4 + i])).toBe(0);
  });
});

describe("LIME surrogate and permutation importance", () => {
  it("LIME fits a model that depends on one feature with high fidelity, that feature on top", () => {
    const { X, y } = makeBlobs({ rows: 600, cols: 5, classes: 2, seed: 2, spread: 1 });
    // a stump on the most separating feature
    const dt = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y);
    const pred = dt.predict(X);
    // explained rows predicted 1, background rows predicted 0: replacing the split feature flips the output
    const pick = (k: number, n: number) => {
      const idx: number[] = [];
      for (let r = 0; r < X.rows && idx.length < n; r++) if (pred[r] === k) idx.push(r);
      return Float32Array.from(idx.flatMap((r) => Array.from(X.data.subarray(r * 5, (r + 1) * 5))));
    };
    const bg: Matrix = { rows: 30, cols: 5, data: pick(0, 30) };
    const ex = new LimeExplainer(dt, { background: bg, budget: 400, seed: 1 }).explain(
      { rows: 3, cols: 5, data: pick(1, 3) },
      new Int32Array(3).fill(1),
    );
    const used = dt.trees().feature[dt.trees().roots[0]];
    for (let r = 0; r < 3; r++) {
      let top = 0;
      for (let i = 1; i < 5; i++)
        if (Math.abs(ex.attributions[r * 5 + i]) > Math.abs(ex.attributions[r * 5 + top])) top = i;
      expect(top).toBe(used);
      expect(ex.quality?.[r]).toBeGreaterThan(0.9);
    }
  });

  it("permutation importance: the used feature matters, an unused one does not", () => {
    const { X, y } = makeBlobs({ rows: 600, cols: 4, classes: 2, seed: 2, spread: 1 });
    const dt = new DecisionTreeClassifier({ maxDepth: 1 }).fit(X, y);
    const used = dt.trees().feature[dt.trees().roots[0]];
    const imp = permutationImportance(dt, X, y, { repeats: 3, seed: 1 });
    expect(imp.mean[used]).toBeGreaterThan(0.2);
    for (let i = 0; i < 4; i++) if (i !== used) expect(imp.mean[i]).toBe(0);
    const again = permutationImportance(dt, X, y, { repeats: 3, seed: 1 });
    expect(Array.from(again.mean)).toEqual(Array.from(imp.mean));
  });
});
