/**
 * 1-D convolution over a time-major sequence (per sample: length x channels, value (t, c) at t*C + c),
 * "valid" padding, stride s: output length L' = floor((L - k) / s) + 1, output (t', f) at t'*F + f.
 * y[t', f] = b[f] + sum_{u<k, c<C} x[t'*s + u, c] * W[u*C + c, f]
 * Because the sequence is time-major, the k x C window of output step t' is the contiguous run
 * x[t'*s*C .. (t'*s + k)*C); the windows of the whole batch are copied into one (n*L') x (k*C) matrix
 * (im2col), so forward and the weight gradient are one matrix product each.
 * Parameters, in order: W ((k*C) x F, row-major: tap u, input channel c, filter f at (u*C + c)*F + f), b (F).
 */
import type { Rng } from "../../tree/random.js";
import { Arena, transpose } from "../gemm.js";
import type { Layer, LayerContext } from "./layer.js";
import { uniformFanIn } from "./layer.js";

export class Conv1D implements Layer {
  readonly name = "conv1d";
  readonly inSize: number;
  readonly outSize: number;
  readonly outLength: number;
  readonly paramCount: number;
  readonly bufferCount = 0;
  private w!: Float32Array;
  private b!: Float32Array;
  private gw!: Float32Array;
  private gb!: Float32Array;
  private wt!: Float32Array;
  private dcol!: Float32Array;
  private col!: Float32Array;
  private arena!: Arena;

  constructor(
    readonly length: number,
    readonly channels: number,
    readonly filters: number,
    readonly kernel: number,
    readonly stride = 1,
  ) {
    if (kernel > length) throw new RangeError(`kernel ${kernel} is longer than the sequence (${length})`);
    this.outLength = Math.floor((length - kernel) / stride) + 1;
    this.inSize = length * channels;
    this.outSize = this.outLength * filters;
    this.paramCount = kernel * channels * filters + filters;
  }

  scratchSize(maxBatch: number): number {
    const kc = this.kernel * this.channels;
    return Arena.size(kc * this.filters) + 2 * Arena.size(maxBatch * this.outLength * kc);
  }

  bind(params: Float32Array, grads: Float32Array, _b: Float32Array, ctx: LayerContext): void {
    const nw = this.kernel * this.channels * this.filters;
    this.w = params.subarray(0, nw);
    this.b = params.subarray(nw, nw + this.filters);
    this.gw = grads.subarray(0, nw);
    this.gb = grads.subarray(nw, nw + this.filters);
    this.arena = ctx.arena;
    this.wt = ctx.arena.alloc(nw);
    this.dcol = ctx.arena.alloc(ctx.maxBatch * this.outLength * this.kernel * this.channels);
    this.col = ctx.arena.alloc(ctx.maxBatch * this.outLength * this.kernel * this.channels);
  }

  get weights(): { w: Float32Array; b: Float32Array } {
    return { w: this.w, b: this.b };
  }

  init(rng: Rng): void {
    uniformFanIn(this.w, this.kernel * this.channels, rng);
    uniformFanIn(this.b, this.kernel * this.channels, rng);
  }

  forward(x: Float32Array, y: Float32Array, n: number): void {
    const { filters: F, outLength: Lo, channels: C, kernel: k, stride: s } = this;
    const kc = k * C;
    const col = this.col;
    for (let smp = 0; smp < n; smp++) {
      const base = smp * this.inSize;
      for (let t = 0; t < Lo; t++) {
        const src = base + t * s * C;
        const dst = (smp * Lo + t) * kc;
        for (let j = 0; j < kc; j++) col[dst + j] = x[src + j];
      }
    }
    const b = this.b;
    for (let i = 0; i < n * Lo; i++) for (let f = 0; f < F; f++) y[i * F + f] = b[f];
    this.arena.matmul(col, this.w, y, n * Lo, F, kc);
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    const { filters: F, outLength: Lo, channels: C, kernel: k, stride: s } = this;
    const kc = k * C;
    // gW[kk, f] += sum over (sample, t) of col[(sample, t), kk] * dy[(sample, t), f]
    this.arena.matmulTN(this.col, dy, this.gw, n * Lo, kc, F);
    const gb = this.gb;
    for (let i = 0; i < n * Lo; i++) for (let f = 0; f < F; f++) gb[f] += dy[i * F + f];
    if (dx === null) return;
    // dcol[(smp, t), kk] = sum_f dy[(smp, t), f] * W[kk, f], then scatter-add the overlapping windows.
    transpose(this.w, this.wt, kc, F);
    const dcol = this.dcol;
    dcol.fill(0, 0, n * Lo * kc);
    this.arena.matmul(dy, this.wt, dcol, n * Lo, kc, F);
    dx.fill(0, 0, n * this.inSize);
    for (let smp = 0; smp < n; smp++) {
      const base = smp * this.inSize;
      for (let t = 0; t < Lo; t++) {
        const src = (smp * Lo + t) * kc;
        const dst = base + t * s * C;
        for (let j = 0; j < kc; j++) dx[dst + j] += dcol[src + j];
      }
    }
  }
}
