/**
 * Quantile discretisation of numeric columns into items for association rules. Per column, fitted on
 * the training rows: the distinct values among the quantiles at i / nBins (i = 1..nBins-1) are cut
 * points c_1 < ... < c_m; bin 0 holds x <= c_1, bin b holds c_b < x <= c_{b+1}, bin m holds x > c_m.
 * Two more bins hold values outside the training range (x < min, x > max): such items never occur in
 * training, so they are never frequent, which is what makes a never-seen value stand out.
 * Item ids are global: offset[column] + bin. Each item has a readable name built from the training
 * values it covered: "dst_bytes=0" when one value, "src_bytes in [40, 1.2e+03]" otherwise,
 * "duration < 0 (below training range)" / "> 3.1e+04 (above training range)" for the range items.
 */
import type { Matrix } from "../../table/matrix.js";

export interface Discretiser {
  nFeatures: number;
  /** Cut points of all columns, concatenated; column j's are cuts[cutStart[j] .. cutStart[j+1]). */
  cuts: Float64Array;
  cutStart: Int32Array;
  /** Training min / max per column. */
  min: Float64Array;
  max: Float64Array;
  /** First item id of each column (column j has (cuts of j) + 3 items), and the total item count. */
  offset: Int32Array;
  nItems: number;
}

/** Items of column j: bins 0..m (m = cuts of j), then m + 1 = below range, m + 2 = above range. */
export function fitDiscretiser(X: Matrix, nBins: number): Discretiser {
  const { rows: n, cols: d, data } = X;
  const col = new Float64Array(n);
  const cutList: number[] = [];
  const cutStart = new Int32Array(d + 1);
  const min = new Float64Array(d);
  const max = new Float64Array(d);
  const offset = new Int32Array(d + 1);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * d + j];
    col.sort();
    min[j] = col[0];
    max[j] = col[n - 1];
    cutStart[j] = cutList.length;
    let last = Number.NaN;
    for (let q = 1; q < nBins; q++) {
      // numpy's default "linear" quantile
      const pos = (q / nBins) * (n - 1);
      const lo = Math.floor(pos);
      const v = col[lo] + (col[Math.min(lo + 1, n - 1)] - col[lo]) * (pos - lo);
      if (v !== last && v < max[j]) {
        cutList.push(v);
        last = v;
      }
    }
    offset[j + 1] = offset[j] + (cutList.length - cutStart[j]) + 3;
  }
  cutStart[d] = cutList.length;
  return {
    nFeatures: d,
    cuts: Float64Array.from(cutList),
    cutStart,
    min,
    max,
    offset,
    nItems: offset[d],
  };
}

/** Item id of value v in column j. */
export function itemOf(t: Discretiser, j: number, v: number): number {
  const a = t.cutStart[j];
  const m = t.cutStart[j + 1] - a;
  if (v < t.min[j]) return t.offset[j] + m + 1;
  if (v > t.max[j]) return t.offset[j] + m + 2;
  let b = 0;
  while (b < m && v > t.cuts[a + b]) b++;
  return t.offset[j] + b;
}

/** Items of every row: rows x cols Int32Array (one item per column). */
export function encodeItems(t: Discretiser, X: Matrix): Int32Array {
  const { rows: n, cols: d, data } = X;
  const out = new Int32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = itemOf(t, j, data[i * d + j]);
  return out;
}

/** Column of each item id. */
export function itemColumns(t: Discretiser): Int32Array {
  const out = new Int32Array(t.nItems);
  for (let j = 0; j < t.nFeatures; j++) out.fill(j, t.offset[j], t.offset[j + 1]);
  return out;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString());

/**
 * Readable item names. `lo` / `hi` per item are the smallest / largest training values it covered
 * (from `itemRanges`); a bin with no training value is named by its cut points.
 */
export function itemNames(t: Discretiser, names: readonly string[], X: Matrix): string[] {
  const lo = new Float64Array(t.nItems).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(t.nItems).fill(Number.NEGATIVE_INFINITY);
  const { rows: n, cols: d, data } = X;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j];
      const it = itemOf(t, j, v);
      if (v < lo[it]) lo[it] = v;
      if (v > hi[it]) hi[it] = v;
    }
  }
  const out: string[] = [];
  for (let j = 0; j < t.nFeatures; j++) {
    const name = names[j] ?? `x${j}`;
    const a = t.cutStart[j];
    const m = t.cutStart[j + 1] - a;
    for (let b = 0; b <= m; b++) {
      const it = t.offset[j] + b;
      if (lo[it] === hi[it]) out.push(`${name}=${fmt(lo[it])}`);
      else if (lo[it] < hi[it]) out.push(`${name} in [${fmt(lo[it])}, ${fmt(hi[it])}]`);
      else {
        const left = b === 0 ? t.min[j] : t.cuts[a + b - 1];
        const right = b === m ? t.max[j] : t.cuts[a + b];
        out.push(`${name} in (${fmt(left)}, ${fmt(right)}]`);
      }
    }
    out.push(`${name} < ${fmt(t.min[j])} (below training range)`);
    out.push(`${name} > ${fmt(t.max[j])} (above training range)`);
  }
  return out;
}
