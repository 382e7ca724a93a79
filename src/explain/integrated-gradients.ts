/**
 * Integrated gradients (Sundararajan et al. 2017) for differentiable models: attribution_i =
 * (x_i − b_i) ∫₀¹ ∂f/∂x_i (b + t (x − b)) dt, f the class logit (the `Differentiable` capability's
 * output), b the baseline (the background's mean row, or zeros without background). The path integral
 * uses Gauss–Legendre nodes (exact for polynomial paths, spectrally accurate for smooth activations; ReLU
 * kinks make it converge like a Riemann sum). Completeness, Σ attribution = f(x) − f(b), holds up to the
 * quadrature error, reported per row as `quality` (the absolute residual).
 */
import { type Differentiable, isDifferentiable } from "../models/differentiable.js";
import type { Matrix } from "../table/matrix.js";
import {
  argmaxRows,
  checkClassIndex,
  type Explainer,
  type ExplainerOptions,
  type Explanation,
  registerExplainer,
} from "./explainer.js";
import { gaussLegendre01 } from "./gauss-legendre.js";

export interface LogitModel extends Differentiable {
  nClasses: number;
  /** Pre-softmax class scores, rows x nClasses. */
  logits(X: Matrix): Matrix;
}

export function isLogitModel(m: unknown): m is LogitModel {
  return isDifferentiable(m) && typeof (m as LogitModel).logits === "function";
}

export class IntegratedGradients implements Explainer {
  readonly method = "integrated-gradients";
  readonly additive = true;
  private readonly steps: number;
  private baseline: Float32Array | null;

  constructor(
    private readonly model: LogitModel,
    o: ExplainerOptions = {},
  ) {
    this.steps = o.steps ?? 64;
    this.baseline = null;
    const bg = o.background;
    if (bg !== undefined && bg.rows > 0) {
      const b = new Float64Array(bg.cols);
      for (let r = 0; r < bg.rows; r++)
        for (let c = 0; c < bg.cols; c++) b[c] += bg.data[r * bg.cols + c] / bg.rows;
      this.baseline = Float32Array.from(b);
    }
  }

  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    const M = X.cols;
    const logits = this.model.logits(X);
    const cls = classIndex ?? argmaxRows(logits);
    checkClassIndex(cls, X.rows, logits.cols);
    const b = this.baseline ?? new Float32Array(M);
    const { nodes, weights } = gaussLegendre01(this.steps);
    const S = this.steps;
    const pts = new Float32Array(X.rows * S * M);
    const ptsCls = new Int32Array(X.rows * S);
    for (let r = 0; r < X.rows; r++) {
      for (let q = 0; q < S; q++) {
        const o = (r * S + q) * M;
        for (let i = 0; i < M; i++) pts[o + i] = b[i] + nodes[q] * (X.data[r * M + i] - b[i]);
        ptsCls[r * S + q] = cls[r];
      }
    }
    const grad = this.model.inputGradient({ rows: X.rows * S, cols: M, data: pts }, ptsCls);
    const baseLogits = this.model.logits({ rows: 1, cols: M, data: b });
    const attributions = new Float64Array(X.rows * M);
    const base = new Float64Array(X.rows);
    const output = new Float64Array(X.rows);
    const quality = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let sum = 0;
      for (let i = 0; i < M; i++) {
        let g = 0;
        for (let q = 0; q < S; q++) g += weights[q] * grad.data[(r * S + q) * M + i];
        const a = (X.data[r * M + i] - b[i]) * g;
        attributions[r * M + i] = a;
        sum += a;
      }
      output[r] = logits.data[r * logits.cols + cls[r]];
      base[r] = baseLogits.data[cls[r]];
      quality[r] = Math.abs(sum - (output[r] - base[r]));
    }
    return {
      method: this.method,
      rows: X.rows,
      nFeatures: M,
      attributions,
      base,
      output,
      classIndex: cls,
      outputName: Array.from(cls, (k) => `logit of class ${k}`),
      additive: true,
      quality,
      qualityName: "completeness residual |sum - (f(x) - f(baseline))|",
    };
  }
}

registerExplainer({
  name: "integrated-gradients",
  supports: isLogitModel,
  create: (model, o) => new IntegratedGradients(model as LogitModel, o),
});
