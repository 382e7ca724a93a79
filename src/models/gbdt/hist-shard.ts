/**
 * One share of a boosting tree's per-node work, split by feature: for the features of this share, the
 * histograms of a node's rows, the larger child's histograms by subtraction, and the best split of each
 * node. The grower (./grow-booster-tree.ts) runs share 0 on its own thread and, when a worker thread
 * helps (./feature-parallel.ts), share 1 there at the same time, on the same arrays in shared memory (each share writes only its features' histogram bins and its
 * own result row). Each share reports its best split with its position in the tree's feature list, and
 * the grower keeps the largest gain, the earlier position on a tie: the split a single pass over all the
 * features in list order picks, so the tree is the same bits however the features are shared out.
 *
 * Histogram layout: one slot per open node, 512 Float64 per feature (256 bins x (g, h)); only a
 * feature's real bins and its missing bin are written or read.
 */
import { MISSING_BIN } from "../tree/binning.js";
import { expandSparseFeature, type SparseBins } from "./sparse-bins.js";

/** Nodes with at least this many rows build their histograms through partials (see pairHist). */
const QUAD_MIN_ROWS = 1024;

/** Values per share in `NodeArrays.result`: per target node (2), its gain, feature, bin, list position. */
export const RESULT_STRIDE = 8;

/** The arrays all shares of one grower read and write (in shared memory when a worker helps). */
export interface NodeArrays {
  /** Rows of node v are idx[nodeStart[v] .. nodeEnd[v]). */
  idx: Int32Array;
  /** Gradients and hessians by position, moved with idx: row idx[j]'s are gOrd[j], hOrd[j]. */
  gOrd: Float64Array;
  hOrd: Float64Array;
  /** Histogram slots (slotSize values each). */
  hist: Float64Array;
  nodeStart: Int32Array;
  nodeEnd: Int32Array;
  nodeDepth: Int32Array;
  nodeSlot: Int32Array;
  nodeG: Float64Array;
  nodeH: Float64Array;
  /** Share s, target k: result[s * 8 + k * 4 + (0 gain, 1 feature, 2 bin, 3 list position)]. */
  result: Float64Array;
  /** Right rows of a partition, at their half's positions, with their gradients. */
  tmp: Int32Array;
  tmpG: Float64Array;
  tmpH: Float64Array;
  /** Half s of a partition: part[s * 8 + (0 left rows, 1 GL, 2 HL, 3 GR, 4 HR)]. */
  part: Float64Array;
}

/**
 * Half `share` of a node's stable partition on "bin of f <= b": rows idx[lo..hi) (and their gradients)
 * going left stay in place from lo, in order; those going right go to tmp[lo ..], in order. Records the
 * left count and both sides' totals (summed in row order). Branch-free (a row's side is a coin flip to
 * the branch predictor): each row is written to both sides and only its side's cursor moves.
 */
export function partitionHalf(
  a: NodeArrays,
  bins: Uint8Array,
  nRows: number,
  lo: number,
  hi: number,
  f: number,
  b: number,
  share: number,
): void {
  const { idx, gOrd, hOrd, tmp, tmpG, tmpH } = a;
  const cb = f * nRows;
  let l = lo;
  let r = lo;
  let GL = 0;
  let HL = 0;
  let GR = 0;
  let HR = 0;
  for (let j = lo; j < hi; j++) {
    const i = idx[j];
    const g = gOrd[j];
    const h = hOrd[j];
    const right = (b - bins[cb + i]) >>> 31;
    const left = right ^ 1;
    idx[l] = i;
    gOrd[l] = g;
    hOrd[l] = h;
    tmp[r] = i;
    tmpG[r] = g;
    tmpH[r] = h;
    GL += g * left;
    HL += h * left;
    GR += g * right;
    HR += h * right;
    l += left;
    r += right;
  }
  const o = share * 8;
  a.part[o] = l - lo;
  a.part[o + 1] = GL;
  a.part[o + 2] = HL;
  a.part[o + 3] = GR;
  a.part[o + 4] = HR;
}

