/**
 * k-means building blocks on row-major Float32 data with Float64 centroids:
 * - `kmeansPlusPlus`: greedy k-means++ seeding as scikit-learn does it (first centre uniform, then
 *   2 + floor(ln k) candidates per step drawn proportionally to squared distance to the nearest chosen
 *   centre, keeping the candidate that lowers the total potential most);
 * - `lloyd`: assignment / update iterations until the squared centre shift summed over centres is at
 *   most `tol` (scikit-learn's convergence rule, with tol already scaled by the mean column variance);
 *   an empty cluster is re-seeded with the row farthest from its centre.
 */
import type { Rng } from "../tree/random.js";

/** Squared Euclidean distance between row r of data and centre c of centres. */
export function sqDist(data: Float32Array, r: number, centres: Float64Array, c: number, d: number): number {
  let s = 0;
  const a = r * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const t = data[a + j] - centres[b + j];
    s += t * t;
  }
  return s;
}

/** Index of the nearest centre of row r; its squared distance goes to out[0]. */
export function nearest(
  data: Float32Array,
  r: number,
  centres: Float64Array,
  k: number,
  d: number,
  out: Float64Array,
): number {
  let best = 0;
  let bd = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const v = sqDist(data, r, centres, c, d);
    if (v < bd) {
      bd = v;
      best = c;
    }
  }
  out[0] = bd;
  return best;
}

/** Draws an index with probability proportional to w (cumulative search). */
function drawWeighted(w: Float64Array, total: number, rng: Rng): number {
  let u = rng.float() * total;
  for (let i = 0; i < w.length; i++) {
    u -= w[i];
    if (u < 0) return i;
  }
  return w.length - 1;
}

export function kmeansPlusPlus(data: Float32Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  for (let j = 0; j < d; j++) centres[j] = data[first * d + j];
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(data, i, centres, 0, d);
    pot += closest[i];
  }
  const cand = new Float64Array(d);
  const candDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPot = Number.POSITIVE_INFINITY;
    let bestRow = -1;
    for (let t = 0; t < trials; t++) {
      const row = pot > 0 ? drawWeighted(closest, pot, rng) : rng.int(n);
      for (let j = 0; j < d; j++) cand[j] = data[row * d + j];
      let p = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = data[i * d + j] - cand[j];
          s += v * v;
        }
        const m = s < closest[i] ? s : closest[i];
        candDist[i] = m;
        p += m;
      }
      if (p < bestPot) {
        bestPot = p;
        bestRow = row;
        bestDist.set(candDist);
      }
    }
    for (let j = 0; j < d; j++) centres[c * d + j] = data[bestRow * d + j];
    closest.set(bestDist);
    pot = bestPot;
  }
  return centres;
}

export interface LloydResult {
  centres: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances to the assigned centre. */
  inertia: number;
  iterations: number;
}

export function lloyd(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  maxIter: number,
  tol: number,
): LloydResult {
  let centres = init.slice();
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n);
  const counts = new Float64Array(k);
  const dist = new Float64Array(n);
  const tmp = new Float64Array(1);
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    next.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = nearest(data, i, centres, k, d, tmp);
      labels[i] = c;
      dist[i] = tmp[0];
      counts[c]++;
      const a = i * d;
      const b = c * d;
      for (let j = 0; j < d; j++) next[b + j] += data[a + j];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) {
        for (let j = 0; j < d; j++) next[c * d + j] /= counts[c];
        continue;
      }
      // empty cluster: move it to the row farthest from its centre
      let far = 0;
      for (let i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
      for (let j = 0; j < d; j++) next[c * d + j] = data[far * d + j];
      dist[far] = 0;
    }
    let shift = 0;
    for (let i = 0; i < k * d; i++) shift += (next[i] - centres[i]) ** 2;
    const t = centres;
    centres = next;
    next = t;
    if (shift <= tol) break;
  }
  // final assignment against the final centres (scikit-learn does the same E-step at the end)
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    labels[i] = nearest(data, i, centres, k, d, tmp);
    inertia += tmp[0];
  }
  return { centres, labels, inertia, iterations };
}

/** Mean over columns of the population variance (scales k-means' tolerance as scikit-learn does). */
export function meanColumnVariance(data: Float32Array, n: number, d: number): number {
  let total = 0;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - mean[j];
      total += t * t;
    }
  }
  return total / (n * d);
}
