/**
 * Losses on a batch of network outputs, each writing d loss / d output (already scaled) and returning
 * the summed (weighted) loss of the batch:
 * - softmax cross-entropy on logits (n x k) with integer labels and optional per-row weights;
 * - mean squared error (per row: mean over its d values) against a target.
 */

/**
 * Sum over rows of w_r * -log softmax(z_r)[y_r]; dz = scale * w_r * (softmax(z_r) - onehot(y_r)).
 * `probs` (n x k) receives the softmax. Labels and weights are read at [labelOff + r].
 */
export function softmaxCrossEntropy(
  z: Float32Array,
  n: number,
  k: number,
  labels: Int32Array,
  weights: Float32Array | null,
  labelOff: number,
  dz: Float32Array,
  scale: number,
): number {
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const off = r * k;
    let m = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if (z[off + c] > m) m = z[off + c];
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(z[off + c] - m);
    const logS = Math.log(s) + m;
    const y = labels[labelOff + r];
    const w = weights === null ? 1 : weights[labelOff + r];
    loss += w * (logS - z[off + y]);
    const g = scale * w;
    for (let c = 0; c < k; c++) dz[off + c] = g * Math.exp(z[off + c] - logS);
    dz[off + y] -= g;
  }
  return loss;
}

/** In-place softmax of each row of z (n x k). */
export function softmaxRows(z: Float32Array, n: number, k: number): void {
  for (let r = 0; r < n; r++) {
    const off = r * k;
    let m = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if (z[off + c] > m) m = z[off + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[off + c] - m);
      z[off + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) z[off + c] /= s;
  }
}

/**
 * Sum over rows of mean_j (out - target)^2; dOut = scale * 2 (out - target) / d. `rowLoss` (if given)
 * receives each row's mean squared error.
 */
export function meanSquaredError(
  out: Float32Array,
  target: Float32Array,
  n: number,
  d: number,
  dOut: Float32Array | null,
  scale: number,
  rowLoss?: Float64Array,
  rowLossOff = 0,
): number {
  let loss = 0;
  const g = (2 * scale) / d;
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const i = r * d + j;
      const e = out[i] - target[i];
      s += e * e;
      if (dOut !== null) dOut[i] = g * e;
    }
    if (rowLoss !== undefined) rowLoss[rowLossOff + r] = s / d;
    loss += s / d;
  }
  return loss;
}
