/**
 * Inverted dropout: in training each value is zeroed with probability `rate` and the survivors scaled
 * by 1/(1-rate); at inference it is the identity. The mask comes from the network's seeded Rng.
 */
import { Arena } from "../gemm.js";
import type { Layer, LayerContext } from "./layer.js";

export class Dropout implements Layer {
  readonly name = "dropout";
  readonly paramCount = 0;
  readonly bufferCount = 0;
  readonly outSize: number;
  private mask!: Float32Array;
  private ctx!: LayerContext;

  constructor(
    readonly inSize: number,
    readonly rate: number,
  ) {
    this.outSize = inSize;
  }

  scratchSize(maxBatch: number): number {
    return Arena.size(maxBatch * this.inSize);
  }

  bind(_p: Float32Array, _g: Float32Array, _b: Float32Array, ctx: LayerContext): void {
    this.ctx = ctx;
    this.mask = ctx.arena.alloc(ctx.maxBatch * this.inSize);
  }

  init(): void {}

  forward(x: Float32Array, y: Float32Array, n: number, training: boolean): void {
    const len = n * this.inSize;
    if (!training || this.rate === 0) {
      this.mask.fill(1, 0, len);
      y.set(x.subarray(0, len));
      return;
    }
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    const rng = this.ctx.rng;
    const mask = this.mask;
    for (let i = 0; i < len; i++) {
      const m = rng.float() < keep ? scale : 0;
      mask[i] = m;
      y[i] = x[i] * m;
    }
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    if (dx === null) return;
    const len = n * this.inSize;
    const mask = this.mask;
    for (let i = 0; i < len; i++) dx[i] = dy[i] * mask[i];
  }
}
