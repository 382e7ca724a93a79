/**
 * Log-loss for boosting: binary (one raw score per row, sigmoid) or multi-class (K raw scores, softmax).
 * Gradients and hessians are w·(p − y) and w·p(1 − p) (floored), interleaved per row for the grower.
 */

/** Raw-score columns: 1 for two classes, K otherwise. */
export function rawColumns(nClasses: number): number {
  return nClasses <= 2 ? 1 : nClasses;
}

/** Initial raw scores from the weighted class prior (log-odds, or log-priors for softmax). */
export function initialScores(y: Int32Array, w: Float64Array, nClasses: number): Float64Array {
  const prior = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    prior[y[i]] += w[i];
    total += w[i];
  }
  const eps = 1e-12;
  if (nClasses <= 2) {
    const p = Math.min(1 - eps, Math.max(eps, prior[1] / total));
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  const out = new Float64Array(nClasses);
  for (let k = 0; k < nClasses; k++) out[k] = Math.log(Math.max(eps, prior[k] / total));
  return out;
}

/** Probabilities (rows x nClasses) from raw scores (rows x rawColumns) in place into `out`. */
export function rawToProba(
  raw: Float64Array | Float32Array,
  rows: number,
  nClasses: number,
  out: Float32Array,
): void {
  if (nClasses <= 2) {
    for (let r = 0; r < rows; r++) {
      const p = 1 / (1 + Math.exp(-raw[r]));
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    }
    return;
  }
  const K = nClasses;
  for (let r = 0; r < rows; r++) {
    const b = r * K;
    let m = raw[b];
    for (let k = 1; k < K; k++) if (raw[b + k] > m) m = raw[b + k];
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(raw[b + k] - m);
    for (let k = 0; k < K; k++) out[b + k] = Math.exp(raw[b + k] - m) / s;
  }
}

/**
 * Gradients for raw column k of every row in idx[0..count), written interleaved into gh (2 per row).
 * `proba` is rows x nClasses for multi-class (softmax already applied) or rows x 2 for binary.
 */
export function gradients(
  proba: Float32Array,
  y: Int32Array,
  w: Float64Array,
  nClasses: number,
  k: number,
  idx: Int32Array,
  count: number,
  gh: Float64Array,
): void {
  const K = Math.max(2, nClasses);
  const cls = nClasses <= 2 ? 1 : k;
  for (let j = 0; j < count; j++) {
    const i = idx[j];
    const p = proba[i * K + cls];
    const t = y[i] === cls ? 1 : 0;
    gh[2 * i] = w[i] * (p - t);
    gh[2 * i + 1] = w[i] * Math.max(p * (1 - p), 1e-16);
  }
}

/** Weighted mean log-loss of rows idx[0..count). */
export function logLoss(
  proba: Float32Array,
  y: Int32Array,
  w: Float64Array,
  nClasses: number,
  idx: Int32Array,
): number {
  const K = Math.max(2, nClasses);
  let s = 0;
  let tw = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j];
    s -= w[i] * Math.log(Math.max(1e-15, proba[i * K + y[i]]));
    tw += w[i];
  }
  return tw > 0 ? s / tw : 0;
}
