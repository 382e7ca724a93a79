/** Seeded Gaussian blobs for the federated unit tests (k classes in d dimensions, well separated). */
import type { Matrix } from "../table/matrix.js";
import { Rng } from "./random.js";

export function blobs(
  n: number,
  d: number,
  k: number,
  seed: number,
  spread = 1,
): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const centers = Array.from({ length: k }, () => Float64Array.from({ length: d }, () => rng.normal() * 3));
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let j = 0; j < d; j++) X[i * d + j] = centers[c][j] + rng.normal() * spread;
  }
  return { X: { rows: n, cols: d, data: X }, y };
}
