/**
 * Batch normalisation over features (PyTorch's BatchNorm1d on [N, C]): in training, each feature is
 * normalised with the batch mean and (biased) variance, and running statistics are updated with
 * momentum 0.1 (running variance from the unbiased batch variance); at inference the running statistics
 * are used. y = gamma * (x - mean) / sqrt(var + eps) + beta.
 * Parameters, in order: gamma (size), beta (size). Buffers: running mean (size), running variance (size).
 */
import { Arena } from "../gemm.js";
import type { Layer, LayerContext } from "./layer.js";

const EPS = 1e-5;
const MOMENTUM = 0.1;

export class BatchNorm implements Layer {
  readonly name = "batchnorm";
  readonly paramCount: number;
  readonly bufferCount: number;
  readonly outSize: number;
  private gamma!: Float32Array;
  private beta!: Float32Array;
  private gGamma!: Float32Array;
  private gBeta!: Float32Array;
  private runMean!: Float32Array;
  private runVar!: Float32Array;
  private xhat!: Float32Array;
  private invStd!: Float64Array;
  private sum1!: Float64Array;
  private sum2!: Float64Array;
  private lastTraining = false;

  constructor(readonly inSize: number) {
    this.outSize = inSize;
    this.paramCount = 2 * inSize;
    this.bufferCount = 2 * inSize;
  }

  scratchSize(maxBatch: number): number {
    return Arena.size(maxBatch * this.inSize);
  }

  bind(params: Float32Array, grads: Float32Array, buffers: Float32Array, ctx: LayerContext): void {
    const c = this.inSize;
    this.gamma = params.subarray(0, c);
    this.beta = params.subarray(c, 2 * c);
    this.gGamma = grads.subarray(0, c);
    this.gBeta = grads.subarray(c, 2 * c);
    this.runMean = buffers.subarray(0, c);
    this.runVar = buffers.subarray(c, 2 * c);
    this.xhat = ctx.arena.alloc(ctx.maxBatch * c);
    this.invStd = new Float64Array(c);
    this.sum1 = new Float64Array(c);
    this.sum2 = new Float64Array(c);
  }

  /** gamma, beta, running mean, running variance views (for exporters). */
  get stats(): { gamma: Float32Array; beta: Float32Array; mean: Float32Array; variance: Float32Array } {
    return { gamma: this.gamma, beta: this.beta, mean: this.runMean, variance: this.runVar };
  }

  init(): void {
    this.gamma.fill(1);
    this.beta.fill(0);
    this.runMean.fill(0);
    this.runVar.fill(1);
  }

  forward(x: Float32Array, y: Float32Array, n: number, training: boolean): void {
    const c = this.inSize;
    const { gamma, beta, xhat, invStd, sum1, sum2 } = this;
    this.lastTraining = training;
    if (training) {
      sum1.fill(0);
      sum2.fill(0);
      for (let s = 0; s < n; s++) for (let j = 0; j < c; j++) sum1[j] += x[s * c + j];
      for (let j = 0; j < c; j++) sum1[j] /= n;
      for (let s = 0; s < n; s++)
        for (let j = 0; j < c; j++) {
          const d = x[s * c + j] - sum1[j];
          sum2[j] += d * d;
        }
      for (let j = 0; j < c; j++) {
        const v = sum2[j] / n;
        invStd[j] = 1 / Math.sqrt(v + EPS);
        this.runMean[j] = (1 - MOMENTUM) * this.runMean[j] + MOMENTUM * sum1[j];
        const unbiased = n > 1 ? sum2[j] / (n - 1) : v;
        this.runVar[j] = (1 - MOMENTUM) * this.runVar[j] + MOMENTUM * unbiased;
      }
    } else {
      for (let j = 0; j < c; j++) {
        sum1[j] = this.runMean[j];
        invStd[j] = 1 / Math.sqrt(this.runVar[j] + EPS);
      }
    }
    for (let s = 0; s < n; s++)
      for (let j = 0; j < c; j++) {
        const i = s * c + j;
        const h = (x[i] - sum1[j]) * invStd[j];
        xhat[i] = h;
        y[i] = gamma[j] * h + beta[j];
      }
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    const c = this.inSize;
    const { gamma, xhat, invStd, sum1, sum2 } = this;
    sum1.fill(0);
    sum2.fill(0);
    for (let s = 0; s < n; s++)
      for (let j = 0; j < c; j++) {
        const i = s * c + j;
        sum1[j] += dy[i];
        sum2[j] += dy[i] * xhat[i];
      }
    for (let j = 0; j < c; j++) {
      this.gBeta[j] += sum1[j];
      this.gGamma[j] += sum2[j];
    }
    if (dx === null) return;
    if (!this.lastTraining) {
      for (let s = 0; s < n; s++)
        for (let j = 0; j < c; j++) dx[s * c + j] = dy[s * c + j] * gamma[j] * invStd[j];
      return;
    }
    for (let s = 0; s < n; s++)
      for (let j = 0; j < c; j++) {
        const i = s * c + j;
        dx[i] = ((gamma[j] * invStd[j]) / n) * (n * dy[i] - sum1[j] - xhat[i] * sum2[j]);
      }
  }
}
