/**
 * One boosting step for one raw-score column: gradients of the round's rows, one tree grown on them,
 * and the column's raw scores moved by the tree's leaf values. The sequential fit and the worker threads
 * of ./parallel-rounds.ts run exactly this, so a tree is the same bits whichever thread grew it (columns
 * are disjoint: two threads never write the same raw score).
 */
import type { BinEdges } from "../tree/binning.js";
import { NodeStore } from "../tree/flat.js";
import { type BoosterTreeOptions, BoosterWorkspace, growBoosterTree } from "./grow-booster-tree.js";
import { gradients } from "./loss.js";
import type { SparseBins } from "./sparse-bins.js";

/** What every step of one fit reads (and `raw`, the one thing it writes). */
export interface BoostData {
  n: number;
  nFeatures: number;
  /** Classes seen in fit (>= 2). */
  nClasses: number;
  /** Raw-score columns (1 for two classes, else nClasses). */
  nColumns: number;
  /** Column-major bins, n per feature. */
  bins: Uint8Array;
  nBins: Int32Array;
  /** Row-wise entries of the mostly-one-bin features (null: none). */
  sparse: SparseBins | null;
  edges: BinEdges;
  y: Int32Array;
  w: Float64Array;
  /** n x max(2, nClasses) probabilities of the current raw scores. */
  proba: Float32Array;
  /** n x nColumns raw scores. */
  raw: Float64Array;
  /** The round's rows (ascending) in roundRows[0..count); inSample[i] = 1 for those rows. */
  roundRows: Int32Array;
  inSample: Uint8Array;
  treeOptions: BoosterTreeOptions;
}

/** Per-thread scratch. */
export interface StepScratch {
  ws: BoosterWorkspace;
  gh: Float64Array;
  idx: Int32Array;
}

/** `sharedMemory`: the workspace's arrays in shared memory, for a helper thread (./feature-parallel.ts). */
export function stepScratch(d: BoostData, sharedMemory = false): StepScratch {
  const ws = new BoosterWorkspace(d.nFeatures, d.treeOptions.maxLeaves, d.n, sharedMemory);
  return { ws, gh: new Float64Array(2 * d.n), idx: ws.idx };
}

/** Real-valued threshold of split "bin <= b" on feature f (Infinity: only missing values go right). */
export function thresholdOf(edges: BinEdges, f: number, b: number): number {
  const nEdges = edges.offsets[f + 1] - edges.offsets[f];
  return b < nEdges ? edges.edges[edges.offsets[f] + b] : Number.POSITIVE_INFINITY;
}

/** Grows column c's tree on the round's `count` rows with `features`; adds split gains to gainImp. */
export function growColumnTree(
  d: BoostData,
  s: StepScratch,
  c: number,
  count: number,
  features: Int32Array,
  gainImp: Float64Array,
): NodeStore {
  const { n, bins, raw, nColumns: C, inSample } = d;
  const { ws, idx } = s;
  // The grower partitions idx; each tree starts from the round's rows in ascending order.
  idx.set(d.roundRows.subarray(0, count));
  gradients(d.proba, d.y, d.w, d.nClasses, c, idx, count, s.gh);
  const edges = d.edges;
  const tree = growBoosterTree(
    bins,
    n,
    s.gh,
    idx,
    count,
    features,
    d.nBins,
    (f, b) => thresholdOf(edges, f, b),
    d.treeOptions,
    ws,
    gainImp,
    d.sparse,
  );
  // In-sample rows: their leaves are known from the partition.
  for (let nd = 0; nd < tree.n; nd++) {
    if (tree.feature[nd] >= 0) continue;
    const v = tree.value[nd];
    for (let j = ws.nodeStart[nd]; j < ws.nodeEnd[nd]; j++) raw[idx[j] * C + c] += v;
  }
  // Other rows (validation, subsampled out): walk the tree on bins.
  if (count < n) {
    for (let i = 0; i < n; i++) {
      if (inSample[i] === 1) continue;
      let nd = 0;
      while (tree.feature[nd] >= 0) {
        nd = bins[tree.feature[nd] * n + i] <= tree.binThreshold[nd] ? tree.left[nd] : tree.right[nd];
      }
      raw[i * C + c] += tree.value[nd];
    }
  }
  return tree;
}

/** A tree as plain typed arrays (what a worker posts back), and back. */
export interface TreeArrays {
  n: number;
  nOutputs: number;
  feature: Int32Array;
  threshold: Float32Array;
  binThreshold: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  cover: Float32Array;
  value: Float32Array;
}

export function treeToArrays(t: NodeStore): TreeArrays {
  return {
    n: t.n,
    nOutputs: t.nOutputs,
    feature: t.feature.slice(0, t.n),
    threshold: t.threshold.slice(0, t.n),
    binThreshold: t.binThreshold.slice(0, t.n),
    left: t.left.slice(0, t.n),
    right: t.right.slice(0, t.n),
    cover: t.cover.slice(0, t.n),
    value: t.value.slice(0, t.n * t.nOutputs),
  };
}

export function treeFromArrays(a: TreeArrays): NodeStore {
  const t = new NodeStore(a.nOutputs, Math.max(1, a.n));
  t.n = a.n;
  t.feature.set(a.feature);
  t.threshold.set(a.threshold);
  t.binThreshold.set(a.binThreshold);
  t.left.set(a.left);
  t.right.set(a.right);
  t.cover.set(a.cover);
  t.value.set(a.value);
  return t;
}