/** What stays fixed over one fit. */
export interface ShardConfig {
  /** Column-major bins, nRows per feature. */
  bins: Uint8Array;
  nRows: number;
  /** Real (non-missing) bins per feature. */
  nBins: Int32Array;
  /** Row-wise entries of the mostly-one-bin features; only share 0 is given sparse features. */
  sparse: SparseBins | null;
  maxDepth: number;
  lambda: number;
  minChildWeight: number;
}

const SLOT_PER_FEATURE = 512;

export class FeatureShard {
  /** Two partial histograms for each of four features: feature s's at s * 1024 and s * 1024 + 512. */
  private readonly quad = new Float64Array(8 * 512);
  private sparseHist = new Float64Array(0);
  /** This share's features, ascending by list position (featQ). */
  private readonly feats: Int32Array;
  private readonly featQ: Int32Array;
  private nFeats = 0;
  private readonly dense: Int32Array;
  private nDense = 0;
  private readonly sparseFeats: Int32Array;
  private nSparse = 0;
  readonly slotSize: number;

  constructor(
    readonly id: number,
    public cfg: ShardConfig,
    readonly a: NodeArrays,
    nFeatures: number,
  ) {
    this.feats = new Int32Array(nFeatures);
    this.featQ = new Int32Array(nFeatures);
    this.dense = new Int32Array(nFeatures);
    this.sparseFeats = new Int32Array(nFeatures);
    this.slotSize = nFeatures * SLOT_PER_FEATURE;
  }

  /** Takes features feats[k] (at list positions q[k], ascending), k < count. */
  setFeatures(feats: ArrayLike<number>, q: ArrayLike<number>, count: number): void {
    const sp = this.cfg.sparse;
    this.nFeats = count;
    this.nDense = 0;
    this.nSparse = 0;
    for (let k = 0; k < count; k++) {
      const f = feats[k];
      this.feats[k] = f;
      this.featQ[k] = q[k];
      if (sp !== null && sp.isSparse[f] === 1) this.sparseFeats[this.nSparse++] = f;
      else this.dense[this.nDense++] = f;
    }
    if (sp !== null && this.nSparse > 0 && this.sparseHist.length < sp.histSize)
      this.sparseHist = new Float64Array(sp.histSize);
  }

  /** The root (rows gathered in gOrd/hOrd, totals set): its histograms and best split (target 0). */
  root(node: number): void {
    this.build(node);
    this.split(node, 0);
  }

  /**
   * After a split: the smaller child's histograms from its rows (gathered), the larger's by subtraction
   * in its slot (the parent's), then the best splits of L (target 0) and R (target 1).
   */
  children(small: number, large: number, L: number, R: number): void {
    this.build(small);
    const { hist, nodeSlot } = this.a;
    const pb = nodeSlot[large] * this.slotSize;
    const sb = nodeSlot[small] * this.slotSize;
    const nBins = this.cfg.nBins;
    for (let k = 0; k < this.nFeats; k++) {
      const f = this.feats[k];
      const fo = f * SLOT_PER_FEATURE;
      const used = nBins[f] << 1;
      for (let j = 0; j < used; j++) hist[pb + fo + j] -= hist[sb + fo + j];
      for (let j = MISSING_BIN << 1; j < SLOT_PER_FEATURE; j++) hist[pb + fo + j] -= hist[sb + fo + j];
    }
    this.split(L, 0);
    this.split(R, 1);
  }

  private build(node: number): void {
    const { nodeStart, nodeEnd, nodeSlot } = this.a;
    const start = nodeStart[node];
    const end = nodeEnd[node];
    const base = nodeSlot[node] * this.slotSize;
    const dense = this.dense;
    let k = 0;
    for (; k + 3 < this.nDense; k += 4)
      this.quadHist(dense[k], dense[k + 1], dense[k + 2], dense[k + 3], start, end, base);
    for (; k + 1 < this.nDense; k += 2) this.pairHist(dense[k], dense[k + 1], start, end, base);
    if (k < this.nDense) this.pairHist(dense[k], -1, start, end, base);
    if (this.nSparse > 0) this.sparseHists(node, start, end, base);
  }

