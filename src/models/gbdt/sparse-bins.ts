/**
 * Row-wise sparse storage of the binned features that are mostly one bin (one-hot columns, flags,
 * counters that are usually 0): TON_IoT network has 74 of its 87 features with at most 4 bins. Their
 * histograms are built from the rows' non-default entries only, and the default bin's (g, h) is the
 * node's total less the other bins (LightGBM's sparse features and XGBoost's sparse-aware histograms
 * do the same), so a node's histogram costs its rows x (dense features + non-default entries per row)
 * instead of rows x features.
 *
 * Entries are stored as positions in a compact histogram (2 values per bin: g, h) over the sparse
 * features only: feature f owns bins [offset[f], offset[f] + 2 * (nBins[f] + 1)), its real bins
 * 0..nBins[f]-1 then the missing bin.
 */
import { MISSING_BIN } from "../tree/binning.js";

/** A feature is stored sparse when its most frequent bin holds at least this share of the rows. */
export const SPARSE_MIN_DEFAULT_SHARE = 0.75;

export interface SparseBins {
  /** 1 for features stored sparse (their columns in `bins` are still there for partitioning). */
  isSparse: Uint8Array;
  /** The most frequent bin of each sparse feature (MISSING_BIN possible). */
  defaultBin: Int32Array;
  /** Offset of each sparse feature's bins in the compact histogram (in Float64 values). */
  offset: Int32Array;
  /** Length of the compact histogram (Float64 values). */
  histSize: number;
  /** Row i's entries are pos[rowPtr[i] .. rowPtr[i + 1]). */
  rowPtr: Int32Array;
  /** Position of an entry's g in the compact histogram (h follows). */
  pos: Int32Array;
}

/** Local index of bin b of a feature with nb real bins (the missing bin comes last). */
const local = (b: number, nb: number): number => (b === MISSING_BIN ? nb : b);

/**
 * Builds the sparse part of column-major `bins` (n rows per feature); null when no feature is mostly
 * one bin (then every histogram is built column by column).
 */
export function buildSparseBins(bins: Uint8Array, n: number, nBins: Int32Array): SparseBins | null {
  const F = nBins.length;
  const isSparse = new Uint8Array(F);
  const defaultBin = new Int32Array(F).fill(-1);
  const offset = new Int32Array(F).fill(-1);
  const counts = new Int32Array(256);
  let histSize = 0;
  let nSparse = 0;
  for (let f = 0; f < F; f++) {
    counts.fill(0);
    const cb = f * n;
    for (let i = 0; i < n; i++) counts[bins[cb + i]]++;
    let best = 0;
    for (let b = 1; b < 256; b++) if (counts[b] > counts[best]) best = b;
    if (counts[best] < SPARSE_MIN_DEFAULT_SHARE * n) continue;
    isSparse[f] = 1;
    defaultBin[f] = best;
    offset[f] = histSize;
    histSize += 2 * (nBins[f] + 1);
    nSparse++;
  }
  if (nSparse === 0) return null;
  const rowPtr = new Int32Array(n + 1);
  for (let f = 0; f < F; f++) {
    if (isSparse[f] === 0) continue;
    const cb = f * n;
    const d = defaultBin[f];
    for (let i = 0; i < n; i++) if (bins[cb + i] !== d) rowPtr[i + 1]++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const pos = new Int32Array(rowPtr[n]);
  const fillAt = rowPtr.slice(0, n);
  for (let f = 0; f < F; f++) {
    if (isSparse[f] === 0) continue;
    const cb = f * n;
    const d = defaultBin[f];
    const nb = nBins[f];
    const o = offset[f];
    for (let i = 0; i < n; i++) {
      const b = bins[cb + i];
      if (b !== d) pos[fillAt[i]++] = o + 2 * local(b, nb);
    }
  }
  return { isSparse, defaultBin, offset, histSize, rowPtr, pos };
}

/**
 * Writes sparse feature f's histogram into hist[hb ..] (the column layout: bin b at hb + 2b) from the
 * compact histogram `sp` of the node's non-default entries and the node's totals (G, H).
 */
export function expandSparseFeature(
  sb: SparseBins,
  f: number,
  nb: number,
  sp: Float64Array,
  hist: Float64Array,
  hb: number,
  G: number,
  H: number,
): void {
  const o = sb.offset[f];
  const d = sb.defaultBin[f];
  let gOther = 0;
  let hOther = 0;
  for (let k = 0; k <= nb; k++) {
    const b = k === nb ? MISSING_BIN : k;
    if (b === d) continue;
    const g = sp[o + 2 * k];
    const h = sp[o + 2 * k + 1];
    hist[hb + 2 * b] = g;
    hist[hb + 2 * b + 1] = h;
    gOther += g;
    hOther += h;
  }
  let hd = H - hOther;
  let gd = G - gOther;
  // rounding can leave a default bin that no row fell in a tiny residue: keep it empty, as a row scan would
  if (Math.abs(hd) <= 1e-10 * Math.abs(H)) {
    hd = 0;
    gd = 0;
  }
  hist[hb + 2 * d] = gd;
  hist[hb + 2 * d + 1] = hd;
}
