/**
 * Compatibility port of Kitsune's damped incremental statistics (AfterImage.py `incStat` and
 * `incStat_cov`), kept literal so that every float comes out as the reference's:
 * - a stream starts with w = 1e-20 and lastTimestamp = the creation packet's time (behaviour 3);
 * - decay 2^(-lambda * dt) is applied only when dt > 0 (behaviour 4);
 * - "std" is the variance |CF2/w - mean^2| (behaviour 1);
 * - mean/var/std are cached and the cache is cleared only by insert(), NOT by a decay done through a
 *   link, exactly as the reference (its radius/magnitude/pcc may read such cached values);
 * - inserting updates every link of the stream; updating a link decays the other stream (behaviour 7);
 * - powers are Python's math.pow, i.e. glibc's pow, reproduced bit for bit by ./libm-pow.ts.
 * Slow by design (objects, string ids); the fast path is ../fast.
 */
import { libmExp2, libmSquare } from "./libm-pow.js";

export class CompatIncStat {
  cf1 = 0;
  cf2 = 0;
  w = 1e-20;
  curMean = Number.NaN;
  curVar = Number.NaN;
  curStd = Number.NaN;
  readonly links: CompatIncStatLink[] = [];

  constructor(
    readonly id: string,
    readonly lambda: number,
    public lastTimestamp: number,
    readonly isTypeDiff: boolean,
  ) {}

  insert(value: number, t: number): void {
    let v = value;
    if (this.isTypeDiff) {
      const dif = t - this.lastTimestamp;
      v = dif > 0 ? dif : 0;
    }
    this.processDecay(t);
    this.cf1 += v;
    this.cf2 += libmSquare(v);
    this.w += 1;
    this.curMean = Number.NaN;
    this.curVar = Number.NaN;
    this.curStd = Number.NaN;
    for (const link of this.links) link.updateCov(this.id, v, t);
  }

  processDecay(t: number): void {
    const dt = t - this.lastTimestamp;
    if (dt > 0) {
      const factor = libmExp2(-this.lambda * dt);
      this.cf1 *= factor;
      this.cf2 *= factor;
      this.w *= factor;
      this.lastTimestamp = t;
    }
  }

  mean(): number {
    if (Number.isNaN(this.curMean)) this.curMean = this.cf1 / this.w;
    return this.curMean;
  }

  variance(): number {
    if (Number.isNaN(this.curVar)) {
      const m = this.mean();
      this.curVar = Math.abs(this.cf2 / this.w - libmSquare(m));
    }
    return this.curVar;
  }

  std(): number {
    if (Number.isNaN(this.curStd)) this.curStd = Math.sqrt(this.variance());
    return this.curStd;
  }

  /** Writes [weight, mean, variance] at out[o..o+2], refreshing the mean/variance cache (allstats_1D). */
  stats1D(out: Float64Array, o: number): void {
    this.curMean = this.cf1 / this.w;
    this.curVar = Math.abs(this.cf2 / this.w - libmSquare(this.curMean));
    out[o] = this.w;
    out[o + 1] = this.curMean;
    out[o + 2] = this.curVar;
  }

  /** The first link that has a side with this id (the reference's lookup, which compares ids). */
  findLink(id2: string): CompatIncStatLink | undefined {
    for (const link of this.links) {
      if (link.a.id === id2 || link.b.id === id2) return link;
    }
    return undefined;
  }
}

/** Residual-product statistics between two streams (incStat_cov). Side 0 = `a`, side 1 = `b`. */
export class CompatIncStatLink {
  cf3 = 0;
  w3 = 1e-20;
  lastRes0 = 0;
  lastRes1 = 0;

  constructor(
    readonly a: CompatIncStat,
    readonly b: CompatIncStat,
    public lastTimestamp: number,
  ) {}

  /** Called after stream `id` received (v, t). */
  updateCov(id: string, v: number, t: number): void {
    let side: 0 | 1;
    if (id === this.a.id) side = 0;
    else if (id === this.b.id) side = 1;
    else return;
    const self = side === 0 ? this.a : this.b;
    const other = side === 0 ? this.b : this.a;
    other.processDecay(t);
    const dt = t - this.lastTimestamp;
    if (dt > 0) {
      const factor = libmExp2(-self.lambda * dt);
      this.cf3 *= factor;
      this.w3 *= factor;
      this.lastTimestamp = t;
      if (side === 0) this.lastRes0 *= factor;
      else this.lastRes1 *= factor;
    }
    const res = v - self.mean();
    const otherRes = side === 0 ? this.lastRes1 : this.lastRes0;
    this.cf3 += res * otherRes;
    this.w3 += 1;
    if (side === 0) this.lastRes0 = res;
    else this.lastRes1 = res;
  }

  /** Writes [radius, magnitude, covariance, pcc] at out[o..o+3] (get_stats2). */
  stats2D(out: Float64Array, o: number): void {
    const va = this.a.variance();
    const vb = this.b.variance();
    out[o] = Math.sqrt(libmSquare(va) + libmSquare(vb));
    const ma = this.a.mean();
    const mb = this.b.mean();
    out[o + 1] = Math.sqrt(libmSquare(ma) + libmSquare(mb));
    const cov = this.cf3 / this.w3;
    out[o + 2] = cov;
    const ss = this.a.std() * this.b.std();
    out[o + 3] = ss !== 0 ? cov / ss : 0;
  }
}
