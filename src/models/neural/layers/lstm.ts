/**
 * LSTM over a time-major sequence (per sample: T steps x I inputs), output = the last hidden state h_T
 * (H values). PyTorch's formulation, gate order i, f, g, o:
 *   G = x_t·Wx + h_{t-1}·Wh + b;  i = σ(G_i), f = σ(G_f), g = tanh(G_g), o = σ(G_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t);  h_0 = c_0 = 0
 * Parameters, in order: Wx (I x 4H, row-major, gate blocks of H columns), Wh (H x 4H), b (4H; PyTorch's
 * b_ih + b_hh). Backward is back-propagation through time over the cached gates and states.
 */
import type { Rng } from "../../tree/random.js";
import { Arena, transpose } from "../gemm.js";
import type { Layer, LayerContext } from "./layer.js";
import { uniformFanIn } from "./layer.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export class LSTM implements Layer {
  readonly name = "lstm";
  readonly inSize: number;
  readonly outSize: number;
  readonly paramCount: number;
  readonly bufferCount = 0;
  private wx!: Float32Array;
  private wh!: Float32Array;
  private b!: Float32Array;
  private gwx!: Float32Array;
  private gwh!: Float32Array;
  private gb!: Float32Array;
  private gates!: Float32Array;
  private cs!: Float32Array;
  private hs!: Float32Array;
  private tcs!: Float32Array;
  private dG!: Float32Array;
  private dh!: Float32Array;
  private dc!: Float32Array;
  private wxt!: Float32Array;
  private wht!: Float32Array;
  private mb = 0;
  private arena!: Arena;

  constructor(
    readonly steps: number,
    readonly inputs: number,
    readonly hidden: number,
  ) {
    this.inSize = steps * inputs;
    this.outSize = hidden;
    this.paramCount = inputs * 4 * hidden + hidden * 4 * hidden + 4 * hidden;
  }

  scratchSize(mb: number): number {
    const { steps: T, hidden: H, inputs: I } = this;
    return (
      Arena.size(T * mb * 4 * H) +
      2 * Arena.size((T + 1) * mb * H) +
      Arena.size(T * mb * H) +
      Arena.size(mb * 4 * H) +
      2 * Arena.size(mb * H) +
      Arena.size(4 * H * I) +
      Arena.size(4 * H * H)
    );
  }

  bind(params: Float32Array, grads: Float32Array, _b: Float32Array, ctx: LayerContext): void {
    const { steps: T, hidden: H, inputs: I } = this;
    const mb = ctx.maxBatch;
    const a = I * 4 * H;
    const bb = a + H * 4 * H;
    this.wx = params.subarray(0, a);
    this.wh = params.subarray(a, bb);
    this.b = params.subarray(bb, bb + 4 * H);
    this.gwx = grads.subarray(0, a);
    this.gwh = grads.subarray(a, bb);
    this.gb = grads.subarray(bb, bb + 4 * H);
    const ar = ctx.arena;
    this.arena = ar;
    this.mb = mb;
    this.gates = ar.alloc(T * mb * 4 * H);
    this.cs = ar.alloc((T + 1) * mb * H);
    this.hs = ar.alloc((T + 1) * mb * H);
    this.tcs = ar.alloc(T * mb * H);
    this.dG = ar.alloc(mb * 4 * H);
    this.dh = ar.alloc(mb * H);
    this.dc = ar.alloc(mb * H);
    this.wxt = ar.alloc(4 * H * I);
    this.wht = ar.alloc(4 * H * H);
  }

  /** Weight views for exporters: wx (I x 4H), wh (H x 4H), b (4H), gate order i, f, g, o. */
  get weights(): { wx: Float32Array; wh: Float32Array; b: Float32Array } {
    return { wx: this.wx, wh: this.wh, b: this.b };
  }

  init(rng: Rng): void {
    uniformFanIn(this.wx, this.hidden, rng);
    uniformFanIn(this.wh, this.hidden, rng);
    uniformFanIn(this.b, this.hidden, rng);
  }

  forward(x: Float32Array, y: Float32Array, n: number): void {
    const { steps: T, hidden: H, inputs: I, mb } = this;
    const H4 = 4 * H;
    this.cs.fill(0, 0, n * H);
    this.hs.fill(0, 0, n * H);
    for (let t = 0; t < T; t++) {
      const G = this.gates.subarray(t * mb * H4);
      for (let s = 0; s < n; s++) G.set(this.b, s * H4);
      this.arena.gemm(x.subarray(t * I), this.wx, G, n, H4, I, T * I, 1, H4, H4);
      const hPrev = this.hs.subarray(t * mb * H);
      this.arena.gemm(hPrev, this.wh, G, n, H4, H, H, 1, H4, H4);
      const cPrev = this.cs.subarray(t * mb * H);
      const cNext = this.cs.subarray((t + 1) * mb * H);
      const hNext = this.hs.subarray((t + 1) * mb * H);
      const tc = this.tcs.subarray(t * mb * H);
      for (let s = 0; s < n; s++) {
        const g0 = s * H4;
        for (let j = 0; j < H; j++) {
          const ig = sigmoid(G[g0 + j]);
          const fg = sigmoid(G[g0 + H + j]);
          const gg = Math.tanh(G[g0 + 2 * H + j]);
          const og = sigmoid(G[g0 + 3 * H + j]);
          G[g0 + j] = ig;
          G[g0 + H + j] = fg;
          G[g0 + 2 * H + j] = gg;
          G[g0 + 3 * H + j] = og;
          const c = fg * cPrev[s * H + j] + ig * gg;
          const th = Math.tanh(c);
          cNext[s * H + j] = c;
          tc[s * H + j] = th;
          hNext[s * H + j] = og * th;
        }
      }
    }
    y.set(this.hs.subarray(T * mb * H, T * mb * H + n * H));
  }

  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    const { steps: T, hidden: H, inputs: I, mb, dG, dh, dc } = this;
    const H4 = 4 * H;
    dh.set(dy.subarray(0, n * H));
    dc.fill(0, 0, n * H);
    if (dx !== null) {
      dx.fill(0, 0, n * this.inSize);
      transpose(this.wx, this.wxt, I, H4);
    }
    transpose(this.wh, this.wht, H, H4);
    for (let t = T - 1; t >= 0; t--) {
      const G = this.gates.subarray(t * mb * H4);
      const cPrev = this.cs.subarray(t * mb * H);
      const tc = this.tcs.subarray(t * mb * H);
      for (let s = 0; s < n; s++) {
        const g0 = s * H4;
        for (let j = 0; j < H; j++) {
          const k = s * H + j;
          const ig = G[g0 + j];
          const fg = G[g0 + H + j];
          const gg = G[g0 + 2 * H + j];
          const og = G[g0 + 3 * H + j];
          const th = tc[k];
          const dhv = dh[k];
          const dcv = dc[k] + dhv * og * (1 - th * th);
          dG[g0 + j] = dcv * gg * ig * (1 - ig);
          dG[g0 + H + j] = dcv * cPrev[k] * fg * (1 - fg);
          dG[g0 + 2 * H + j] = dcv * ig * (1 - gg * gg);
          dG[g0 + 3 * H + j] = dhv * th * og * (1 - og);
          dc[k] = dcv * fg;
        }
      }
      this.arena.gemm(x.subarray(t * I), dG, this.gwx, I, H4, n, 1, T * I, H4, H4);
      this.arena.gemm(this.hs.subarray(t * mb * H), dG, this.gwh, H, H4, n, 1, H, H4, H4);
      const gb = this.gb;
      for (let s = 0; s < n; s++) for (let j = 0; j < H4; j++) gb[j] += dG[s * H4 + j];
      if (dx !== null) this.arena.gemm(dG, this.wxt, dx.subarray(t * I), n, I, H4, H4, 1, I, T * I);
      dh.fill(0, 0, n * H);
      this.arena.gemm(dG, this.wht, dh, n, H, H4, H4, 1, H, H);
    }
  }
}
