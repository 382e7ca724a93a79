/**
 * Fully connected layer y = x·W + b. Parameters, in order: W (inSize x outSize, row-major: W[i, o] at
 * i*outSize + o), then b (outSize). Initialisation: Kaiming-uniform bounds as PyTorch's nn.Linear
 * (U(-1/sqrt(in), 1/sqrt(in))) unless `glorot` (used for tanh/sigmoid nets).
 */
import type { Rng } from "../../tree/random.js";
import { Arena, transpose } from "../gemm.js";
import { glorot, type Layer, type LayerContext, uniformFanIn } from "./layer.js";

export class Dense implements Layer {
  readonly name = "dense";
  readonly paramCount: number;
  readonly bufferCount = 0;
  private w!: Float32Array;
  private b!: Float32Array;
  private gw!: Float32Array;
  private gb!: Float32Array;
  private wt!: Float32Array;
  private arena!: Arena;

  constructor(
    readonly inSize: number,
    readonly outSize: number,
    private readonly initGlorot = false,
  ) {
    this.paramCount = inSize * outSize + outSize;
  }

  scratchSize(): number {
    return Arena.size(this.inSize * this.outSize);
  }

  bind(params: Float32Array, grads: Float32Array, _buffers: Float32Array, ctx: LayerContext): void {
    const nw = this.inSize * this.outSize;
    this.w = params.subarray(0, nw);
    this.b = params.subarray(nw, nw + this.outSize);
    this.gw = grads.subarray(0, nw);
    this.gb = grads.subarray(nw, nw + this.outSize);
    this.arena = ctx.arena;
    this.wt = ctx.arena.alloc(nw);
  }

  /** Weight view (inSize x outSize) and bias view, for exporters and pretraining. */
  get weights(): { w: Float32Array; b: Float32Array } {
    return { w: this.w, b: this.b };
  }

  init(rng: Rng): void {
    if (this.initGlorot) glorot(this.w, this.inSize, this.outSize, rng);
    else uniformFanIn(this.w, this.inSize, rng);
    uniformFanIn(this.b, this.inSize, rng);
  }

  forward(x: Float32Array, y: Float32Array, n: number): void {
    const o = this.outSize;
    const b = this.b;
    for (let s = 0; s < n; s++) y.set(b, s * o);
    this.arena.matmul(x, this.w, y, n, o, this.inSize);
  }

  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    const o = this.outSize;
    const d = this.inSize;
    this.arena.matmulTN(x, dy, this.gw, n, d, o);
    const gb = this.gb;
    for (let s = 0; s < n; s++) {
      const off = s * o;
      for (let j = 0; j < o; j++) gb[j] += dy[off + j];
    }
    if (dx !== null) {
      transpose(this.w, this.wt, d, o);
      dx.fill(0, 0, n * d);
      this.arena.matmul(dy, this.wt, dx, n, d, o);
    }
  }
}
