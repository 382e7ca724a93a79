/**
 * Inference layout for ensembles of shallow single-output trees (boosting: depth 6 by default): each tree
 * padded to a perfect binary tree of its own depth D, stored breadth-first, so node k's children are
 * 2k + 1 and 2k + 2 and a walk is exactly D steps of `k = 2k + 1 + (x[f] is not <= threshold)`, with
 * no child pointers, no leaf test and no branch. A leaf above depth D becomes a subtree of padding nodes
 * whose leaves all carry its value (so their comparisons, NaN included, cannot change the result).
 * Internal nodes are [feature, threshold bits] pairs in one Int32Array (8 bytes a node, against 12 for
 * ./flat.ts's packed layout, and no leaf records): 1,000 depth-6 trees take 0.75 MB.
 *
 * Semantics equal ./flat.ts (x <= threshold goes left, NaN right) and leaf values are added tree by
 * tree in tree order, so outputs are the same bits as accumulateEnsemble's.
 */
import type { TreeEnsemble } from "./flat.js";

/** Rows processed together through all trees (bytes of row data: about half a typical L2). */
export const ROW_BLOCK_BYTES = 128 * 1024;

/** Deepest tree the layout takes (2^D leaves per tree). */
export const PERFECT_MAX_DEPTH = 10;

export interface PerfectEnsemble {
  nTrees: number;
  nColumns: number;
  /**
   * Per tree: depth D, offset of its first node pair (Int32 index), and where its leaves are found: the
   * walk ends at breadth-first index k (2^D - 1 <= k < 2^(D+1) - 1) and the leaf is leaves[leafBase + k].
   */
  depth: Int32Array;
  nodeAt: Int32Array;
  leafBase: Int32Array;
  outputOffset: Int32Array;
  /** [feature, float32 threshold bits] per internal node. */
  nodes: Int32Array;
  nodesF: Float32Array;
  leaves: Float32Array;
}

function treeDepth(e: TreeEnsemble, node: number): number {
  if (e.feature[node] < 0) return 0;
  return 1 + Math.max(treeDepth(e, e.left[node]), treeDepth(e, e.right[node]));
}

const cache = new WeakMap<TreeEnsemble, PerfectEnsemble | null>();

/** The perfect layout of `e`, or null when it does not apply (several outputs per leaf, or a tree deeper than PERFECT_MAX_DEPTH). */
export function perfectLayout(e: TreeEnsemble): PerfectEnsemble | null {
  const hit = cache.get(e);
  if (hit !== undefined) return hit;
  const built = build(e);
  cache.set(e, built);
  return built;
}

function build(e: TreeEnsemble): PerfectEnsemble | null {
  if (e.nOutputs !== 1) return null;
  const T = e.nTrees;
  const depth = new Int32Array(T);
  const nodeAt = new Int32Array(T);
  const leafBase = new Int32Array(T);
  let nNodes = 0;
  let nLeaves = 0;
  for (let t = 0; t < T; t++) {
    const d = treeDepth(e, e.roots[t]);
    if (d > PERFECT_MAX_DEPTH) return null;
    depth[t] = d;
    nodeAt[t] = 2 * nNodes;
    leafBase[t] = nLeaves - ((1 << d) - 1);
    nNodes += (1 << d) - 1;
    nLeaves += 1 << d;
  }
  const nodes = new Int32Array(2 * nNodes);
  const nodesF = new Float32Array(nodes.buffer);
  const leaves = new Float32Array(nLeaves);
  for (let t = 0; t < T; t++) {
    const D = depth[t];
    // place source node `src` at position k of depth `level` (breadth-first index k)
    const place = (src: number, k: number, level: number): void => {
      if (level === D) {
        leaves[leafBase[t] + k] = e.value[src];
        return;
      }
      const j = nodeAt[t] + 2 * k;
      if (e.feature[src] < 0) {
        // padding: both ways lead to copies of this leaf
        nodes[j] = 0;
        nodesF[j + 1] = 0;
        place(src, 2 * k + 1, level + 1);
        place(src, 2 * k + 2, level + 1);
        return;
      }
      nodes[j] = e.feature[src];
      nodesF[j + 1] = e.threshold[src];
      place(e.left[src], 2 * k + 1, level + 1);
      place(e.right[src], 2 * k + 2, level + 1);
    };
    place(e.roots[t], 0, 0);
  }
  return {
    nTrees: T,
    nColumns: e.nColumns,
    depth,
    nodeAt,
    leafBase,
    outputOffset: e.outputOffset.slice(),
    nodes,
    nodesF,
    leaves,
  };
}

