/**
 * Max pooling over time of a time-major sequence (length x channels): window `size`, stride `size`,
 * output length floor(L / size); the gradient flows to the arg-max of each window (first on ties).
 */
import { Arena } from "../gemm.js";
import type { Layer, LayerContext } from "./layer.js";

export class MaxPool1D implements Layer {
  readonly name = "maxpool1d";
  readonly paramCount = 0;
  readonly bufferCount = 0;
  readonly inSize: number;
  readonly outSize: number;
  readonly outLength: number;
  private argmax!: Int32Array;

  constructor(
    readonly length: number,
    readonly channels: number,
    readonly size: number,
  ) {
    this.outLength = Math.floor(length / size);
    if (this.outLength < 1) throw new RangeError(`pool size ${size} is longer than the sequence (${length})`);
    this.inSize = length * channels;
    this.outSize = this.outLength * channels;
  }

  scratchSize(maxBatch: number): number {
    return Arena.size(maxBatch * this.outSize);
  }

  bind(_p: Float32Array, _g: Float32Array, _b: Float32Array, ctx: LayerContext): void {
    const v = ctx.arena.alloc(ctx.maxBatch * this.outSize);
    this.argmax = new Int32Array(v.buffer, v.byteOffset, v.length);
  }

  init(): void {}

  forward(x: Float32Array, y: Float32Array, n: number): void {
    const { channels: C, size: p, outLength: Lo } = this;
    const am = this.argmax;
    for (let s = 0; s < n; s++) {
      const xb = s * this.inSize;
      const yb = s * this.outSize;
      for (let t = 0; t < Lo; t++) {
        for (let c = 0; c < C; c++) {
          let best = xb + t * p * C + c;
          for (let u = 1; u < p; u++) {
            const i = xb + (t * p + u) * C + c;
            if (x[i] > x[best]) best = i;
          }
          y[yb + t * C + c] = x[best];
          am[yb + t * C + c] = best;
        }
      }
    }
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    if (dx === null) return;
    dx.fill(0, 0, n * this.inSize);
    const am = this.argmax;
    for (let i = 0; i < n * this.outSize; i++) dx[am[i]] += dy[i];
  }
}
