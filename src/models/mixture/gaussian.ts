/**
 * Gaussian component densities for the mixture model, in Float64:
 * - full covariance: lower Cholesky factor L (Sigma = L L^T), log N(x) = -0.5 (d ln 2pi + 2 sum ln L_ii
 *   + ||L^-1 (x - mu)||^2);
 * - diagonal covariance: one variance per column.
 * Covariances carry `reg` on the diagonal (scikit-learn's reg_covar) so a constant column stays positive.
 */
import { VigilError } from "../../errors.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** In-place lower Cholesky factor of a symmetric positive-definite d x d matrix (upper part zeroed). */
export function choleskyInPlace(a: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= a[j * d + k] * a[j * d + k];
    if (!(s > 0)) {
      throw new VigilError(
        "E_CONFIG",
        "gmm: covariance is not positive definite (increase regCovar or scale the columns)",
        {
          field: "regCovar",
        },
      );
    }
    const ljj = Math.sqrt(s);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / ljj;
    }
    for (let k = j + 1; k < d; k++) a[j * d + k] = 0;
  }
}

/** Log density of row x (offset xo in data) under N(mu, L L^T); `z` is a scratch of length d. */
export function logNormalFull(
  data: Float32Array,
  xo: number,
  mu: Float64Array,
  mo: number,
  L: Float64Array,
  lo: number,
  logDet: number,
  d: number,
  z: Float64Array,
): number {
  let q = 0;
  for (let i = 0; i < d; i++) {
    let t = data[xo + i] - mu[mo + i];
    const row = lo + i * d;
    for (let k = 0; k < i; k++) t -= L[row + k] * z[k];
    const zi = t / L[row + i];
    z[i] = zi;
    q += zi * zi;
  }
  return -0.5 * (d * LOG_2PI + logDet + q);
}

/** Log density of row x under N(mu, diag(v)); logDet = sum ln v. */
export function logNormalDiag(
  data: Float32Array,
  xo: number,
  mu: Float64Array,
  mo: number,
  v: Float64Array,
  logDet: number,
  d: number,
): number {
  let q = 0;
  for (let i = 0; i < d; i++) {
    const t = data[xo + i] - mu[mo + i];
    q += (t * t) / v[mo + i];
  }
  return -0.5 * (d * LOG_2PI + logDet + q);
}

/** 2 * sum ln L_ii of component c's Cholesky factor (its log-determinant). */
export function cholLogDet(L: Float64Array, c: number, d: number): number {
  let s = 0;
  const o = c * d * d;
  for (let i = 0; i < d; i++) s += Math.log(L[o + i * d + i]);
  return 2 * s;
}
