/**
 * Bernoulli-Bernoulli restricted Boltzmann machine trained by contrastive divergence (CD-k, Hinton 2002):
 *   P(h_j = 1 | v) = σ(c_j + sum_i v_i W_ij),  P(v_i = 1 | h) = σ(b_i + sum_j W_ij h_j)
 * One CD-k step on a batch v0: h0 ~ P(h | v0); k alternations v_t = P(v | h_{t-1}) (mean field),
 * h_t ~ P(h | v_t); then W += lr (v0ᵀ P(h|v0) - v_kᵀ P(h|v_k)) / n, b += lr mean(v0 - v_k),
 * c += lr mean(P(h|v0) - P(h|v_k)). Visible values must lie in [0, 1]. Products run on an Arena.
 */
import type { Rng } from "../tree/random.js";
import { Arena, transpose } from "./gemm.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export class RbmCore {
  readonly arena: Arena;
  /** W (nVisible x nHidden, row-major), visible bias b, hidden bias c. */
  readonly w: Float32Array;
  readonly vb: Float32Array;
  readonly hb: Float32Array;
  /** Batch buffers (maxBatch rows). */
  readonly v0: Float32Array;
  private readonly ph0: Float32Array;
  private readonly h: Float32Array;
  private readonly vk: Float32Array;
  private readonly phk: Float32Array;
  private readonly gPos: Float32Array;
  private readonly gNeg: Float32Array;
  private readonly wt: Float32Array;

  constructor(
    readonly nVisible: number,
    readonly nHidden: number,
    readonly maxBatch: number,
  ) {
    const V = nVisible;
    const H = nHidden;
    const S = Arena.size;
    this.arena = new Arena(4 * S(V * H) + S(V) + S(H) + 2 * S(maxBatch * V) + 3 * S(maxBatch * H));
    const a = this.arena;
    this.w = a.alloc(V * H);
    this.vb = a.alloc(V);
    this.hb = a.alloc(H);
    this.v0 = a.alloc(maxBatch * V);
    this.ph0 = a.alloc(maxBatch * H);
    this.h = a.alloc(maxBatch * H);
    this.vk = a.alloc(maxBatch * V);
    this.phk = a.alloc(maxBatch * H);
    this.gPos = a.alloc(V * H);
    this.gNeg = a.alloc(V * H);
    this.wt = a.alloc(V * H);
  }

  init(rng: Rng): void {
    for (let i = 0; i < this.w.length; i++) this.w[i] = 0.01 * rng.normal();
    this.vb.fill(0);
    this.hb.fill(0);
  }

  /** out (n x H) = P(h = 1 | v) for the n rows of v (an arena view). */
  hiddenProbs(v: Float32Array, n: number, out: Float32Array): void {
    const H = this.nHidden;
    for (let s = 0; s < n; s++) out.set(this.hb, s * H);
    this.arena.matmul(v, this.w, out, n, H, this.nVisible);
    for (let i = 0; i < n * H; i++) out[i] = sigmoid(out[i]);
  }

  /** out (n x V) = P(v = 1 | h). Call refreshTranspose() after W changes. */
  private visibleProbs(h: Float32Array, n: number, out: Float32Array): void {
    const V = this.nVisible;
    for (let s = 0; s < n; s++) out.set(this.vb, s * V);
    this.arena.matmul(h, this.wt, out, n, V, this.nHidden);
    for (let i = 0; i < n * V; i++) out[i] = sigmoid(out[i]);
  }

  /** One CD-k update on the n rows in v0; returns the summed squared reconstruction error. */
  cdStep(n: number, k: number, lr: number, rng: Rng): number {
    const V = this.nVisible;
    const H = this.nHidden;
    transpose(this.w, this.wt, V, H);
    this.hiddenProbs(this.v0, n, this.ph0);
    let ph = this.ph0;
    for (let step = 0; step < k; step++) {
      for (let i = 0; i < n * H; i++) this.h[i] = rng.float() < ph[i] ? 1 : 0;
      this.visibleProbs(this.h, n, this.vk);
      this.hiddenProbs(this.vk, n, this.phk);
      ph = this.phk;
    }
    this.gPos.fill(0);
    this.gNeg.fill(0);
    this.arena.matmulTN(this.v0, this.ph0, this.gPos, n, V, H);
    this.arena.matmulTN(this.vk, this.phk, this.gNeg, n, V, H);
    const sc = lr / n;
    for (let i = 0; i < V * H; i++) this.w[i] += sc * (this.gPos[i] - this.gNeg[i]);
    let err = 0;
    for (let s = 0; s < n; s++)
      for (let i = 0; i < V; i++) {
        const d = this.v0[s * V + i] - this.vk[s * V + i];
        this.vb[i] += sc * d;
        err += d * d;
      }
    for (let s = 0; s < n; s++)
      for (let j = 0; j < H; j++) this.hb[j] += sc * (this.ph0[s * H + j] - this.phk[s * H + j]);
    return err;
  }

  /** Hidden probabilities for all rows of data (rows x V, any memory) → rows x H. */
  transformAll(data: Float32Array, rows: number): Float32Array {
    const V = this.nVisible;
    const H = this.nHidden;
    const out = new Float32Array(rows * H);
    for (let s = 0; s < rows; s += this.maxBatch) {
      const n = Math.min(this.maxBatch, rows - s);
      this.v0.set(data.subarray(s * V, (s + n) * V));
      this.hiddenProbs(this.v0, n, this.phk);
      out.set(this.phk.subarray(0, n * H), s * H);
    }
    return out;
  }

  /** `epochs` passes of CD-k over data (rows x V in [0, 1]) in shuffled mini-batches; mean error per epoch. */
  train(
    data: Float32Array,
    rows: number,
    o: { epochs: number; batchSize: number; k: number; lr: number; rng: Rng },
  ): number[] {
    const V = this.nVisible;
    const order = Int32Array.from({ length: rows }, (_, i) => i);
    const errs: number[] = [];
    const bs = Math.min(o.batchSize, this.maxBatch);
    for (let e = 0; e < o.epochs; e++) {
      for (let i = rows - 1; i > 0; i--) {
        const j = o.rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      let err = 0;
      for (let s = 0; s < rows; s += bs) {
        const n = Math.min(bs, rows - s);
        for (let r = 0; r < n; r++)
          this.v0.set(data.subarray(order[s + r] * V, (order[s + r] + 1) * V), r * V);
        err += this.cdStep(n, o.k, o.lr, o.rng);
      }
      errs.push(err / (rows * V));
    }
    return errs;
  }
}

/** Per-column min and range of the finite values (range 0 → 1): v = clip((x - min) / range, 0, 1). */
export function fitMinMax(
  data: Float32Array,
  rows: number,
  cols: number,
): { min: Float32Array; range: Float32Array } {
  const min = new Float32Array(cols).fill(Number.POSITIVE_INFINITY);
  const max = new Float32Array(cols).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  const range = new Float32Array(cols);
  for (let j = 0; j < cols; j++) {
    if (!Number.isFinite(min[j])) min[j] = 0;
    const r = max[j] - min[j];
    range[j] = Number.isFinite(r) && r > 1e-12 ? r : 1;
  }
  return { min, range };
}

export function applyMinMax(
  data: Float32Array,
  rows: number,
  cols: number,
  min: Float32Array,
  range: Float32Array,
): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = (data[i * cols + j] - min[j]) / range[j];
      out[i * cols + j] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  return out;
}
