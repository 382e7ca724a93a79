/**
 * LIME-style local surrogate (Ribeiro et al. 2016, tabular): around row x, `budget` perturbed rows each
 * keep a random subset of x's features and take the others from a random background row; the model's
 * class probability on them is fitted by ridge regression on the keep/replace indicators, weighted by an
 * exponential kernel of the fraction replaced (width 0.75 · sqrt(M), LIME's default on distances).
 * Attributions are the coefficients (the effect of keeping x's value); base is the intercept (everything
 * replaced); quality is the weighted R² of the surrogate (its fidelity). Not additive: coefficients do
 * not sum to output − base in general.
 */
import { VigilError } from "../errors.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import {
  argmaxRows,
  checkClassIndex,
  type Explainer,
  type ExplainerOptions,
  type Explanation,
  registerExplainer,
} from "./explainer.js";
import { solveLinear } from "./linear-solve.js";

interface ProbaModel {
  nClasses: number;
  predictProba(X: Matrix): Matrix;
}

export class LimeExplainer implements Explainer {
  readonly method = "lime";
  readonly additive = false;
  private readonly bg: Matrix;
  private readonly budget: number;
  private readonly seed: number;
  private readonly ridge = 1e-3;

  constructor(
    private readonly model: ProbaModel,
    o: ExplainerOptions,
  ) {
    if (o.background === undefined || o.background.rows === 0) {
      throw new VigilError("E_CONFIG", "lime needs background rows", { field: "background" });
    }
    this.bg = o.background;
    this.budget = o.budget ?? 1000;
    this.seed = o.seed ?? 0;
  }

  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    const M = X.cols;
    const cls = classIndex ?? argmaxRows(this.model.predictProba(X));
    checkClassIndex(cls, X.rows, this.model.nClasses);
    const attributions = new Float64Array(X.rows * M);
    const base = new Float64Array(X.rows);
    const output = new Float64Array(X.rows);
    const quality = new Float64Array(X.rows);
    const N = this.budget;
    const width = 0.75 * Math.sqrt(M);
    const Z = new Uint8Array(N * M);
    const rows = new Float32Array(N * M);
    const wts = new Float64Array(N);
    const P = M + 1;
    for (let r = 0; r < X.rows; r++) {
      const rng = new Rng(this.seed + r);
      for (let n = 0; n < N; n++) {
        const b = rng.int(this.bg.rows);
        const keepP = n === 0 ? 1 : rng.float();
        let replaced = 0;
        for (let i = 0; i < M; i++) {
          const keep = n === 0 || rng.float() < keepP;
          Z[n * M + i] = keep ? 1 : 0;
          if (!keep) replaced++;
          rows[n * M + i] = keep ? X.data[r * M + i] : this.bg.data[b * M + i];
        }
        const d = Math.sqrt(replaced);
        wts[n] = Math.exp(-(d * d) / (width * width));
      }
      const p = this.model.predictProba({ rows: N, cols: M, data: rows });
      const y = new Float64Array(N);
      for (let n = 0; n < N; n++) y[n] = p.data[n * p.cols + cls[r]];
      // weighted ridge on [1, z]: (A^T W A + λI') beta = A^T W y, intercept unpenalised
      const A = new Float64Array(P * P);
      const rhs = new Float64Array(P);
      const a = new Float64Array(P);
      for (let n = 0; n < N; n++) {
        a[0] = 1;
        for (let i = 0; i < M; i++) a[i + 1] = Z[n * M + i];
        for (let i = 0; i < P; i++) {
          if (a[i] === 0) continue;
          rhs[i] += wts[n] * a[i] * y[n];
          for (let j = 0; j < P; j++) A[i * P + j] += wts[n] * a[i] * a[j];
        }
      }
      for (let i = 1; i < P; i++) A[i * P + i] += this.ridge;
      const beta = solveLinear(A, rhs, P);
      base[r] = beta[0];
      for (let i = 0; i < M; i++) attributions[r * M + i] = beta[i + 1];
      output[r] = y[0];
      let wSum = 0;
      let mean = 0;
      for (let n = 0; n < N; n++) {
        wSum += wts[n];
        mean += wts[n] * y[n];
      }
      mean /= wSum;
      let ssRes = 0;
      let ssTot = 0;
      for (let n = 0; n < N; n++) {
        let pred = beta[0];
        for (let i = 0; i < M; i++) pred += beta[i + 1] * Z[n * M + i];
        ssRes += wts[n] * (y[n] - pred) ** 2;
        ssTot += wts[n] * (y[n] - mean) ** 2;
      }
      quality[r] = ssTot > 0 ? 1 - ssRes / ssTot : 1;
    }
    return {
      method: this.method,
      rows: X.rows,
      nFeatures: M,
      attributions,
      base,
      output,
      classIndex: cls,
      outputName: Array.from(cls, (k) => `probability of class ${k}`),
      additive: false,
      quality,
      qualityName: "weighted R² of the local surrogate (fidelity)",
    };
  }
}

registerExplainer({
  name: "lime",
  supports: (m) =>
    typeof m === "object" && m !== null && typeof (m as ProbaModel).predictProba === "function",
  create: (m, o) => new LimeExplainer(m as ProbaModel, o),
});
