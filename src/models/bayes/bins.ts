/**
 * Quantile binning of continuous columns (for categorical naive Bayes and binned mutual information):
 * each column's edges are the distinct values at its training quantiles q/nBins, q = 1..nBins-1;
 * a value's code is the number of edges <= it (so codes run 0..#edges). NaN gets code 0.
 */
import type { Matrix } from "../../table/matrix.js";

export function quantileEdges(X: Matrix, nBins: number): { edges: Float64Array; edgeOffset: Int32Array } {
  const { rows: n, cols: d, data } = X;
  const col = new Float64Array(n);
  const all: number[] = [];
  const edgeOffset = new Int32Array(d + 1);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j];
      if (!Number.isNaN(v)) col[m++] = v;
    }
    const sorted = col.subarray(0, m).sort();
    let last = Number.NaN;
    for (let q = 1; q < nBins && m > 0; q++) {
      const e = sorted[Math.min(m - 1, Math.floor((q * m) / nBins))];
      // an edge equal to the column minimum would leave code 0 empty; skip it and duplicates
      if (e !== last && e > sorted[0]) {
        all.push(e);
        last = e;
      }
    }
    edgeOffset[j + 1] = all.length;
  }
  return { edges: Float64Array.from(all), edgeOffset };
}

/** Codes (row-major, like X) of each value: the count of its column's edges <= value. */
export function applyBins(X: Matrix, edges: Float64Array, edgeOffset: Int32Array): Int32Array {
  const { rows: n, cols: d, data } = X;
  const out = new Int32Array(n * d);
  for (let j = 0; j < d; j++) {
    const lo0 = edgeOffset[j];
    const hi0 = edgeOffset[j + 1];
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j];
      if (Number.isNaN(v)) continue;
      let lo = lo0;
      let hi = hi0;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (edges[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      out[i * d + j] = lo - lo0;
    }
  }
  return out;
}
