/** Seeded sampling for simulations and partitions: Gamma / Dirichlet draws and shuffles over models/tree's Rng. */
import { Rng } from "../models/tree/random.js";

export { Rng };

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 via the U^(1/shape) boost. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const u = Math.max(rng.float(), 1e-300);
    return gamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.float();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A draw from Dirichlet(alpha, ..., alpha) of dimension k. */
export function dirichlet(rng: Rng, alpha: number, k: number): Float64Array {
  const g = new Float64Array(k);
  let s = 0;
  for (let i = 0; i < k; i++) {
    g[i] = gamma(rng, alpha);
    s += g[i];
  }
  if (s === 0) {
    g[rng.int(k)] = 1;
    return g;
  }
  for (let i = 0; i < k; i++) g[i] /= s;
  return g;
}

export function shuffle(a: Int32Array, rng: Rng): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
