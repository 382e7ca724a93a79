/**
 * Grows one regression tree on gradients and hessians (second-order boosting, after XGBoost / LightGBM):
 * histograms of (sum g, sum h) per feature and bin, built column by column over column-major Uint8 bins,
 * four features per pass over a node's rows (./hist-shard.ts); the rows' gradients kept in the rows'
 * order and moved with them by each partition (LightGBM's ordered gradients), so a node's are
 * contiguous; the smaller child's histogram built from rows and the larger one's by subtraction from the
 * parent; best-first growth bounded by maxLeaves and maxDepth; split gain
 * 1/2 [GL²/(HL+λ) + GR²/(HR+λ) − G²/(H+λ)] − γ; leaf value −G/(H+λ) × learning rate. Rows of a node are
 * a contiguous range of one index array, kept ascending by a stable partition so column reads move
 * forward. No object per node.
 *
 * The per-feature work (histograms, subtraction, split search) is done in shares of the features; when
 * a helper thread is there (./feature-parallel.ts), it runs share 1 of every node and half of each large
 * partition while this thread runs the rest, and the tree is the same bits as on one thread.
 */
import { NodeStore } from "../tree/flat.js";
import {
  FeatureShard,
  type NodeArrays,
  partitionHalf,
  RESULT_STRIDE,
  type ShardConfig,
} from "./hist-shard.js";
import type { SparseBins } from "./sparse-bins.js";

/** Partitions of fewer rows than this stay on this thread (a few ns per row: little to share). */
const PARTITION_HELP_MIN_ROWS = 4096;

export interface BoosterTreeOptions {
  maxDepth: number;
  maxLeaves: number;
  lambda: number;
  minChildWeight: number;
  minSplitGain: number;
  learningRate: number;
}

/** A worker thread that runs share 1 of each node's per-feature work (./feature-parallel.ts). */
export interface ShardHelper {
  /** Gives share 1 these features (at list positions q, ascending) for the coming tree. */
  setFeatures(feats: Int32Array, q: Int32Array, count: number): void;
  /** Starts share 1 of FeatureShard.root / .children on the helper; wait() blocks until it is done. */
  startRoot(node: number): void;
  startChildren(small: number, large: number, L: number, R: number): void;
  /** Starts half 1 (rows idx[lo..hi)) of a partition on "bin of f <= b" (see partitionHalf). */
  startPartition(lo: number, hi: number, f: number, b: number): void;
  wait(): void;
}

/** Allocates a typed array in shared memory (a helper thread sees the same bytes) or ordinary memory. */
function alloc<T extends Int32Array | Float64Array>(
  Ctor: { new (n: number): T; new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  n: number,
  sharedMemory: boolean,
): T {
  return sharedMemory ? new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT)) : new Ctor(n);
}

/** Scratch space reused across the trees of one fit. */
export class BoosterWorkspace {
  /** The arrays the feature shares work on (shared memory when `sharedMemory`). */
  readonly arrays: NodeArrays;
  readonly maxNodes: number;
  readonly splitGain: Float64Array;
  readonly splitFeature: Int32Array;
  readonly splitBin: Int32Array;
  readonly open: Int32Array;
  readonly freeSlots: Int32Array;
  /** Share 0 (this thread's), made on the first tree. */
  shard: FeatureShard | null = null;
  /** The helper thread taking share 1, if any. */
  helper: ShardHelper | null = null;

  constructor(
    readonly nFeatures: number,
    maxLeaves: number,
    nRows: number,
    sharedMemory = false,
  ) {
    this.maxNodes = 2 * maxLeaves + 1;
    const nSlots = maxLeaves + 2;
    const i32 = (k: number) => alloc(Int32Array, k, sharedMemory);
    const f64 = (k: number) => alloc(Float64Array, k, sharedMemory);
    this.arrays = {
      idx: i32(nRows),
      gOrd: f64(nRows),
      hOrd: f64(nRows),
      hist: f64(nSlots * nFeatures * 512),
      nodeStart: i32(this.maxNodes),
      nodeEnd: i32(this.maxNodes),
      nodeDepth: i32(this.maxNodes),
      nodeSlot: i32(this.maxNodes),
      nodeG: f64(this.maxNodes),
      nodeH: f64(this.maxNodes),
      result: f64(2 * RESULT_STRIDE),
      tmp: i32(nRows),
      tmpG: f64(nRows),
      tmpH: f64(nRows),
      part: f64(16),
    };
    this.splitGain = new Float64Array(this.maxNodes);
    this.splitFeature = new Int32Array(this.maxNodes);
    this.splitBin = new Int32Array(this.maxNodes);
    this.open = new Int32Array(this.maxNodes);
    this.freeSlots = new Int32Array(nSlots);
  }

