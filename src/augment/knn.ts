/**
 * Exact k nearest neighbours for the SMOTE family, blocked brute force: squared Euclidean distances
 * |a|^2 + |b|^2 - 2 a.b over blocks of query x reference rows (norms computed once), on features
 * standardized by the whole input's mean and standard deviation (raw byte counts would otherwise swamp
 * flags and ratios; imbalanced-learn uses raw distances, which suits pre-scaled data only). Missing
 * values (NaN) sit at the column mean (0 after standardizing). Ties keep the earlier reference row.
 */
import type { Matrix } from "../table/matrix.js";

const QUERY_BLOCK = 64;
const REF_BLOCK = 1024;

/** Standardized copy of X (NaN → 0), columns with zero spread → 0. */
export function standardize(X: Matrix): Matrix {
  const { rows, cols, data } = X;
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  const cnt = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c];
      if (Number.isNaN(v)) continue;
      mean[c] += v;
      sq[c] += v * v;
      cnt[c]++;
    }
  }
  const inv = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    if (cnt[c] === 0) continue;
    mean[c] /= cnt[c];
    const variance = sq[c] / cnt[c] - mean[c] * mean[c];
    inv[c] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c];
      out[base + c] = Number.isNaN(v) || !Number.isFinite(v) ? 0 : (v - mean[c]) * inv[c];
    }
  }
  return { rows, cols, data: out };
}

/**
 * For each query row (index into Z), the `k` nearest rows among `refs` (indices into Z), nearest
 * first, as a queries.length x k Int32Array of row indices of Z. A query never counts itself (same
 * index). When fewer than k other references exist the remaining slots hold -1.
 */
export function nearestNeighbours(Z: Matrix, queries: Int32Array, refs: Int32Array, k: number): Int32Array {
  const { cols, data } = Z;
  const norms = new Float64Array(Z.rows);
  for (const set of [queries, refs]) {
    for (let i = 0; i < set.length; i++) {
      const base = set[i] * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += data[base + c] * data[base + c];
      norms[set[i]] = s;
    }
  }
  const out = new Int32Array(queries.length * k).fill(-1);
  const bestD = new Float64Array(queries.length * k).fill(Number.POSITIVE_INFINITY);
  for (let q0 = 0; q0 < queries.length; q0 += QUERY_BLOCK) {
    const q1 = Math.min(queries.length, q0 + QUERY_BLOCK);
    for (let r0 = 0; r0 < refs.length; r0 += REF_BLOCK) {
      const r1 = Math.min(refs.length, r0 + REF_BLOCK);
      for (let qi = q0; qi < q1; qi++) {
        const q = queries[qi];
        const qb = q * cols;
        const slot = qi * k;
        for (let ri = r0; ri < r1; ri++) {
          const r = refs[ri];
          if (r === q) continue;
          const rb = r * cols;
          let dot = 0;
          for (let c = 0; c < cols; c++) dot += data[qb + c] * data[rb + c];
          const d = norms[q] + norms[r] - 2 * dot;
          if (d >= bestD[slot + k - 1]) continue;
          let j = k - 1;
          while (j > 0 && bestD[slot + j - 1] > d) {
            bestD[slot + j] = bestD[slot + j - 1];
            out[slot + j] = out[slot + j - 1];
            j--;
          }
          bestD[slot + j] = d;
          out[slot + j] = r;
        }
      }
    }
  }
  return out;
}