/**
 * Adds every tree's leaf value, times `scale`, to out (rows x nColumns) for the rows of row-major `data`
 * with `cols` columns. Batches go block of rows by block, tree by tree over eight rows at a time (eight
 * independent walks overlap: 1.24x four on 100 depth-6 trees); fewer than four rows walk four trees at
 * a time. This is the JavaScript walk; ./flat.ts's accumulateEnsemble runs the WebAssembly one
 * (./wasm-walk.ts: the same bits, about twice the rate) for a float64 output where it can.
 */
export function accumulatePerfect(
  pe: PerfectEnsemble,
  data: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  if (rows < 4) {
    for (let r = 0; r < rows; r++) oneRow(pe, data, r * cols, r, out, scale);
    return;
  }
  const { nodes, nodesF, leaves, depth, nodeAt, leafBase, outputOffset } = pe;
  const C = pe.nColumns;
  // blocks of rows small enough to stay in L2 while every tree passes over them (the trees, 0.75 MB for
  // 1,000 depth-6 ones, stream from L2/L3; streaming the rows from memory once per tree instead was
  // bandwidth-bound: 8 k rows/s for TON_IoT's 1,000 trees)
  const block = Math.max(4, Math.floor(ROW_BLOCK_BYTES / (4 * cols)) & ~3);
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let t = 0; t < pe.nTrees; t++) {
      const D = depth[t];
      const nb = nodeAt[t];
      const lb = leafBase[t];
      const oo = outputOffset[t];
      let r = r0;
      for (; r + 8 <= r1; r += 8) {
        const b0 = r * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        const b4 = b3 + cols;
        const b5 = b4 + cols;
        const b6 = b5 + cols;
        const b7 = b6 + cols;
        let k0 = 0;
        let k1 = 0;
        let k2 = 0;
        let k3 = 0;
        let k4 = 0;
        let k5 = 0;
        let k6 = 0;
        let k7 = 0;
        if (D > 0) {
          // the root is the same node for all eight rows: its feature and threshold loaded once
          const f = nodes[nb];
          const th = nodesF[nb + 1];
          k0 = 1 + +!(data[b0 + f] <= th);
          k1 = 1 + +!(data[b1 + f] <= th);
          k2 = 1 + +!(data[b2 + f] <= th);
          k3 = 1 + +!(data[b3 + f] <= th);
          k4 = 1 + +!(data[b4 + f] <= th);
          k5 = 1 + +!(data[b5 + f] <= th);
          k6 = 1 + +!(data[b6 + f] <= th);
          k7 = 1 + +!(data[b7 + f] <= th);
        }
        for (let d = 1; d < D; d++) {
          const j0 = nb + 2 * k0;
          const j1 = nb + 2 * k1;
          const j2 = nb + 2 * k2;
          const j3 = nb + 2 * k3;
          const j4 = nb + 2 * k4;
          const j5 = nb + 2 * k5;
          const j6 = nb + 2 * k6;
          const j7 = nb + 2 * k7;
          k0 = 2 * k0 + 1 + +!(data[b0 + nodes[j0]] <= nodesF[j0 + 1]);
          k1 = 2 * k1 + 1 + +!(data[b1 + nodes[j1]] <= nodesF[j1 + 1]);
          k2 = 2 * k2 + 1 + +!(data[b2 + nodes[j2]] <= nodesF[j2 + 1]);
          k3 = 2 * k3 + 1 + +!(data[b3 + nodes[j3]] <= nodesF[j3 + 1]);
          k4 = 2 * k4 + 1 + +!(data[b4 + nodes[j4]] <= nodesF[j4 + 1]);
          k5 = 2 * k5 + 1 + +!(data[b5 + nodes[j5]] <= nodesF[j5 + 1]);
          k6 = 2 * k6 + 1 + +!(data[b6 + nodes[j6]] <= nodesF[j6 + 1]);
          k7 = 2 * k7 + 1 + +!(data[b7 + nodes[j7]] <= nodesF[j7 + 1]);
        }
        out[r * C + oo] += leaves[lb + k0] * scale;
        out[(r + 1) * C + oo] += leaves[lb + k1] * scale;
        out[(r + 2) * C + oo] += leaves[lb + k2] * scale;
        out[(r + 3) * C + oo] += leaves[lb + k3] * scale;
        out[(r + 4) * C + oo] += leaves[lb + k4] * scale;
        out[(r + 5) * C + oo] += leaves[lb + k5] * scale;
        out[(r + 6) * C + oo] += leaves[lb + k6] * scale;
        out[(r + 7) * C + oo] += leaves[lb + k7] * scale;
      }
      // the last rows inline, not through descend(): calling it here cost a third of the batch rate
      for (; r < r1; r++) {
        const b = r * cols;
        let k = 0;
        for (let d = 0; d < D; d++) {
          const j = nb + 2 * k;
          k = 2 * k + 1 + +!(data[b + nodes[j]] <= nodesF[j + 1]);
        }
        out[r * C + oo] += leaves[lb + k] * scale;
      }
    }
  }
}

