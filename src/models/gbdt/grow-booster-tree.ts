/**
 * Grows one regression tree on gradients and hessians (second-order boosting, after XGBoost / LightGBM):
 * histograms of (sum g, sum h) per feature and bin, built column by column over column-major Uint8 bins
 * (one feature's histogram, 4 KiB, stays in L1 while its column streams by), with the node's gradients
 * gathered in row order first (scikit-learn's "ordered gradients"); the smaller child's
 * histogram built from rows and the larger one's by subtraction from the parent; best-first growth bounded
 * by maxLeaves and maxDepth; split gain 1/2 [GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)] − γ; leaf value
 * −G/(H+λ) × learning rate. Rows of a node are a contiguous range of one index array, kept ascending by a stable partition so column
 * reads move forward. No object per node.
 */
import { MISSING_BIN } from "../tree/binning.js";
import { NodeStore } from "../tree/flat.js";
import { expandSparseFeature, type SparseBins } from "./sparse-bins.js";

/** Nodes with at least this many rows build their histograms through four partials (see buildHist). */
const QUAD_MIN_ROWS = 4096;

export interface BoosterTreeOptions {
  maxDepth: number;
  maxLeaves: number;
  lambda: number;
  minChildWeight: number;
  minSplitGain: number;
  learningRate: number;
}

/** Scratch space reused across the trees of one fit. */
export class BoosterWorkspace {
  readonly hist: Float64Array;
  readonly slotSize: number;
  readonly maxNodes: number;
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  readonly nodeDepth: Int32Array;
  readonly nodeSlot: Int32Array;
  readonly nodeG: Float64Array;
  readonly nodeH: Float64Array;
  readonly splitGain: Float64Array;
  readonly splitFeature: Int32Array;
  readonly splitBin: Int32Array;
  readonly open: Int32Array;
  readonly freeSlots: Int32Array;
  readonly gOrd: Float64Array;
  readonly hOrd: Float64Array;
  readonly tmp: Int32Array;
  /** Four partial histograms of one feature (4 x 256 bins x (g, h)), see buildHist. */
  readonly quad = new Float64Array(4 * 512);
  /** Compact histogram of the sparse features (see ./sparse-bins.ts), sized on first use. */
  sparseHist = new Float64Array(0);

  constructor(
    readonly nFeatures: number,
    maxLeaves: number,
    nRows: number,
  ) {
    this.gOrd = new Float64Array(nRows);
    this.hOrd = new Float64Array(nRows);
    this.tmp = new Int32Array(nRows);
    this.slotSize = nFeatures * 512;
    this.maxNodes = 2 * maxLeaves + 1;
    const nSlots = maxLeaves + 2;
    this.hist = new Float64Array(nSlots * this.slotSize);
    this.nodeStart = new Int32Array(this.maxNodes);
    this.nodeEnd = new Int32Array(this.maxNodes);
    this.nodeDepth = new Int32Array(this.maxNodes);
    this.nodeSlot = new Int32Array(this.maxNodes);
    this.nodeG = new Float64Array(this.maxNodes);
    this.nodeH = new Float64Array(this.maxNodes);
    this.splitGain = new Float64Array(this.maxNodes);
    this.splitFeature = new Int32Array(this.maxNodes);
    this.splitBin = new Int32Array(this.maxNodes);
    this.open = new Int32Array(this.maxNodes);
    this.freeSlots = new Int32Array(nSlots);
  }
}

/**
 * Grows a tree over rows idx[0..count) (ascending). `bins` is column-major (nRows per column); `gh` holds g and h
 * interleaved per row. `features` lists the columns this tree may split on; `nBins[f]` is the number of
 * real (non-missing) bins of f. On return, leaf l's rows are idx[nodeStart[l]..nodeEnd[l]) (workspace).
 * Adds each split's gain to `gainImportance`.
 */