  /**
   * The histograms of features f0 and f1 (-1: f0 alone) over rows idx[start..end) into
   * hist[base + f * 512 ..], in one pass over the rows: a row's index, g and h are loaded once for two
   * features (about 20% less time per update than one feature per pass). Large nodes accumulate each
   * feature into two partial histograms, even rows into one and odd rows into the other, then sum them:
   * consecutive rows of a feature with few distinct values fall in the same bin, and a single histogram
   * would chain every update on the previous one's store. Small nodes, where summing the partials
   * would cost more than it saves, use the slot directly. A feature's sums come out the same bits
   * whichever feature it is paired with, so the split of features between threads changes nothing.
   */
  private pairHist(f0: number, f1: number, start: number, end: number, base: number): void {
    const { bins, nRows } = this.cfg;
    const { idx, gOrd, hOrd, hist } = this.a;
    const quad = this.quad;
    const m = end - start;
    const two = f1 >= 0;
    // f1 alone reads f0's column into partials it never drains (keeps one loop body)
    const g1 = two ? f1 : f0;
    const hb0 = base + f0 * SLOT_PER_FEATURE;
    const hb1 = base + g1 * SLOT_PER_FEATURE;
    const c0 = f0 * nRows;
    const c1 = g1 * nRows;
    if (m < QUAD_MIN_ROWS) {
      this.zeroUsed(hb0, f0);
      if (two) {
        this.zeroUsed(hb1, f1);
        for (let j = start; j < end; j++) {
          const i = idx[j];
          const g = gOrd[j];
          const h = hOrd[j];
          const p = hb0 + (bins[c0 + i] << 1);
          const q = hb1 + (bins[c1 + i] << 1);
          hist[p] += g;
          hist[p + 1] += h;
          hist[q] += g;
          hist[q + 1] += h;
        }
      } else {
        for (let j = start; j < end; j++) {
          const p = hb0 + (bins[c0 + idx[j]] << 1);
          hist[p] += gOrd[j];
          hist[p + 1] += hOrd[j];
        }
      }
      return;
    }
    const end2 = start + (m & ~1);
    for (let j = start; j < end2; j += 2) {
      const i0 = idx[j];
      const i1 = idx[j + 1];
      const ga = gOrd[j];
      const ha = hOrd[j];
      const gb = gOrd[j + 1];
      const hb = hOrd[j + 1];
      const p0 = bins[c0 + i0] << 1;
      const p1 = 512 + (bins[c0 + i1] << 1);
      const q0 = 1024 + (bins[c1 + i0] << 1);
      const q1 = 1536 + (bins[c1 + i1] << 1);
      quad[p0] += ga;
      quad[p0 + 1] += ha;
      quad[p1] += gb;
      quad[p1 + 1] += hb;
      quad[q0] += ga;
      quad[q0 + 1] += ha;
      quad[q1] += gb;
      quad[q1 + 1] += hb;
    }
    if (end2 < end) {
      const i = idx[end2];
      const p = bins[c0 + i] << 1;
      const q = 1024 + (bins[c1 + i] << 1);
      quad[p] += gOrd[end2];
      quad[p + 1] += hOrd[end2];
      quad[q] += gOrd[end2];
      quad[q + 1] += hOrd[end2];
    }
    // sum the partials into the slots and zero them: only the real bins and the missing bin are used
    this.drainFeature(hb0, f0, 0);
    if (two) this.drainFeature(hb1, f1, 1024);
    else quad.fill(0, 1024, 2048);
  }

