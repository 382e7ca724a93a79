/**
 * KitNET's feature mapper (Kitsune's corClust): incremental statistics from which the correlation
 * distance between every pair of features is formed, then single-linkage clustering of that
 * distance, cut top-down until no cluster has more than maxSize features.
 * Update with x (N counts updates): c += x; r = x - c/N; cR += r; cRs += r^2; C += r r^T.
 * Distance: D = 1 - C / (sqrt(cRs) sqrt(cRs)^T) (a zero denominator counts as 1e-100), negatives set to 0.
 */
import { singleLinkage, splitDendrogram } from "./single-linkage.js";

export interface CorrelationState {
  n: number;
  count: number;
  c: Float64Array;
  cR: Float64Array;
  cRs: Float64Array;
  cov: Float64Array;
}

export class CorrelationClusters {
  count = 0;
  readonly c: Float64Array;
  readonly cR: Float64Array;
  readonly cRs: Float64Array;
  /** n x n, row-major. */
  readonly cov: Float64Array;
  private readonly r: Float64Array;

  constructor(
    readonly n: number,
    state?: CorrelationState,
  ) {
    this.c = state?.c ?? new Float64Array(n);
    this.cR = state?.cR ?? new Float64Array(n);
    this.cRs = state?.cRs ?? new Float64Array(n);
    this.cov = state?.cov ?? new Float64Array(n * n);
    this.count = state?.count ?? 0;
    this.r = new Float64Array(n);
  }

  state(): CorrelationState {
    return { n: this.n, count: this.count, c: this.c, cR: this.cR, cRs: this.cRs, cov: this.cov };
  }

  update(x: Float64Array): void {
    const n = this.n;
    this.count++;
    const r = this.r;
    for (let i = 0; i < n; i++) {
      this.c[i] += x[i];
      r[i] = x[i] - this.c[i] / this.count;
      this.cR[i] += r[i];
      this.cRs[i] += r[i] * r[i];
    }
    const cov = this.cov;
    for (let i = 0; i < n; i++) {
      const o = i * n;
      const ri = r[i];
      for (let j = 0; j < n; j++) cov[o + j] += ri * r[j];
    }
  }

  /** Condensed distance vector (pairs i < j in row-major order), as scipy's linkage takes it. */
  condensedDistance(): Float64Array {
    const n = this.n;
    const sq = new Float64Array(n);
    for (let i = 0; i < n; i++) sq[i] = Math.sqrt(this.cRs[i]);
    const out = new Float64Array((n * (n - 1)) / 2);
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let den = sq[i] * sq[j];
        if (den === 0) den = 1e-100;
        const d = 1 - this.cov[i * n + j] / den;
        out[k++] = d < 0 ? 0 : d;
      }
    }
    return out;
  }

  /** Feature groups of at most maxSize features (Kitsune's order: dendrogram pre-order, left first). */
  cluster(maxSize: number): number[][] {
    const m = Math.min(Math.max(1, maxSize), this.n);
    if (this.n === 1) return [[0]];
    return splitDendrogram(singleLinkage(this.condensedDistance(), this.n), this.n, m);
  }
}
