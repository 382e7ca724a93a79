import { describe, expect, it } from "vitest";
import type { Matrix } from "../../table/matrix.js";
import { Rng } from "../tree/random.js";
import { GaussianMixture } from "./gmm.js";

function correlated(n: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const data = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    data[i * 2] = 1 + 2 * a;
    data[i * 2 + 1] = -1 + a + 0.5 * rng.normal();
  }
  return { rows: n, cols: 2, data };
}

describe("gaussian mixture", () => {
  it("one full component is the maximum-likelihood Gaussian: score = -log N(x; mean, cov + reg)", () => {
    const X = correlated(500, 1);
    const reg = 1e-6;
    const m = new GaussianMixture({ nComponents: 1, regCovar: reg }).fit(X);
    let mx = 0;
    let my = 0;
    for (let i = 0; i < 500; i++) {
      mx += X.data[i * 2];
      my += X.data[i * 2 + 1];
    }
    mx /= 500;
    my /= 500;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let i = 0; i < 500; i++) {
      const a = X.data[i * 2] - mx;
      const b = X.data[i * 2 + 1] - my;
      sxx += a * a;
      sxy += a * b;
      syy += b * b;
    }
    sxx = sxx / 500 + reg;
    syy = syy / 500 + reg;
    sxy /= 500;
    const det = sxx * syy - sxy * sxy;
    const q: Matrix = { rows: 2, cols: 2, data: Float32Array.from([0.5, 0.25, 4, -3]) };
    const s = m.score(q);
    for (let r = 0; r < 2; r++) {
      const a = q.data[r * 2] - mx;
      const b = q.data[r * 2 + 1] - my;
      const maha = (syy * a * a - 2 * sxy * a * b + sxx * b * b) / det;
      const nll = 0.5 * (2 * Math.log(2 * Math.PI) + Math.log(det) + maha);
      expect(s[r]).toBeCloseTo(nll, 5);
    }
    expect(m.summary.weights[0]).toBeCloseTo(1, 12);
  });

  it("diag ignores the correlation; full scores an off-axis point higher", () => {
    const X = correlated(800, 2);
    const full = new GaussianMixture({ nComponents: 1 }).fit(X);
    const diag = new GaussianMixture({ nComponents: 1, covarianceType: "diag" }).fit(X);
    // against the correlation: x high, y low
    const off: Matrix = { rows: 1, cols: 2, data: Float32Array.from([5, -3]) };
    expect(full.score(off)[0]).toBeGreaterThan(diag.score(off)[0]);
  });

  it("two separated clusters: weights near their shares, EM converges", () => {
    const rng = new Rng(3);
    const n = 900;
    const data = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const c = i < 300 ? 0 : 1;
      data[i * 2] = (c === 0 ? -6 : 6) + rng.normal();
      data[i * 2 + 1] = rng.normal();
    }
    const m = new GaussianMixture({ nComponents: 2, seed: 1 }).fit({ rows: n, cols: 2, data });
    const w = Array.from(m.summary.weights).sort();
    expect(w[0]).toBeCloseTo(1 / 3, 2);
    expect(w[1]).toBeCloseTo(2 / 3, 2);
    expect(m.summary.converged).toBe(true);
  });
});