  /** The row index array the grower partitions (the helper reads this one). */
  get idx(): Int32Array {
    return this.arrays.idx;
  }
  get nodeStart(): Int32Array {
    return this.arrays.nodeStart;
  }
  get nodeEnd(): Int32Array {
    return this.arrays.nodeEnd;
  }
}

/**
 * Shares the tree's features out: sparse features (one row-wise pass builds them all) stay in share 0;
 * the dense ones are split so both shares cost about the same (a sparse entry ~ one dense update).
 * Writes share 1's features into `feats`/`q` and returns their count; share 0 gets the rest.
 */
function shareOut(
  features: Int32Array,
  sparse: SparseBins | null,
  nRows: number,
  feats: Int32Array,
  q: Int32Array,
  feats0: Int32Array,
  q0: Int32Array,
): { n0: number; n1: number } {
  let nDense = 0;
  for (let k = 0; k < features.length; k++)
    if (sparse === null || sparse.isSparse[features[k]] === 0) nDense++;
  const sparseCost = sparse === null || nDense === features.length ? 0 : sparse.rowPtr[nRows] / nRows;
  const take = Math.max(0, Math.min(nDense, Math.round((nDense + sparseCost) / 2)));
  // share 1 takes the last `take` dense features in list order
  let seenDense = 0;
  let n0 = 0;
  let n1 = 0;
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const isDense = sparse === null || sparse.isSparse[f] === 0;
    if (isDense && seenDense++ >= nDense - take) {
      feats[n1] = f;
      q[n1++] = k;
    } else {
      feats0[n0] = f;
      q0[n0++] = k;
    }
  }
  return { n0, n1 };
}