export function growBoosterTree(
  bins: Uint8Array,
  nRows: number,
  gh: Float64Array,
  idx: Int32Array,
  count: number,
  features: Int32Array,
  nBins: Int32Array,
  thresholds: (f: number, bin: number) => number,
  o: BoosterTreeOptions,
  ws: BoosterWorkspace,
  gainImportance: Float64Array,
  sparse: SparseBins | null = null,
): NodeStore {
  const S = ws.slotSize;
  const hist = ws.hist;
  const maxLeaves = Math.max(2, o.maxLeaves);
  const store = new NodeStore(1, 2 * maxLeaves);
  const { nodeStart, nodeEnd, nodeDepth, nodeSlot, nodeG, nodeH, splitGain, splitFeature, splitBin, open } =
    ws;
  const freeSlots = ws.freeSlots;
  let nFree = 0;
  for (let s = freeSlots.length - 1; s >= 0; s--) freeSlots[nFree++] = s;

  const { gOrd, hOrd, tmp, quad } = ws;
  // the tree's features split into those histogrammed column by column and the sparse ones
  let nDense = 0;
  let nSparse = 0;
  const dense = new Int32Array(features.length);
  const sparseFeatures = new Int32Array(features.length);
  for (let q = 0; q < features.length; q++) {
    const f = features[q];
    if (sparse !== null && sparse.isSparse[f] === 1) sparseFeatures[nSparse++] = f;
    else dense[nDense++] = f;
  }
  if (sparse !== null && ws.sparseHist.length < sparse.histSize)
    ws.sparseHist = new Float64Array(sparse.histSize);
  const sp = ws.sparseHist;
  /**
   * Histogram of `node`'s rows into its slot, and its totals (nodeG, nodeH: summed in row order while
   * the gradients are gathered). Large nodes accumulate into four partial histograms,
   * row j into partial j mod 4, then sum them: consecutive rows of a feature with few distinct values
   * fall in the same bin, and one histogram would chain every update on the previous one's store
   * (about twice as slow on TON_IoT's columns). Small nodes, where summing the partials would cost
   * more than it saves, use one.
   */
  /** Sums the four partials' values [from, to) into hist[hb + ...] and zeroes them. */
  const drainPartials = (hb: number, from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      hist[hb + k] = quad[k] + quad[512 + k] + quad[1024 + k] + quad[1536 + k];
      quad[k] = quad[512 + k] = quad[1024 + k] = quad[1536 + k] = 0;
    }
  };
  const buildHist = (node: number): void => {
    // Only a feature's real bins and its missing bin are ever read (findSplit, the subtraction): every
    // path below writes those and no others.
    const start = nodeStart[node];
    const end = nodeEnd[node];
    const base = nodeSlot[node] * S;
    const m = end - start;
    let G = 0;
    let H = 0;
    for (let j = 0; j < m; j++) {
      const i = idx[start + j];
      const g = gh[2 * i];
      const h = gh[2 * i + 1];
      gOrd[j] = g;
      hOrd[j] = h;
      G += g;
      H += h;
    }
    nodeG[node] = G;
    nodeH[node] = H;
    // All rows, ascending: idx[j] = j, so the column is read straight through.
    const all = m === nRows && idx[start] === 0 && idx[end - 1] === nRows - 1;
    const partials = m >= QUAD_MIN_ROWS;
    for (let q = 0; q < nDense; q++) {
      const f = dense[q];
      const hb = base + (f << 9);
      const cb = f * nRows;
      if (!partials) {
        hist.fill(0, hb, hb + (nBins[f] << 1));
        hist.fill(0, hb + (MISSING_BIN << 1), hb + 512);
        for (let j = 0; j < m; j++) {
          const p = hb + (bins[cb + idx[start + j]] << 1);
          hist[p] += gOrd[j];
          hist[p + 1] += hOrd[j];
        }
        continue;
      }
      const m4 = m & ~3;
      if (all) {
        for (let j = 0; j < m4; j += 4) {
          const p0 = bins[cb + j] << 1;
          const p1 = 512 + (bins[cb + j + 1] << 1);
          const p2 = 1024 + (bins[cb + j + 2] << 1);
          const p3 = 1536 + (bins[cb + j + 3] << 1);
          quad[p0] += gOrd[j];
          quad[p0 + 1] += hOrd[j];
          quad[p1] += gOrd[j + 1];
          quad[p1 + 1] += hOrd[j + 1];
          quad[p2] += gOrd[j + 2];
          quad[p2 + 1] += hOrd[j + 2];
          quad[p3] += gOrd[j + 3];
          quad[p3 + 1] += hOrd[j + 3];
        }
        for (let j = m4; j < m; j++) {
          const p = bins[cb + j] << 1;
          quad[p] += gOrd[j];
          quad[p + 1] += hOrd[j];
        }
      } else {
        for (let j = 0; j < m4; j += 4) {
          const r = start + j;
          const p0 = bins[cb + idx[r]] << 1;
          const p1 = 512 + (bins[cb + idx[r + 1]] << 1);
          const p2 = 1024 + (bins[cb + idx[r + 2]] << 1);
          const p3 = 1536 + (bins[cb + idx[r + 3]] << 1);
          quad[p0] += gOrd[j];
          quad[p0 + 1] += hOrd[j];
          quad[p1] += gOrd[j + 1];
          quad[p1 + 1] += hOrd[j + 1];
          quad[p2] += gOrd[j + 2];
          quad[p2 + 1] += hOrd[j + 2];
          quad[p3] += gOrd[j + 3];
          quad[p3 + 1] += hOrd[j + 3];
        }
        for (let j = m4; j < m; j++) {
          const p = bins[cb + idx[start + j]] << 1;
          quad[p] += gOrd[j];
          quad[p + 1] += hOrd[j];
        }
      }
      // sum the partials into the slot and zero them: only the real bins and the missing bin are used
      drainPartials(hb, 0, nBins[f] << 1);
      drainPartials(hb, MISSING_BIN << 1, 512);
    }
    if (nSparse === 0 || sparse === null) return;
    // sparse features: the rows' non-default entries into the compact histogram, then each feature's
    // default bin from the node's totals
    const { rowPtr, pos } = sparse;
    sp.fill(0, 0, sparse.histSize);
    for (let j = 0; j < m; j++) {
      const i = idx[start + j];
      const g = gOrd[j];
      const h = hOrd[j];
      for (let k = rowPtr[i], e = rowPtr[i + 1]; k < e; k++) {
        const p = pos[k];
        sp[p] += g;
        sp[p + 1] += h;
      }
    }
    for (let q = 0; q < nSparse; q++) {
      const f = sparseFeatures[q];
      expandSparseFeature(sparse, f, nBins[f], sp, hist, base + (f << 9), G, H);
    }
  };

  const lambda = o.lambda;
  const findSplit = (node: number): void => {
    splitGain[node] = -1;
    splitFeature[node] = -1;
    if (nodeDepth[node] >= o.maxDepth || nodeEnd[node] - nodeStart[node] < 2) return;
    const G = nodeG[node];
    const H = nodeH[node];
    if (H < 2 * o.minChildWeight) return;
    const parentScore = (G * G) / (H + lambda);
    const base = nodeSlot[node] * S;
    let best = 0;
    let bestF = -1;
    let bestB = -1;
    for (let q = 0; q < features.length; q++) {
      const f = features[q];
      const fb = base + (f << 9);
      const nb = nBins[f];
      let GL = 0;
      let HL = 0;
      // Split "bin <= b" for real bins b < nb - 1, and b = nb - 1 when missing values go right alone.
      const last = hist[fb + (MISSING_BIN << 1) + 1] > 0 ? nb - 1 : nb - 2;
      for (let b = 0; b <= last; b++) {
        const hb = hist[fb + (b << 1) + 1];
        if (hb === 0) continue;
        GL += hist[fb + (b << 1)];
        HL += hb;
        if (HL < o.minChildWeight) continue;
        const HR = H - HL;
        if (HR < o.minChildWeight) break;
        const GR = G - GL;
        const gain = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentScore;
        if (gain > best) {
          best = gain;
          bestF = f;
          bestB = b;
        }
      }
    }
    const g = 0.5 * best - o.minSplitGain;
    if (bestF >= 0 && g > 1e-12) {
      splitGain[node] = g;
      splitFeature[node] = bestF;
      splitBin[node] = bestB;
    }
  };
  // A leaf that will not split gives its histogram slot back.
  const release = (node: number): void => {
    if (splitGain[node] < 0) freeSlots[nFree++] = nodeSlot[node];
  };

  // Root.
  store.add(1);
  nodeStart[0] = 0;
  nodeEnd[0] = count;
  nodeDepth[0] = 0;
  nodeSlot[0] = freeSlots[--nFree];
  buildHist(0);
  findSplit(0);
  release(0);
  let nOpen = 1;
  open[0] = 0;
  let nLeaves = 1;

  while (nLeaves < maxLeaves) {
    let pick = -1;
    let bestGain = 0;
    for (let q = 0; q < nOpen; q++) {
      const nd = open[q];
      if (splitGain[nd] > bestGain) {
        bestGain = splitGain[nd];
        pick = q;
      }
    }
    if (pick < 0) break;
    const node = open[pick];
    open[pick] = open[--nOpen];
    const f = splitFeature[node];
    const b = splitBin[node];
    const start = nodeStart[node];
    const end = nodeEnd[node];
    // Stable partition: left rows keep their order in place, right rows go through tmp.
    const cb = f * nRows;
    let a = start;
    let nr = 0;
    for (let j = start; j < end; j++) {
      const i = idx[j];
      if (bins[cb + i] <= b) idx[a++] = i;
      else tmp[nr++] = i;
    }
    idx.set(tmp.subarray(0, nr), a);
    const child = store.add(2);
    store.feature[node] = f;
    store.threshold[node] = thresholds(f, b);
    store.binThreshold[node] = b;
    store.left[node] = child;
    store.right[node] = child + 1;
    gainImportance[f] += splitGain[node];
    const L = child;
    const R = child + 1;
    nodeStart[L] = start;
    nodeEnd[L] = a;
    nodeStart[R] = a;
    nodeEnd[R] = end;
    nodeDepth[L] = nodeDepth[R] = nodeDepth[node] + 1;
    // Smaller child from rows, larger by subtraction in the parent's slot.
    const small = a - start <= end - a ? L : R;
    const large = small === L ? R : L;
    const ps = nodeSlot[node];
    const ss = freeSlots[--nFree];
    nodeSlot[small] = ss;
    nodeSlot[large] = ps;
    buildHist(small);
    const pb = ps * S;
    const sb = ss * S;
    for (let q = 0; q < features.length; q++) {
      const f = features[q];
      const fo = f << 9;
      const used = nBins[f] << 1;
      for (let k = 0; k < used; k++) hist[pb + fo + k] -= hist[sb + fo + k];
      for (let k = MISSING_BIN << 1; k < 512; k++) hist[pb + fo + k] -= hist[sb + fo + k];
    }
    nodeG[large] = nodeG[node] - nodeG[small];
    nodeH[large] = nodeH[node] - nodeH[small];
    findSplit(L);
    findSplit(R);
    release(L);
    release(R);
    open[nOpen++] = L;
    open[nOpen++] = R;
    nLeaves++;
  }
  // Leaf values and covers (cover = hessian sum, as XGBoost reports it).
  for (let nd = 0; nd < store.n; nd++) {
    store.cover[nd] = nodeH[nd];
    if (store.feature[nd] < 0) store.value[nd] = (-nodeG[nd] / (nodeH[nd] + lambda)) * o.learningRate;
  }
  return store;
}
