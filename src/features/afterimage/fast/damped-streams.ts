/**
 * Damped 1-D streams for the fast (default) AfterImage: per key and per decay rate lambda, the decayed
 * count w, linear sum CF1 and sum of squares CF2 of the values seen, all multiplied by
 * 2^(-lambda * dt) when time advances by dt > 0 seconds. Derived statistics:
 *   weight = w, mean = CF1 / w, variance = max(0, CF2 / w - mean^2), std = sqrt(variance).
 * mean and variance do not change under decay (numerator and denominator scale alike), so a stream
 * that is only read (the far side of a link) never needs decaying.
 * Storage: one KeyTable plus Float64Arrays indexed [slot * 5 + lambda]; bounded by the table.
 */
import { N_LAMBDAS } from "../lambdas.js";
import { decayFactors } from "./decay-factors.js";
import type { KeyTable } from "./key-table.js";

export class DampedStreams {
  w: Float64Array;
  cf1: Float64Array;
  cf2: Float64Array;
  lastT: Float64Array;
  private cap: number;
  private readonly f = new Float64Array(N_LAMBDAS);

  constructor(readonly table: KeyTable) {
    this.cap = table.capacity;
    this.w = new Float64Array(this.cap * N_LAMBDAS);
    this.cf1 = new Float64Array(this.cap * N_LAMBDAS);
    this.cf2 = new Float64Array(this.cap * N_LAMBDAS);
    this.lastT = new Float64Array(this.cap);
  }

  /** Slot of the key in `table.key`, created empty (w = 0, last time = now) when new. */
  upsert(now: number): number {
    const s = this.table.upsert(now);
    if (this.table.capacity !== this.cap) this.grow();
    if (this.table.inserted) {
      const o = s * N_LAMBDAS;
      for (let i = o; i < o + N_LAMBDAS; i++) {
        this.w[i] = 0;
        this.cf1[i] = 0;
        this.cf2[i] = 0;
      }
      this.lastT[s] = now;
    }
    return s;
  }

  /** Bytes held (table and statistics). */
  bytes(): number {
    return (
      this.table.bytes() +
      this.w.byteLength +
      this.cf1.byteLength +
      this.cf2.byteLength +
      this.lastT.byteLength
    );
  }

  /** Decays slot `s` to time t (only when t is later) and adds value v with weight 1. */
  insert(s: number, v: number, t: number): void {
    const o = s * N_LAMBDAS;
    const dt = t - this.lastT[s];
    const w = this.w;
    const cf1 = this.cf1;
    const cf2 = this.cf2;
    if (dt > 0) {
      this.lastT[s] = t;
      decayFactors(dt, this.f);
      for (let i = 0; i < N_LAMBDAS; i++) {
        const f = this.f[i];
        w[o + i] = w[o + i] * f + 1;
        cf1[o + i] = cf1[o + i] * f + v;
        cf2[o + i] = cf2[o + i] * f + v * v;
      }
    } else {
      for (let i = 0; i < N_LAMBDAS; i++) {
        w[o + i] += 1;
        cf1[o + i] += v;
        cf2[o + i] += v * v;
      }
    }
  }

  mean(s: number, i: number): number {
    const w = this.w[s * N_LAMBDAS + i];
    return w > 0 ? this.cf1[s * N_LAMBDAS + i] / w : 0;
  }

  variance(s: number, i: number): number {
    const k = s * N_LAMBDAS + i;
    const w = this.w[k];
    if (w <= 0) return 0;
    const m = this.cf1[k] / w;
    const v = this.cf2[k] / w - m * m;
    return v > 0 ? v : 0;
  }

  private grow(): void {
    const n = this.table.capacity;
    this.w = grown(this.w, n * N_LAMBDAS);
    this.cf1 = grown(this.cf1, n * N_LAMBDAS);
    this.cf2 = grown(this.cf2, n * N_LAMBDAS);
    this.lastT = grown(this.lastT, n);
    this.cap = n;
  }
}

export function grown(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