/**
 * Grows a tree over rows idx[0..count) (ascending). `bins` is column-major (nRows per column); `gh` holds g and h
 * interleaved per row. `features` lists the columns this tree may split on; `nBins[f]` is the number of
 * real (non-missing) bins of f. On return, leaf l's rows are idx[nodeStart[l]..nodeEnd[l]) (workspace).
 * `idx` must be `ws.idx` when the workspace has a helper. Adds each split's gain to `gainImportance`.
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
  const maxLeaves = Math.max(2, o.maxLeaves);
  const store = new NodeStore(1, 2 * maxLeaves);
  const arrays = ws.arrays;
  const helper = ws.helper;
  if (idx !== arrays.idx) {
    if (helper !== null) throw new Error("growBoosterTree: a helper thread needs idx = ws.idx");
    arrays.idx = idx;
  }
  const { nodeStart, nodeEnd, nodeDepth, nodeSlot, nodeG, nodeH, gOrd, hOrd, result } = arrays;
  const { splitGain, splitFeature, splitBin, open } = ws;
  const { tmp, tmpG, tmpH, part } = arrays;
  const freeSlots = ws.freeSlots;
  let nFree = 0;
  for (let s = freeSlots.length - 1; s >= 0; s--) freeSlots[nFree++] = s;

  const cfg: ShardConfig = {
    bins,
    nRows,
    nBins,
    sparse,
    maxDepth: o.maxDepth,
    lambda: o.lambda,
    minChildWeight: o.minChildWeight,
  };
  if (ws.shard === null) ws.shard = new FeatureShard(0, cfg, arrays, ws.nFeatures);
  const shard = ws.shard;
  shard.cfg = cfg;
  if (helper === null) shard.setFeatures(features, Int32Array.from(features.keys()), features.length);
  else {
    const F = features.length;
    const f0 = new Int32Array(F);
    const q0 = new Int32Array(F);
    const f1 = new Int32Array(F);
    const q1 = new Int32Array(F);
    const { n0, n1 } = shareOut(features, sparse, nRows, f1, q1, f0, q0);
    shard.setFeatures(f0, q0, n0);
    helper.setFeatures(f1, q1, n1);
  }
  const nShares = helper === null ? 1 : 2;

  /** The shares' best split of `node` (result target k): the largest gain, the earlier feature on a tie. */
  const combine = (node: number, k: number): void => {
    let best = 0;
    let bestF = -1;
    let bestB = -1;
    let bestQ = -1;
    for (let s = 0; s < nShares; s++) {
      const r = s * RESULT_STRIDE + k * 4;
      if (result[r + 1] < 0) continue;
      const g = result[r];
      if (bestF < 0 || g > best || (g === best && result[r + 3] < bestQ)) {
        best = g;
        bestF = result[r + 1];
        bestB = result[r + 2];
        bestQ = result[r + 3];
      }
    }
    splitGain[node] = -1;
    splitFeature[node] = -1;
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
  // the gradients in position order once (partitions then move them with their rows), and the totals
  let G0 = 0;
  let H0 = 0;
  for (let j = 0; j < count; j++) {
    const i = idx[j];
    const g = gh[2 * i];
    const h = gh[2 * i + 1];
    gOrd[j] = g;
    hOrd[j] = h;
    G0 += g;
    H0 += h;
  }
  nodeG[0] = G0;
  nodeH[0] = H0;
  // every node's share 1 goes to the helper: even a tiny node's split search and subtraction cost
  // tens of microseconds over the features, a hand-off about one while the helper spins
  helper?.startRoot(0);
  shard.root(0);
  helper?.wait();
  combine(0, 0);
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
    // Stable partition, the gradients moving with their rows, in two halves (on two threads when a
    // helper is there and the node is large): each half's left rows stay in place and its right rows go
    // to tmp, then the halves are joined: left 0, left 1, right 0, right 1. The children's totals are
    // half 0's plus half 1's, whatever the threads.
    const mid = start + ((end - start) >> 1);
    if (helper !== null && end - start >= PARTITION_HELP_MIN_ROWS) {
      helper.startPartition(mid, end, f, b);
      partitionHalf(arrays, bins, nRows, start, mid, f, b, 0);
      helper.wait();
    } else {
      partitionHalf(arrays, bins, nRows, start, mid, f, b, 0);
      partitionHalf(arrays, bins, nRows, mid, end, f, b, 1);
    }
    const nl0 = part[0];
    const nl1 = part[8];
    const nr0 = mid - start - nl0;
    const nr1 = end - mid - nl1;
    const a = start + nl0 + nl1;
    for (const [v, t] of [
      [idx, tmp],
      [gOrd, tmpG],
      [hOrd, tmpH],
    ] as const) {
      v.copyWithin(start + nl0, mid, mid + nl1);
      v.set(t.subarray(start, start + nr0), a);
      v.set(t.subarray(mid, mid + nr1), a + nr0);
    }
    const GL = part[1] + part[9];
    const HL = part[2] + part[10];
    const GR = part[3] + part[11];
    const HR = part[4] + part[12];
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
    nodeG[small] = small === L ? GL : GR;
    nodeH[small] = small === L ? HL : HR;
    nodeG[large] = nodeG[node] - nodeG[small];
    nodeH[large] = nodeH[node] - nodeH[small];
    helper?.startChildren(small, large, L, R);
    shard.children(small, large, L, R);
    helper?.wait();
    combine(L, 0);
    combine(R, 1);
    release(L);
    release(R);
    open[nOpen++] = L;
    open[nOpen++] = R;
    nLeaves++;
  }
  // Leaf values and covers (cover = hessian sum, as XGBoost reports it).
  for (let nd = 0; nd < store.n; nd++) {
    store.cover[nd] = nodeH[nd];
    if (store.feature[nd] < 0) store.value[nd] = (-nodeG[nd] / (nodeH[nd] + o.lambda)) * o.learningRate;
  }
  return store;
}
