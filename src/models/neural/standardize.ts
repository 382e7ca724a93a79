/**
 * Per-column standardisation learned in fit by the neural models that see raw rows (autoencoder, GAN):
 * mean and standard deviation over the finite values (std 0 → 1), z = (x - mean) / std; missing values
 * (NaN) become 0 (the column mean) where a model allows them.
 */
export interface ColumnScale {
  mean: Float32Array;
  std: Float32Array;
}

export function fitScale(data: Float32Array, rows: number, cols: number): ColumnScale {
  const mean = new Float32Array(cols);
  const std = new Float32Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    let n = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (Number.isFinite(v)) {
        s += v;
        n++;
      }
    }
    const m = n > 0 ? s / n : 0;
    let q = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j];
      if (Number.isFinite(v)) q += (v - m) * (v - m);
    }
    const sd = n > 0 ? Math.sqrt(q / n) : 0;
    mean[j] = m;
    std[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, std };
}

/** z = (x - mean) / std into `out` (non-finite values → 0). */
export function applyScale(
  data: Float32Array,
  rows: number,
  cols: number,
  s: ColumnScale,
  out: Float32Array,
): void {
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      out[i * cols + j] = Number.isFinite(v) ? (v - s.mean[j]) / s.std[j] : 0;
    }
}

/** x = z * std + mean, in place. */
export function invertScale(data: Float32Array, rows: number, cols: number, s: ColumnScale): void {
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) data[i * cols + j] = data[i * cols + j] * s.std[j] + s.mean[j];
}
