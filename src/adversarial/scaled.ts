/**
 * A classifier that wants standardised inputs (the MLP), wrapped so attacks work on raw features: the
 * wrapper maps each value through u = sign(x) log(1 + |x|) when `logScale` is set (byte and packet
 * counts span nine decades; the log keeps them in a range a network can use), learns a per-feature mean
 * and standard deviation of u (NaN → the mean) from its training rows, feeds z = (u - mean) / std to the
 * inner model, and chains gradients back to x (d/dx = d/dz / std / (1 + |x|) with the log).
 * It is a Classifier and, when the inner model is Differentiable, Differentiable on raw features.
 */
import { VigilError } from "../errors.js";
import type { Classifier, FitOptions, ModelArtifact } from "../models/base.js";
import { type Differentiable, isDifferentiable } from "../models/differentiable.js";
import type { Matrix } from "../table/matrix.js";

export class StandardizedClassifier implements Classifier, Differentiable {
  readonly kind: string;
  private mean: Float64Array | undefined;
  private invStd: Float64Array | undefined;

  constructor(
    readonly inner: Classifier,
    readonly logScale = false,
  ) {
    this.kind = `standardized(${inner.kind})`;
  }

  private u(v: number): number {
    return this.logScale ? Math.sign(v) * Math.log1p(Math.abs(v)) : v;
  }

  get fitted(): boolean {
    return this.mean !== undefined && this.inner.fitted;
  }

  get nClasses(): number {
    return this.inner.nClasses;
  }

  getParams(): object {
    return { inner: this.inner.getParams() };
  }

  clone(): StandardizedClassifier {
    return new StandardizedClassifier(this.inner.clone(), this.logScale);
  }

  toArtifact(): ModelArtifact {
    throw new VigilError(
      "E_UNSUPPORTED",
      "a standardized wrapper is an in-memory adapter; save the inner model",
    );
  }

  fit(X: Matrix, y: Int32Array, options?: FitOptions): this {
    const { rows, cols, data } = X;
    const mean = new Float64Array(cols);
    const sq = new Float64Array(cols);
    const n = new Float64Array(cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const v = this.u(data[r * cols + c]);
        if (!Number.isFinite(v)) continue;
        mean[c] += v;
        sq[c] += v * v;
        n[c]++;
      }
    const inv = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      mean[c] = n[c] > 0 ? mean[c] / n[c] : 0;
      const variance = n[c] > 0 ? sq[c] / n[c] - mean[c] * mean[c] : 0;
      inv[c] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 1;
    }
    this.mean = mean;
    this.invStd = inv;
    this.inner.fit(this.transform(X), y, options);
    return this;
  }

  transform(X: Matrix): Matrix {
    const mean = this.mean;
    const inv = this.invStd;
    if (mean === undefined || inv === undefined)
      throw new VigilError("E_NOT_FITTED", `${this.kind} is not fitted`);
    const out = new Float32Array(X.data.length);
    const c = X.cols;
    for (let i = 0; i < out.length; i++) {
      const j = i % c;
      const v = this.u(X.data[i]);
      out[i] = Number.isFinite(v) ? (v - mean[j]) * inv[j] : 0;
    }
    return { rows: X.rows, cols: c, data: out };
  }

  predict(X: Matrix): Int32Array {
    return this.inner.predict(this.transform(X));
  }

  predictProba(X: Matrix): Matrix {
    return this.inner.predictProba(this.transform(X));
  }

  inputGradient(X: Matrix, classIndex: Int32Array): Matrix {
    return this.chain(X, this.differentiable().inputGradient(this.transform(X), classIndex));
  }

  lossGradient(X: Matrix, y: Int32Array): Matrix {
    return this.chain(X, this.differentiable().lossGradient(this.transform(X), y));
  }

  private differentiable(): Differentiable {
    if (!isDifferentiable(this.inner)) {
      throw new VigilError("E_UNSUPPORTED", `model "${this.inner.kind}" has no input gradients`, {
        field: "model",
      });
    }
    return this.inner;
  }

  private chain(X: Matrix, g: Matrix): Matrix {
    const inv = this.invStd as Float64Array;
    const out = g.data.slice();
    for (let i = 0; i < out.length; i++) {
      out[i] *= inv[i % g.cols];
      if (this.logScale) out[i] /= 1 + Math.abs(Number.isFinite(X.data[i]) ? X.data[i] : 0);
    }
    return { rows: g.rows, cols: g.cols, data: out };
  }
}
