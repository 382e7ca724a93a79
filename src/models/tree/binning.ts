/**
 * Feature binning for histogram tree learners (after LightGBM / scikit-learn's HistGradientBoosting):
 * each feature's values are mapped once to at most 255 ordered bins (Uint8), and a split "bin <= b" is
 * the real-valued split "x <= edge[b]". NaN goes to the reserved bin 255 and so always goes right, which
 * is what `x <= t` (false for NaN) does at inference and what ONNX's BRANCH_LEQ does with missing values
 * tracked false.
 *
 * Edges: when a feature has at most maxBins distinct values (found with a small hash set, no sort), an
 * edge sits between each pair of adjacent values (splits are then exact, as in CART); otherwise at
 * quantiles of an evenly strided sample of at most 50,000 values (of at most 200,000 rows drawn).
 */
import type { Matrix } from "../../table/matrix.js";
import { radixSortFloat32 } from "./radix-sort.js";
import { Rng } from "./random.js";

export const MISSING_BIN = 255;
const MAX_SAMPLE = 200_000;
/** Values sorted per feature for quantile edges (features with more distinct values than bins). */
const SORT_SAMPLE = 50_000;
const HASH_BITS = 10;
const HASH_SIZE = 1 << HASH_BITS;

export interface BinEdges {
  /** Edges of feature f: edges[offsets[f] .. offsets[f + 1]); bins of f = edge count + 1. */
  edges: Float32Array;
  offsets: Int32Array;
}

