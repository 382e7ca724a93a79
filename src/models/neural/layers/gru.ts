/**
 * GRU over a time-major sequence (per sample: T steps x I inputs), output = the last hidden state h_T.
 * PyTorch's formulation (ONNX GRU with linear_before_reset = 1), gate order r, z, n:
 *   r = σ(x·Wx_r + bx_r + h·Wh_r + bh_r);  z = σ(x·Wx_z + bx_z + h·Wh_z + bh_z)
 *   n = tanh(x·Wx_n + bx_n + r ⊙ (h·Wh_n + bh_n));  h' = (1 - z) ⊙ n + z ⊙ h;  h_0 = 0
 * Parameters, in order: Wx (I x 3H), Wh (H x 3H), bx (3H), bh (3H).
 */
import type { Rng } from "../../tree/random.js";
import { Arena, transpose } from "../gemm.js";
import type { Layer, LayerContext } from "./layer.js";
import { uniformFanIn } from "./layer.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export class GRU implements Layer {
  readonly name = "gru";
  readonly inSize: number;
  readonly outSize: number;
  readonly paramCount: number;
  readonly bufferCount = 0;
  private wx!: Float32Array;
  private wh!: Float32Array;
  private bx!: Float32Array;
  private bh!: Float32Array;
  private gwx!: Float32Array;
  private gwh!: Float32Array;
  private gbx!: Float32Array;
  private gbh!: Float32Array;
  /** Per step caches (T x mb x H): r, z, n, h·Wh_n + bh_n. */
  private rs!: Float32Array;
  private zs!: Float32Array;
  private ns!: Float32Array;
  private ghn!: Float32Array;
  private hs!: Float32Array;
  private gx!: Float32Array;
  private gh!: Float32Array;
  private dh!: Float32Array;
  private dhPrev!: Float32Array;
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
    this.paramCount = inputs * 3 * hidden + hidden * 3 * hidden + 6 * hidden;
  }

  scratchSize(mb: number): number {
    const { steps: T, hidden: H, inputs: I } = this;
    return (
      4 * Arena.size(T * mb * H) +
      Arena.size((T + 1) * mb * H) +
      2 * Arena.size(mb * 3 * H) +
      2 * Arena.size(mb * H) +
      Arena.size(3 * H * I) +
      Arena.size(3 * H * H)
    );
  }

  bind(params: Float32Array, grads: Float32Array, _b: Float32Array, ctx: LayerContext): void {
    const { steps: T, hidden: H, inputs: I } = this;
    const mb = ctx.maxBatch;
    const a = I * 3 * H;
    const b = a + H * 3 * H;
    const c = b + 3 * H;
    this.wx = params.subarray(0, a);
    this.wh = params.subarray(a, b);
    this.bx = params.subarray(b, c);
    this.bh = params.subarray(c, c + 3 * H);
    this.gwx = grads.subarray(0, a);
    this.gwh = grads.subarray(a, b);
    this.gbx = grads.subarray(b, c);
    this.gbh = grads.subarray(c, c + 3 * H);
    const ar = ctx.arena;
    this.arena = ar;
    this.mb = mb;
    this.rs = ar.alloc(T * mb * H);
    this.zs = ar.alloc(T * mb * H);
    this.ns = ar.alloc(T * mb * H);
    this.ghn = ar.alloc(T * mb * H);
    this.hs = ar.alloc((T + 1) * mb * H);
    this.gx = ar.alloc(mb * 3 * H);
    this.gh = ar.alloc(mb * 3 * H);
    this.dh = ar.alloc(mb * H);
    this.dhPrev = ar.alloc(mb * H);
    this.wxt = ar.alloc(3 * H * I);
    this.wht = ar.alloc(3 * H * H);
  }

  /** Weight views for exporters: wx (I x 3H), wh (H x 3H), bx, bh (3H), gate order r, z, n. */
  get weights(): { wx: Float32Array; wh: Float32Array; bx: Float32Array; bh: Float32Array } {
    return { wx: this.wx, wh: this.wh, bx: this.bx, bh: this.bh };
  }

  init(rng: Rng): void {
    for (const w of [this.wx, this.wh, this.bx, this.bh]) uniformFanIn(w, this.hidden, rng);
  }

  forward(x: Float32Array, y: Float32Array, n: number): void {
    const { steps: T, hidden: H, inputs: I, mb, gx, gh } = this;
    const H3 = 3 * H;
    this.hs.fill(0, 0, n * H);
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < n; s++) {
        gx.set(this.bx, s * H3);
        gh.set(this.bh, s * H3);
      }
      const hPrev = this.hs.subarray(t * mb * H);
      this.arena.gemm(x.subarray(t * I), this.wx, gx, n, H3, I, T * I, 1, H3, H3);
      this.arena.gemm(hPrev, this.wh, gh, n, H3, H, H, 1, H3, H3);
      const hNext = this.hs.subarray((t + 1) * mb * H);
      const o = t * mb * H;
      for (let s = 0; s < n; s++) {
        for (let j = 0; j < H; j++) {
          const g = s * H3 + j;
          const r = sigmoid(gx[g] + gh[g]);
          const z = sigmoid(gx[g + H] + gh[g + H]);
          const hn = gh[g + 2 * H];
          const nn = Math.tanh(gx[g + 2 * H] + r * hn);
          const k = s * H + j;
          this.rs[o + k] = r;
          this.zs[o + k] = z;
          this.ns[o + k] = nn;
          this.ghn[o + k] = hn;
          hNext[k] = (1 - z) * nn + z * hPrev[k];
        }
      }
    }
    y.set(this.hs.subarray(T * mb * H, T * mb * H + n * H));
  }

  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    const { steps: T, hidden: H, inputs: I, mb } = this;
    const H3 = 3 * H;
    const dGx = this.gx;
    const dGh = this.gh;
    let dh = this.dh;
    let dhPrev = this.dhPrev;
    dh.set(dy.subarray(0, n * H));
    if (dx !== null) {
      dx.fill(0, 0, n * this.inSize);
      transpose(this.wx, this.wxt, I, H3);
    }
    transpose(this.wh, this.wht, H, H3);
    for (let t = T - 1; t >= 0; t--) {
      const o = t * mb * H;
      const hPrev = this.hs.subarray(t * mb * H);
      for (let s = 0; s < n; s++) {
        for (let j = 0; j < H; j++) {
          const k = s * H + j;
          const g = s * H3 + j;
          const r = this.rs[o + k];
          const z = this.zs[o + k];
          const nn = this.ns[o + k];
          const dhv = dh[k];
          const dan = dhv * (1 - z) * (1 - nn * nn);
          const daz = dhv * (hPrev[k] - nn) * z * (1 - z);
          const dar = dan * this.ghn[o + k] * r * (1 - r);
          dGx[g] = dar;
          dGh[g] = dar;
          dGx[g + H] = daz;
          dGh[g + H] = daz;
          dGx[g + 2 * H] = dan;
          dGh[g + 2 * H] = dan * r;
          dhPrev[k] = dhv * z;
        }
      }
      this.arena.gemm(x.subarray(t * I), dGx, this.gwx, I, H3, n, 1, T * I, H3, H3);
      this.arena.gemm(hPrev, dGh, this.gwh, H, H3, n, 1, H, H3, H3);
      for (let s = 0; s < n; s++)
        for (let j = 0; j < H3; j++) {
          this.gbx[j] += dGx[s * H3 + j];
          this.gbh[j] += dGh[s * H3 + j];
        }
      if (dx !== null) this.arena.gemm(dGx, this.wxt, dx.subarray(t * I), n, I, H3, H3, 1, I, T * I);
      this.arena.gemm(dGh, this.wht, dhPrev, n, H, H3, H3, 1, H, H);
      const tmp = dh;
      dh = dhPrev;
      dhPrev = tmp;
    }
  }
}