/**
 * Breadth-first index reached from node k at level `from` of the tree whose nodes start at `nb`, walking
 * down to level D for the row at data[b ..] (the walks that are not in lockstep).
 */
function descend(
  pe: PerfectEnsemble,
  nb: number,
  k: number,
  from: number,
  D: number,
  data: Float32Array,
  b: number,
): number {
  const { nodes, nodesF } = pe;
  for (let d = from; d < D; d++) {
    const j = nb + 2 * k;
    k = 2 * k + 1 + +!(data[b + nodes[j]] <= nodesF[j + 1]);
  }
  return k;
}

/** One row, four trees in lockstep (to the shallowest one's depth; leaf values still added in tree order). */
function oneRow(
  pe: PerfectEnsemble,
  data: Float32Array,
  b: number,
  r: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  const { nodes, nodesF, leaves, depth, nodeAt, leafBase, outputOffset } = pe;
  const ob = r * pe.nColumns;
  const T = pe.nTrees;
  let t = 0;
  for (; t + 4 <= T; t += 4) {
    const nb0 = nodeAt[t];
    const nb1 = nodeAt[t + 1];
    const nb2 = nodeAt[t + 2];
    const nb3 = nodeAt[t + 3];
    let k0 = 0;
    let k1 = 0;
    let k2 = 0;
    let k3 = 0;
    const Dmin = Math.min(depth[t], depth[t + 1], depth[t + 2], depth[t + 3]);
    for (let d = 0; d < Dmin; d++) {
      const j0 = nb0 + 2 * k0;
      const j1 = nb1 + 2 * k1;
      const j2 = nb2 + 2 * k2;
      const j3 = nb3 + 2 * k3;
      k0 = 2 * k0 + 1 + +!(data[b + nodes[j0]] <= nodesF[j0 + 1]);
      k1 = 2 * k1 + 1 + +!(data[b + nodes[j1]] <= nodesF[j1 + 1]);
      k2 = 2 * k2 + 1 + +!(data[b + nodes[j2]] <= nodesF[j2 + 1]);
      k3 = 2 * k3 + 1 + +!(data[b + nodes[j3]] <= nodesF[j3 + 1]);
    }
    k0 = descend(pe, nb0, k0, Dmin, depth[t], data, b);
    k1 = descend(pe, nb1, k1, Dmin, depth[t + 1], data, b);
    k2 = descend(pe, nb2, k2, Dmin, depth[t + 2], data, b);
    k3 = descend(pe, nb3, k3, Dmin, depth[t + 3], data, b);
    out[ob + outputOffset[t]] += leaves[leafBase[t] + k0] * scale;
    out[ob + outputOffset[t + 1]] += leaves[leafBase[t + 1] + k1] * scale;
    out[ob + outputOffset[t + 2]] += leaves[leafBase[t + 2] + k2] * scale;
    out[ob + outputOffset[t + 3]] += leaves[leafBase[t + 3] + k3] * scale;
  }
  for (; t < T; t++) {
    out[ob + outputOffset[t]] +=
      leaves[leafBase[t] + descend(pe, nodeAt[t], 0, 0, depth[t], data, b)] * scale;
  }
}