  /**
   * pairHist for four features in one pass (a row's index, g and h loaded once for four; about 17%
   * less time per update than two). Each feature's sums are the same bits as pairHist's.
   */
  private quadHist(
    f0: number,
    f1: number,
    f2: number,
    f3: number,
    start: number,
    end: number,
    base: number,
  ): void {
    const { bins, nRows } = this.cfg;
    const { idx, gOrd, hOrd, hist } = this.a;
    const quad = this.quad;
    const m = end - start;
    const hb0 = base + f0 * SLOT_PER_FEATURE;
    const hb1 = base + f1 * SLOT_PER_FEATURE;
    const hb2 = base + f2 * SLOT_PER_FEATURE;
    const hb3 = base + f3 * SLOT_PER_FEATURE;
    const c0 = f0 * nRows;
    const c1 = f1 * nRows;
    const c2 = f2 * nRows;
    const c3 = f3 * nRows;
    if (m < QUAD_MIN_ROWS) {
      this.zeroUsed(hb0, f0);
      this.zeroUsed(hb1, f1);
      this.zeroUsed(hb2, f2);
      this.zeroUsed(hb3, f3);
      for (let j = start; j < end; j++) {
        const i = idx[j];
        const g = gOrd[j];
        const h = hOrd[j];
        const p0 = hb0 + (bins[c0 + i] << 1);
        const p1 = hb1 + (bins[c1 + i] << 1);
        const p2 = hb2 + (bins[c2 + i] << 1);
        const p3 = hb3 + (bins[c3 + i] << 1);
        hist[p0] += g;
        hist[p0 + 1] += h;
        hist[p1] += g;
        hist[p1 + 1] += h;
        hist[p2] += g;
        hist[p2 + 1] += h;
        hist[p3] += g;
        hist[p3 + 1] += h;
      }
      return;
    }
    const end2 = start + (m & ~1);
    for (let j = start; j < end2; j += 2) {
      const ia = idx[j];
      const ib = idx[j + 1];
      const ga = gOrd[j];
      const ha = hOrd[j];
      const gb = gOrd[j + 1];
      const hb = hOrd[j + 1];
      const a0 = bins[c0 + ia] << 1;
      const a1 = 1024 + (bins[c1 + ia] << 1);
      const a2 = 2048 + (bins[c2 + ia] << 1);
      const a3 = 3072 + (bins[c3 + ia] << 1);
      const b0 = 512 + (bins[c0 + ib] << 1);
      const b1 = 1536 + (bins[c1 + ib] << 1);
      const b2 = 2560 + (bins[c2 + ib] << 1);
      const b3 = 3584 + (bins[c3 + ib] << 1);
      quad[a0] += ga;
      quad[a0 + 1] += ha;
      quad[a1] += ga;
      quad[a1 + 1] += ha;
      quad[a2] += ga;
      quad[a2 + 1] += ha;
      quad[a3] += ga;
      quad[a3 + 1] += ha;
      quad[b0] += gb;
      quad[b0 + 1] += hb;
      quad[b1] += gb;
      quad[b1 + 1] += hb;
      quad[b2] += gb;
      quad[b2 + 1] += hb;
      quad[b3] += gb;
      quad[b3 + 1] += hb;
    }
    if (end2 < end) {
      const i = idx[end2];
      const g = gOrd[end2];
      const h = hOrd[end2];
      const a0 = bins[c0 + i] << 1;
      const a1 = 1024 + (bins[c1 + i] << 1);
      const a2 = 2048 + (bins[c2 + i] << 1);
      const a3 = 3072 + (bins[c3 + i] << 1);
      quad[a0] += g;
      quad[a0 + 1] += h;
      quad[a1] += g;
      quad[a1 + 1] += h;
      quad[a2] += g;
      quad[a2 + 1] += h;
      quad[a3] += g;
      quad[a3 + 1] += h;
    }
    this.drainFeature(hb0, f0, 0);
    this.drainFeature(hb1, f1, 1024);
    this.drainFeature(hb2, f2, 2048);
    this.drainFeature(hb3, f3, 3072);
  }

  /** Drains feature f's two partials at quad[at ..] into its slot at hb (real bins and missing bin). */
  private drainFeature(hb: number, f: number, at: number): void {
    this.drainPartials(hb, 0, this.cfg.nBins[f] << 1, at);
    this.drainPartials(hb, MISSING_BIN << 1, SLOT_PER_FEATURE, at);
  }

