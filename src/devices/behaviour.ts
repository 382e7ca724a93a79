/**
 * Abrupt behaviour change of one device: each new window fingerprint (standardized with the model's
 * scaler, or the inventory's running one) is compared with an exponentially weighted mean and variance
 * of that device's own past windows:
 *   z_f   = (x_f - mean_f) / sqrt(var_f + floor^2)        (floor: `floorStd` global standard deviations)
 *   score = sqrt(mean over features of min(z_f^2, 100))
 * After `warmup` windows, `consecutive` windows in a row with score > `threshold` raise one alert; the
 * device is then re-baselined on its new behaviour (so a lasting change alerts once, not every window).
 * Outlying windows do not update the baseline (a change must not hide itself by inflating the variance).
 */

export interface BehaviourParams {
  /** EWMA weight of the newest window. */
  alpha: number;
  warmup: number;
  threshold: number;
  consecutive: number;
  floorStd: number;
}

export const DEFAULT_BEHAVIOUR: BehaviourParams = {
  alpha: 0.1,
  warmup: 10,
  threshold: 3,
  consecutive: 2,
  floorStd: 0.5,
};

export class BehaviourTracker {
  private mean: Float64Array | null = null;
  private var_: Float64Array | null = null;
  private seen = 0;
  private over = 0;
  /** Score of the last window (NaN during warm-up). */
  lastScore = Number.NaN;

  constructor(private readonly p: BehaviourParams) {}

  /** Adds a standardized window; returns true when it completes an abrupt change. */
  update(z: Float32Array): boolean {
    const d = z.length;
    if (this.mean === null || this.var_ === null) {
      this.mean = Float64Array.from(z);
      this.var_ = new Float64Array(d);
      this.seen = 1;
      return false;
    }
    const m = this.mean;
    const v = this.var_;
    const floor2 = this.p.floorStd * this.p.floorStd;
    let s = 0;
    for (let f = 0; f < d; f++) {
      const dz = z[f] - m[f];
      const q = (dz * dz) / (v[f] + floor2);
      s += q > 100 ? 100 : q;
    }
    const score = Math.sqrt(s / d);
    this.seen++;
    this.lastScore = this.seen > this.p.warmup ? score : Number.NaN;
    let changed = false;
    const outlier = this.seen > this.p.warmup && score > this.p.threshold;
    if (outlier) {
      this.over++;
      if (this.over === this.p.consecutive) changed = true;
    } else {
      this.over = 0;
    }
    if (changed) {
      // Re-baseline on the new behaviour: its mean, the old spread.
      m.set(z);
      this.seen = Math.max(1, this.p.warmup - 2);
      this.over = 0;
      return true;
    }
    if (outlier) return false; // the baseline is frozen while a change is suspected
    const a = this.p.alpha;
    for (let f = 0; f < d; f++) {
      const dz = z[f] - m[f];
      m[f] += a * dz;
      v[f] = (1 - a) * (v[f] + a * dz * dz);
    }
    return false;
  }
}

/** Running mean / variance of every window (Welford): the scaler when there is no trained model. */
export class RunningScale {
  n = 0;
  readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(readonly d: number) {
    this.mean = new Float64Array(d);
    this.m2 = new Float64Array(d);
  }

  add(x: Float32Array): void {
    this.n++;
    for (let f = 0; f < this.d; f++) {
      const v = Number.isNaN(x[f]) ? this.mean[f] : x[f];
      const dv = v - this.mean[f];
      this.mean[f] += dv / this.n;
      this.m2[f] += dv * (v - this.mean[f]);
    }
  }

  standardize(x: Float32Array, out: Float32Array): Float32Array {
    for (let f = 0; f < this.d; f++) {
      const sd = this.n > 1 ? Math.sqrt(this.m2[f] / (this.n - 1)) : 1;
      const v = Number.isNaN(x[f]) ? this.mean[f] : x[f];
      const z = (v - this.mean[f]) / (sd > 1e-9 ? sd : 1);
      out[f] = z > 10 ? 10 : z < -10 ? -10 : z;
    }
    return out;
  }
}
