/**
 * Dual coordinate descent for one binary L2-regularized linear SVM (Hsieh, Chang, Lin, Keerthi,
 * Sathiya, Sundararajan, "A Dual Coordinate Descent Method for Large-scale Linear SVM", ICML 2008; the
 * method of liblinear's solver 1 / 3). Minimizes
 *   0.5 |w|^2 + sum_i C_i loss(y_i w.x_i),  loss = hinge (L1) or squared hinge (L2),
 * where, as in liblinear, the bias is an extra feature of constant value `bias` and is regularized.
 * Each epoch visits the rows in a seeded random order; it stops when the spread of the projected
 * gradient (max PG - min PG) is at most `tol` (liblinear's criterion, without shrinking).
 */
import { Rng } from "../tree/random.js";

export interface DualCdOptions {
  loss: "hinge" | "squared-hinge";
  tol: number;
  maxIter: number;
  /** Value of the constant bias feature (0 = no intercept). */
  bias: number;
  seed: number;
}

export interface DualCdResult {
  /** d + 1 values: weights, then the bias weight (multiply by `bias` for the intercept). */
  w: Float64Array;
  epochs: number;
  converged: boolean;
}

/**
 * X row-major n x d (Float32), sign[i] in {+1, -1}, cost[i] = C_i (0 skips the row).
 * `sqNorm` holds |x_i|^2 (shared between the one-vs-rest problems of a multi-class fit).
 */
export function dualCd(
  X: Float32Array,
  n: number,
  d: number,
  sign: Int8Array,
  cost: Float64Array,
  sqNorm: Float64Array,
  opts: DualCdOptions,
): DualCdResult {
  const w = new Float64Array(d + 1);
  const alpha = new Float64Array(n);
  const order = new Uint32Array(n);
  let active = 0;
  for (let i = 0; i < n; i++) if (cost[i] > 0) order[active++] = i;
  const l2 = opts.loss === "squared-hinge";
  const B = opts.bias;
  const rng = new Rng(opts.seed);
  let epoch = 0;
  let converged = false;
  while (epoch < opts.maxIter) {
    epoch++;
    for (let t = active - 1; t > 0; t--) {
      const j = rng.int(t + 1);
      const tmp = order[t];
      order[t] = order[j];
      order[j] = tmp;
    }
    let maxPG = Number.NEGATIVE_INFINITY;
    let minPG = Number.POSITIVE_INFINITY;
    for (let t = 0; t < active; t++) {
      const i = order[t];
      const yi = sign[i];
      const Ci = cost[i];
      const diag = l2 ? 0.5 / Ci : 0;
      const upper = l2 ? Number.POSITIVE_INFINITY : Ci;
      const off = i * d;
      let wx = w[d] * B;
      for (let j = 0; j < d; j++) wx += w[j] * X[off + j];
      const a = alpha[i];
      const G = yi * wx - 1 + diag * a;
      let PG = G;
      if (a === 0) PG = Math.min(G, 0);
      else if (a === upper) PG = Math.max(G, 0);
      if (PG > maxPG) maxPG = PG;
      if (PG < minPG) minPG = PG;
      if (Math.abs(PG) > 1e-12) {
        const Q = sqNorm[i] + B * B + diag;
        const aNew = Math.min(Math.max(a - G / Q, 0), upper);
        const delta = (aNew - a) * yi;
        if (delta !== 0) {
          for (let j = 0; j < d; j++) w[j] += delta * X[off + j];
          w[d] += delta * B;
          alpha[i] = aNew;
        }
      }
    }
    if (active === 0 || maxPG - minPG <= opts.tol) {
      converged = true;
      break;
    }
  }
  return { w, epochs: epoch, converged };
}