  /** Zeroes feature f's real bins and missing bin in the slot at hb. */
  private zeroUsed(hb: number, f: number): void {
    const hist = this.a.hist;
    hist.fill(0, hb, hb + (this.cfg.nBins[f] << 1));
    hist.fill(0, hb + (MISSING_BIN << 1), hb + SLOT_PER_FEATURE);
  }

  /** Sums the two partials at quad[at ..] and quad[at + 512 ..], values [from, to), into hist[hb + ...] and zeroes them. */
  private drainPartials(hb: number, from: number, to: number, at: number): void {
    const quad = this.quad;
    const hist = this.a.hist;
    for (let k = from; k < to; k++) {
      hist[hb + k] = quad[at + k] + quad[at + 512 + k];
      quad[at + k] = quad[at + 512 + k] = 0;
    }
  }

  /**
   * The sparse features: the rows' non-default entries into the compact histogram, then each feature's
   * default bin from the node's totals.
   */
  private sparseHists(node: number, start: number, end: number, base: number): void {
    const sparse = this.cfg.sparse as SparseBins;
    const { idx, gOrd, hOrd, hist, nodeG, nodeH } = this.a;
    const { rowPtr, pos } = sparse;
    const sp = this.sparseHist;
    sp.fill(0, 0, sparse.histSize);
    for (let j = start; j < end; j++) {
      const i = idx[j];
      const g = gOrd[j];
      const h = hOrd[j];
      for (let k = rowPtr[i], e = rowPtr[i + 1]; k < e; k++) {
        const p = pos[k];
        sp[p] += g;
        sp[p + 1] += h;
      }
    }
    const nBins = this.cfg.nBins;
    for (let k = 0; k < this.nSparse; k++) {
      const f = this.sparseFeats[k];
      expandSparseFeature(
        sparse,
        f,
        nBins[f],
        sp,
        hist,
        base + f * SLOT_PER_FEATURE,
        nodeG[node],
        nodeH[node],
      );
    }
  }

  /**
   * Best split of `node` over this share's features, into result target `target`: twice the gain
   * (before γ) and its feature, bin and list position; gain 0 and feature -1 when none improves.
   * Split "bin <= b" for real bins b < nb - 1, and b = nb - 1 when missing values go right alone.
   */
  private split(node: number, target: number): void {
    const { nodeStart, nodeEnd, nodeDepth, nodeSlot, nodeG, nodeH, hist, result } = this.a;
    const { nBins, lambda, minChildWeight, maxDepth } = this.cfg;
    const r = this.id * RESULT_STRIDE + target * 4;
    result[r] = 0;
    result[r + 1] = -1;
    result[r + 2] = -1;
    result[r + 3] = -1;
    if (nodeDepth[node] >= maxDepth || nodeEnd[node] - nodeStart[node] < 2) return;
    const G = nodeG[node];
    const H = nodeH[node];
    if (H < 2 * minChildWeight) return;
    const parentScore = (G * G) / (H + lambda);
    const base = nodeSlot[node] * this.slotSize;
    let best = 0;
    let bestK = -1;
    let bestB = -1;
    for (let k = 0; k < this.nFeats; k++) {
      const f = this.feats[k];
      const fb = base + f * SLOT_PER_FEATURE;
      const nb = nBins[f];
      let GL = 0;
      let HL = 0;
      const last = hist[fb + (MISSING_BIN << 1) + 1] > 0 ? nb - 1 : nb - 2;
      for (let b = 0; b <= last; b++) {
        const hb = hist[fb + (b << 1) + 1];
        if (hb === 0) continue;
        GL += hist[fb + (b << 1)];
        HL += hb;
        if (HL < minChildWeight) continue;
        const HR = H - HL;
        if (HR < minChildWeight) break;
        const GR = G - GL;
        const gain = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parentScore;
        if (gain > best) {
          best = gain;
          bestK = k;
          bestB = b;
        }
      }
    }
    if (bestK < 0) return;
    result[r] = best;
    result[r + 1] = this.feats[bestK];
    result[r + 2] = bestB;
    result[r + 3] = this.featQ[bestK];
  }
}