/** Learns bin edges per feature from X (at most `maxBins` <= 255 bins per feature). */
export function fitBinEdges(X: Matrix, maxBins = 255, seed = 0): BinEdges {
  const { rows, cols, data } = X;
  const nb = Math.max(2, Math.min(255, maxBins | 0));
  const take = Math.min(rows, MAX_SAMPLE);
  let sampleRows: Int32Array | null = null;
  if (take < rows) {
    // Seeded sample without replacement (partial Fisher-Yates).
    const rng = new Rng(seed);
    const all = new Int32Array(rows);
    for (let i = 0; i < rows; i++) all[i] = i;
    for (let i = 0; i < take; i++) {
      const j = i + rng.int(rows - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    sampleRows = all.subarray(0, take);
  }
  const col = new Float32Array(take);
  const sorted = new Float32Array(Math.min(take, SORT_SAMPLE));
  const distinct = new Float32Array(nb + 1);
  const table = new Uint32Array(HASH_SIZE);
  const used = new Uint8Array(HASH_SIZE);
  const colBits = new Uint32Array(col.buffer);
  const perFeature: Float32Array[] = [];
  let total = 0;
  // One pass over the (sampled) rows into column-major order, so each feature is then read straight.
  const byCol = new Float32Array(take * cols);
  for (let i = 0; i < take; i++) {
    const base = (sampleRows === null ? i : sampleRows[i]) * cols;
    for (let f = 0; f < cols; f++) byCol[f * take + i] = data[base + f];
  }
  for (let f = 0; f < cols; f++) {
    let m = 0;
    const cb = f * take;
    for (let i = 0; i < take; i++) {
      const v = byCol[cb + i];
      if (!Number.isNaN(v)) col[m++] = v + 0; // + 0 turns -0 into 0
    }
    // Few distinct values (flags, one-hot, protocol numbers): found with a small hash set, no sort.
    used.fill(0);
    let nd = 0;
    for (let i = 0; i < m && nd <= nb; i++) {
      const key = colBits[i];
      let h = Math.imul(key, 0x9e3779b1) >>> (32 - HASH_BITS);
      while (used[h] === 1 && table[h] !== key) h = (h + 1) & (HASH_SIZE - 1);
      if (used[h] === 0) {
        used[h] = 1;
        table[h] = key;
        distinct[nd++] = col[i];
      }
    }
    let e: Float32Array;
    if (nd <= nb) {
      const vals = distinct.subarray(0, nd).sort();
      e = new Float32Array(Math.max(0, nd - 1));
      for (let i = 1; i < nd; i++) e[i - 1] = midpoint(vals[i - 1], vals[i]);
    } else {
      // Many distinct values: quantiles of an evenly strided sample.
      const step = Math.max(1, Math.ceil(m / SORT_SAMPLE));
      let k = 0;
      for (let i = 0; i < m && k < sorted.length; i += step) sorted[k++] = col[i];
      const vals = radixSortFloat32(sorted.subarray(0, k));
      const out: number[] = [];
      for (let q = 1; q < nb; q++) {
        const pos = Math.floor((q * k) / nb);
        const lo = vals[Math.min(k - 1, Math.max(0, pos - 1))];
        // Edge between the value at the quantile and the next larger distinct value.
        let j = pos;
        while (j < k && vals[j] === lo) j++;
        if (j >= k) break;
        const edge = midpoint(lo, vals[j]);
        if (out.length === 0 || edge > out[out.length - 1]) out.push(edge);
      }
      e = Float32Array.from(out);
    }
    perFeature.push(e);
    total += e.length;
  }
  const edges = new Float32Array(total);
  const offsets = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) {
    offsets[f + 1] = offsets[f] + perFeature[f].length;
    edges.set(perFeature[f], offsets[f]);
  }
  return { edges, offsets };
}

/** The float32 midpoint of a < b, kept strictly below b so b falls in the upper bin. */
function midpoint(a: number, b: number): number {
  let m = Math.fround(a + (b - a) / 2);
  if (m >= b) m = a;
  if (m < a) m = a;
  return m;
}

/** Bin of value v for feature f: the first b with v <= edge[b]; NaN → MISSING_BIN. */
export function binOf(be: BinEdges, f: number, v: number): number {
  if (Number.isNaN(v)) return MISSING_BIN;
  const e = be.edges;
  let lo = be.offsets[f];
  let hi = be.offsets[f + 1];
  const base = lo;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= e[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo - base;
}

/**
 * Each feature's edges padded with +Infinity to 256 entries, so that the bin of v (the number of edges
 * below v) is found in exactly 8 halvings with no data-dependent branch: a binary search's branches
 * mispredict about every other step.
 */
function paddedEdges(be: BinEdges, cols: number): Float32Array {
  const padded = new Float32Array(cols * 256).fill(Number.POSITIVE_INFINITY);
  for (let f = 0; f < cols; f++) padded.set(be.edges.subarray(be.offsets[f], be.offsets[f + 1]), f * 256);
  return padded;
}

/** Binned X, column-major: bins[f * rows + r]; the same bins as binOf. */
export function binColumns(X: Matrix, be: BinEdges): Uint8Array {
  const { rows, cols, data } = X;
  const out = new Uint8Array(rows * cols);
  const pe = paddedEdges(be, cols);
  // Row by row: X is read straight through; the writes go to one cache line per column.
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let f = 0; f < cols; f++) {
      const v = data[base + f];
      if (Number.isNaN(v)) {
        out[f * rows + r] = MISSING_BIN;
        continue;
      }
      // lower bound over 256 sorted entries (at most 254 real edges: the result stays below 255)
      const e = f * 256;
      let pos = 0;
      pos += 128 * +(pe[e + pos + 127] < v);
      pos += 64 * +(pe[e + pos + 63] < v);
      pos += 32 * +(pe[e + pos + 31] < v);
      pos += 16 * +(pe[e + pos + 15] < v);
      pos += 8 * +(pe[e + pos + 7] < v);
      pos += 4 * +(pe[e + pos + 3] < v);
      pos += 2 * +(pe[e + pos + 1] < v);
      pos += +(pe[e + pos] < v);
      out[f * rows + r] = pos;
    }
  }
  return out;
}

/** Binned X, row-major: bins[r * cols + f]. */
export function binRows(X: Matrix, be: BinEdges): Uint8Array {
  const { rows, cols, data } = X;
  const out = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let f = 0; f < cols; f++) out[base + f] = binOf(be, f, data[base + f]);
  }
  return out;
}

/** Number of non-missing bins of feature f. */
export function binCount(be: BinEdges, f: number): number {
  return be.offsets[f + 1] - be.offsets[f] + 1;
}
