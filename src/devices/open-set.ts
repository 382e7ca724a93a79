/**
 * Open-set pieces: a standardizer (training median imputation, mean / std scaling, values clipped to
 * +-CLIP), the mean distance from a window to its k nearest reference windows of one class, and a
 * weighted quantile used to set the rejection thresholds.
 *
 * Rejection rule (DeviceModel): a window is "unknown" when
 *   1 - max class probability  >  probThreshold            (the forest is unsure), OR
 *   kNN distance to the predicted class's training windows / that class's own typical kNN distance
 *                              >  distThreshold            (it is far from anything that class did).
 * Each threshold is the (1 - alpha/2) class-balanced quantile of its score on known-device calibration
 * windows (held out, later in time than the fit windows), so the false-unknown rate on those windows is
 * at most alpha (union bound).
 */

export const CLIP = 10;

export interface Standardizer {
  median: Float64Array;
  mean: Float64Array;
  std: Float64Array;
}

export function fitStandardizer(rows: Float32Array[], nFeatures: number): Standardizer {
  const median = new Float64Array(nFeatures);
  const mean = new Float64Array(nFeatures);
  const std = new Float64Array(nFeatures);
  const col: number[] = [];
  for (let f = 0; f < nFeatures; f++) {
    col.length = 0;
    for (const r of rows) if (!Number.isNaN(r[f])) col.push(r[f]);
    col.sort((a, b) => a - b);
    median[f] = col.length > 0 ? col[col.length >> 1] : 0;
    let s = 0;
    let sq = 0;
    for (const r of rows) {
      const v = Number.isNaN(r[f]) ? median[f] : r[f];
      s += v;
      sq += v * v;
    }
    const n = Math.max(1, rows.length);
    mean[f] = s / n;
    const sd = Math.sqrt(Math.max(0, sq / n - mean[f] * mean[f]));
    std[f] = sd > 1e-9 ? sd : 1;
  }
  return { median, mean, std };
}

/** Standardized copy of one row (NaN -> median, then (x - mean) / std clipped to +-CLIP). */
export function standardize(
  s: Standardizer,
  x: Float32Array,
  out = new Float32Array(x.length),
): Float32Array {
  for (let f = 0; f < x.length; f++) {
    const v = Number.isNaN(x[f]) ? s.median[f] : x[f];
    const z = (v - s.mean[f]) / s.std[f];
    out[f] = z > CLIP ? CLIP : z < -CLIP ? -CLIP : z;
  }
  return out;
}

/**
 * Mean Euclidean distance from z to its k nearest rows of `ref` (row-major, d columns, n rows).
 * `skip` is a row index to leave out (leave-one-out on the reference itself), -1 for none.
 */
export function knnDistance(
  ref: Float32Array,
  n: number,
  d: number,
  z: Float32Array,
  k: number,
  skip = -1,
): number {
  const kk = Math.min(k, n - (skip >= 0 ? 1 : 0));
  if (kk <= 0) return Number.POSITIVE_INFINITY;
  const best = new Float64Array(kk).fill(Number.POSITIVE_INFINITY);
  for (let r = 0; r < n; r++) {
    if (r === skip) continue;
    let s = 0;
    const o = r * d;
    for (let f = 0; f < d; f++) {
      const t = ref[o + f] - z[f];
      s += t * t;
    }
    if (s < best[kk - 1]) {
      let i = kk - 1;
      while (i > 0 && best[i - 1] > s) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = s;
    }
  }
  let m = 0;
  for (let i = 0; i < kk; i++) m += Math.sqrt(best[i]);
  return m / kk;
}

/** The q-quantile of values under weights (the smallest v with cumulative weight share >= q). */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (idx.length === 0 || total <= 0) return Number.NaN;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i];
    if (acc >= q * total - 1e-12) return values[i];
  }
  return values[idx[idx.length - 1]];
}
