/**
 * Damped 2-D links between two streams of one DampedStreams store (the fast AfterImage's
 * radius / magnitude / covariance / pcc). A link is keyed by the two stream slots and their
 * generations (so a link dies with either stream), unordered: traffic A->B and B->A share it.
 * Per lambda it keeps CF3 (decayed sum of residual products), w3 (its weight) and each side's last
 * residual; on a value v from side s: decay everything by 2^(-lambda dt), res = v - mean_s,
 * CF3 += res * lastRes_other, w3 += 1, lastRes_s = res.
 *   covariance = CF3 / w3;  pcc = covariance / (std_a * std_b), 0 when that product is ~0;
 *   radius = sqrt(var_a^2 + var_b^2);  magnitude = sqrt(mean_a^2 + mean_b^2).
 */
import { N_LAMBDAS } from "../lambdas.js";
import { type DampedStreams, grown } from "./damped-streams.js";
import { decayFactors } from "./decay-factors.js";
import type { KeyTable } from "./key-table.js";

/** Below this, std_a * std_b counts as 0 and pcc is reported as 0. */
const MIN_STD_PRODUCT = 1e-12;

export class DampedLinks {
  cf3: Float64Array;
  w3: Float64Array;
  /** [slot * 10 + side * 5 + lambda] */
  lastRes: Float64Array;
  lastT: Float64Array;
  private cap: number;
  private readonly f = new Float64Array(N_LAMBDAS);

  constructor(
    readonly table: KeyTable,
    readonly streams: DampedStreams,
  ) {
    this.cap = table.capacity;
    this.cf3 = new Float64Array(this.cap * N_LAMBDAS);
    this.w3 = new Float64Array(this.cap * N_LAMBDAS);
    this.lastRes = new Float64Array(this.cap * 2 * N_LAMBDAS);
    this.lastT = new Float64Array(this.cap);
  }

  /** Bytes held (table and statistics). */
  bytes(): number {
    return (
      this.table.bytes() +
      this.cf3.byteLength +
      this.w3.byteLength +
      this.lastRes.byteLength +
      this.lastT.byteLength
    );
  }

  /**
   * Adds value v at time t from stream `from` (already updated with v) towards stream `to`, and writes
   * [radius, magnitude, covariance, pcc] for each lambda at out[o + i * stride ...].
   */
  update(from: number, to: number, v: number, t: number, out: Float64Array, o: number, stride: number): void {
    const st = this.streams;
    const gFrom = st.table.generation[from];
    const gTo = st.table.generation[to];
    const k = this.table.key;
    const fromIsA = from <= to;
    k[0] = fromIsA ? from : to;
    k[1] = fromIsA ? gFrom : gTo;
    k[2] = fromIsA ? to : from;
    k[3] = fromIsA ? gTo : gFrom;
    const s = this.table.upsert(t);
    if (this.table.capacity !== this.cap) this.grow();
    const base = s * N_LAMBDAS;
    const resSelf = s * 2 * N_LAMBDAS + (fromIsA ? 0 : N_LAMBDAS);
    const resOther = s * 2 * N_LAMBDAS + (fromIsA ? N_LAMBDAS : 0);
    if (this.table.inserted) {
      for (let i = 0; i < N_LAMBDAS; i++) {
        this.cf3[base + i] = 0;
        this.w3[base + i] = 0;
        this.lastRes[resSelf + i] = 0;
        this.lastRes[resOther + i] = 0;
      }
      this.lastT[s] = t;
    }
    const dt = t - this.lastT[s];
    if (dt > 0) {
      this.lastT[s] = t;
      decayFactors(dt, this.f);
    }
    for (let i = 0; i < N_LAMBDAS; i++) {
      if (dt > 0) {
        const f = this.f[i];
        this.cf3[base + i] *= f;
        this.w3[base + i] *= f;
        this.lastRes[resOther + i] *= f;
      }
      const meanFrom = st.mean(from, i);
      const res = v - meanFrom;
      this.cf3[base + i] += res * this.lastRes[resOther + i];
      this.w3[base + i] += 1;
      this.lastRes[resSelf + i] = res;
      const varFrom = st.variance(from, i);
      const varTo = st.variance(to, i);
      const meanTo = st.mean(to, i);
      const cov = this.cf3[base + i] / this.w3[base + i];
      const ss = Math.sqrt(varFrom) * Math.sqrt(varTo);
      const j = o + i * stride;
      out[j] = Math.sqrt(varFrom * varFrom + varTo * varTo);
      out[j + 1] = Math.sqrt(meanFrom * meanFrom + meanTo * meanTo);
      out[j + 2] = cov;
      out[j + 3] = ss > MIN_STD_PRODUCT ? cov / ss : 0;
    }
  }

  private grow(): void {
    const n = this.table.capacity;
    this.cf3 = grown(this.cf3, n * N_LAMBDAS);
    this.w3 = grown(this.w3, n * N_LAMBDAS);
    this.lastRes = grown(this.lastRes, n * 2 * N_LAMBDAS);
    this.lastT = grown(this.lastT, n);
    this.cap = n;
  }
}
