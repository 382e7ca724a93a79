/**
 * Flat storage for tree ensembles: one set of typed arrays for all nodes of all trees, no object per
 * node. Node i is a leaf when feature[i] < 0; otherwise rows with x[feature] <= threshold (false for NaN)
 * go to left[i] and the others to right[i]. The two children of a node are always adjacent
 * (right = left + 1), which lets inference step with one load. Each node keeps its cover (weighted
 * training rows reaching it; TreeSHAP needs it) and `nOutputs` values. Tree t adds its leaf values to
 * output columns [outputOffset[t], outputOffset[t] + nOutputs).
 */
import { decodeArray, type EncodedArray, encodeArray } from "../codec.js";
import { accumulatePerfect, perfectLayout } from "./perfect.js";
import { ForestWasm, perfectWasm } from "./wasm-walk.js";

export interface TreeEnsemble {
  nTrees: number;
  /** Values per node (classes for a forest's probability leaves, 1 for a boosting tree). */
  nOutputs: number;
  /** Output columns of a prediction (classes, or raw-score columns). */
  nColumns: number;
  roots: Int32Array;
  outputOffset: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  cover: Float32Array;
  value: Float32Array;
}

/** Growable node arrays for one tree (or several) while fitting. */
export class NodeStore {
  n = 0;
  feature: Int32Array;
  threshold: Float32Array;
  binThreshold: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  cover: Float32Array;
  value: Float32Array;
  readonly nOutputs: number;

  constructor(nOutputs: number, capacity = 256) {
    this.nOutputs = nOutputs;
    this.feature = new Int32Array(capacity);
    this.threshold = new Float32Array(capacity);
    this.binThreshold = new Uint8Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.cover = new Float32Array(capacity);
    this.value = new Float32Array(capacity * nOutputs);
  }

  /** Appends `count` leaf nodes and returns the index of the first. */
  add(count: number): number {
    const need = this.n + count;
    if (need > this.feature.length) this.grow(Math.max(need, this.feature.length * 2));
    const first = this.n;
    for (let i = first; i < need; i++) {
      this.feature[i] = -1;
      this.left[i] = -1;
      this.right[i] = -1;
    }
    this.n = need;
    return first;
  }

  private grow(cap: number): void {
    const g = <T extends Int32Array | Float32Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature, cap);
    this.threshold = g(this.threshold, cap);
    this.binThreshold = g(this.binThreshold, cap);
    this.left = g(this.left, cap);
    this.right = g(this.right, cap);
    this.cover = g(this.cover, cap);
    this.value = g(this.value, cap * this.nOutputs);
  }
}

/** Concatenates per-tree node stores into one ensemble (node indices shifted). */
export function buildEnsemble(
  trees: NodeStore[],
  nColumns: number,
  outputOffset?: ArrayLike<number>,
): TreeEnsemble {
  const nOutputs = trees.length > 0 ? trees[0].nOutputs : 1;
  let total = 0;
  for (const t of trees) total += t.n;
  const e: TreeEnsemble = {
    nTrees: trees.length,
    nOutputs,
    nColumns,
    roots: new Int32Array(trees.length),
    outputOffset: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float32Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    cover: new Float32Array(total),
    value: new Float32Array(total * nOutputs),
  };
  let off = 0;
  for (let t = 0; t < trees.length; t++) {
    const s = trees[t];
    e.roots[t] = off;
    e.outputOffset[t] = outputOffset === undefined ? 0 : outputOffset[t];
    e.feature.set(s.feature.subarray(0, s.n), off);
    e.threshold.set(s.threshold.subarray(0, s.n), off);
    e.cover.set(s.cover.subarray(0, s.n), off);
    e.value.set(s.value.subarray(0, s.n * nOutputs), off * nOutputs);
    for (let i = 0; i < s.n; i++) {
      e.left[off + i] = s.left[i] < 0 ? -1 : s.left[i] + off;
      e.right[off + i] = s.right[i] < 0 ? -1 : s.right[i] + off;
    }
    off += s.n;
  }
  return e;
}

/** Row data per block in accumulateWalk (bytes): a few MB, well inside a shared L3. */
const WALK_BLOCK_BYTES = 2 * 1024 * 1024;

/**
 * Inference layout: 3 int32 per node in one array, so a step touches one cache line: [feature (-1 for a
 * leaf), threshold bits (float32), left child's offset (the right child's is 3 more; a leaf: its node
 * index in the ensemble, for its values)]. Built once per ensemble.
 *
 * Nodes are laid out tree by tree in blocks of BLOCK_LEVELS levels: a block holds a subtree's top levels
 * breadth-first (sibling pairs side by side), then come the blocks under it, each in turn. A walk then
 * stays within one block for several steps: a deep forest (100 depth-16 trees, 0.9 M nodes, 11 MB) walked
 * one row at a time spends its time on cache and TLB misses, and this order took 18% off the single-row
 * time against the growers' order, where a right child's subtree starts far from its parent.
 */
interface Packed {
  p: Int32Array;
  /** Offset of tree t's root in p. */
  roots: Int32Array;
}
const packedCache = new WeakMap<TreeEnsemble, Packed>();
const BLOCK_LEVELS = 4;

function packed(e: TreeEnsemble): Packed {
  const hit = packedCache.get(e);
  if (hit !== undefined) return hit;
  const n = e.feature.length;
  // order[k] = the source node placed at position k
  const order = new Int32Array(n);
  let at = 0;
  let level = new Int32Array(1 << BLOCK_LEVELS);
  let next = new Int32Array(1 << BLOCK_LEVELS);
  const pending: number[] = [];
  const roots = new Int32Array(e.nTrees);
  for (let t = 0; t < e.nTrees; t++) {
    roots[t] = 3 * at;
    order[at++] = e.roots[t];
    pending.push(e.roots[t]);
    while (pending.length > 0) {
      // the block under `top`: BLOCK_LEVELS levels of its children pairs, breadth-first
      const top = pending.pop() as number;
      let nLevel = 1;
      level[0] = top;
      for (let d = 0; d < BLOCK_LEVELS && nLevel > 0; d++) {
        let nNext = 0;
        for (let q = 0; q < nLevel; q++) {
          const v = level[q];
          if (e.feature[v] < 0) continue;
          order[at++] = e.left[v];
          order[at++] = e.right[v];
          next[nNext++] = e.left[v];
          next[nNext++] = e.right[v];
        }
        const swap = level;
        level = next;
        next = swap;
        nLevel = nNext;
      }
      // the blocks below, left to right (a stack: pushed in reverse)
      for (let q = nLevel - 1; q >= 0; q--) if (e.feature[level[q]] >= 0) pending.push(level[q]);
    }
  }
  const posOf = new Int32Array(n);
  for (let k = 0; k < at; k++) posOf[order[k]] = k;
  const p = new Int32Array(3 * n);
  const pf = new Float32Array(p.buffer);
  for (let k = 0; k < at; k++) {
    const i = order[k];
    const f = e.feature[i];
    p[3 * k] = f;
    if (f >= 0) {
      pf[3 * k + 1] = e.threshold[i];
      p[3 * k + 2] = 3 * posOf[e.left[i]];
    } else {
      p[3 * k + 2] = i;
    }
  }
  const built = { p, roots };
  packedCache.set(e, built);
  return built;
}

/**
 * Adds every tree's leaf values, times `scale`, to out (rows x nColumns, row-major) for the rows of a
 * row-major X with `cols` columns. Tree by tree over blocks of rows of about 2 MB: a tree's upper nodes
 * stay in cache across the block's rows (blocks of 64 rows were 3x slower for a 100-tree depth-16
 * forest, bench/models.ts) and the block stays in L3 across the trees (all 52,761 TON_IoT test rows at
 * once, 18 MB, were read from memory once per tree: 1.5x slower for a 100-tree forest).
 * Four rows walk a tree in lockstep, each step chosen without a branch (left child + 3 when the value is
 * not <= the threshold, so NaN goes right as in the one-row walk): their four independent chains of
 * loads overlap instead of each waiting on the previous row (measured 1.9x for that forest and 2.5x for
 * 100 depth-6 boosted trees over the one-row-at-a-time walk; same outputs). For a float64 output either
 * walk runs in WebAssembly (./wasm-walk.ts; the same bits, about twice the rate).
 */
export function accumulateEnsemble(
  e: TreeEnsemble,
  data: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  // shallow single-output trees (boosting) walk the perfect-tree layout: same sums, fewer loads
  const pe = e.nOutputs === 1 ? perfectLayout(e) : null;
  // for a float64 output, the same walk in WebAssembly where there is WebAssembly (same bits)
  const w = out instanceof Float64Array ? (pe !== null ? perfectWasm(pe) : forestWasm(e)) : null;
  if (w !== null) w.accumulate(data, rows, cols, out as Float64Array, scale);
  else if (pe !== null) accumulatePerfect(pe, data, rows, cols, out, scale);
  else accumulateWalk(e, data, rows, cols, out, scale);
}

const forestWasmCache = new WeakMap<TreeEnsemble, ForestWasm | null>();

/** The WebAssembly pointer walk over e's packed layout (built once), or null without WebAssembly (exported for tests). */
export function forestWasm(e: TreeEnsemble): ForestWasm | null {
  let w = forestWasmCache.get(e);
  if (w === undefined) {
    const { p, roots } = packed(e);
    w = ForestWasm.create(
      { p, roots, outputOffset: e.outputOffset, value: e.value, nOutputs: e.nOutputs, nColumns: e.nColumns },
      WALK_BLOCK_BYTES,
    );
    forestWasmCache.set(e, w);
  }
  return w;
}

/** accumulateEnsemble over the packed node layout in JavaScript, for every ensemble (exported for tests). */
export function accumulateWalk(
  e: TreeEnsemble,
  data: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  const { p, roots } = packed(e);
  const pf = new Float32Array(p.buffer);
  if (rows < 4) {
    for (let r = 0; r < rows; r++) accumulateOneRow(e, p, pf, roots, data, r * cols, r, out, scale);
    return;
  }
  const block = Math.max(4, Math.floor(WALK_BLOCK_BYTES / (4 * cols)));
  for (let r0 = 0; r0 < rows; r0 += block) {
    walkBlock(e, p, pf, roots, data, r0, Math.min(rows, r0 + block), cols, out, scale);
  }
}

/** accumulateWalk over rows [r0, r1), tree by tree. */
function walkBlock(
  e: TreeEnsemble,
  p: Int32Array,
  pf: Float32Array,
  roots: Int32Array,
  data: Float32Array,
  r0: number,
  r1: number,
  cols: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  const { outputOffset } = e;
  for (let t = 0; t < e.nTrees; t++) {
    const root = roots[t];
    const oo = outputOffset[t];
    let r = r0;
    for (; r + 4 <= r1; r += 4) {
      const b0 = r * cols;
      const b1 = b0 + cols;
      const b2 = b1 + cols;
      const b3 = b2 + cols;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      for (;;) {
        const f0 = p[n0];
        const f1 = p[n1];
        const f2 = p[n2];
        const f3 = p[n3];
        if (f0 < 0 && f1 < 0 && f2 < 0 && f3 < 0) break;
        if (f0 >= 0) n0 = p[n0 + 2] + 3 * +!(data[b0 + f0] <= pf[n0 + 1]);
        if (f1 >= 0) n1 = p[n1 + 2] + 3 * +!(data[b1 + f1] <= pf[n1 + 1]);
        if (f2 >= 0) n2 = p[n2 + 2] + 3 * +!(data[b2 + f2] <= pf[n2 + 1]);
        if (f3 >= 0) n3 = p[n3 + 2] + 3 * +!(data[b3 + f3] <= pf[n3 + 1]);
      }
      addLeaf(e, p[n0 + 2], r, oo, out, scale);
      addLeaf(e, p[n1 + 2], r + 1, oo, out, scale);
      addLeaf(e, p[n2 + 2], r + 2, oo, out, scale);
      addLeaf(e, p[n3 + 2], r + 3, oo, out, scale);
    }
    for (; r < r1; r++) {
      const base = r * cols;
      let node = root;
      let f = p[node];
      while (f >= 0) {
        node = data[base + f] <= pf[node + 1] ? p[node + 2] : p[node + 2] + 3;
        f = p[node];
      }
      addLeaf(e, p[node + 2], r, oo, out, scale);
    }
  }
}

/**
 * One row (single-row latency): eight trees walked in lockstep (a deep forest's nodes mostly miss the
 * caches, and eight chains of misses overlap: 100 depth-16 trees took 24 us with four), as
 * accumulateEnsemble walks four rows; leaf values are added in tree order, so the sums are the same bits
 * as tree by tree.
 */
function accumulateOneRow(
  e: TreeEnsemble,
  p: Int32Array,
  pf: Float32Array,
  roots: Int32Array,
  data: Float32Array,
  b: number,
  r: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  const { outputOffset } = e;
  const T = e.nTrees;
  let t = 0;
  for (; t + 8 <= T; t += 8) {
    let n0 = roots[t];
    let n1 = roots[t + 1];
    let n2 = roots[t + 2];
    let n3 = roots[t + 3];
    let n4 = roots[t + 4];
    let n5 = roots[t + 5];
    let n6 = roots[t + 6];
    let n7 = roots[t + 7];
    for (;;) {
      const f0 = p[n0];
      const f1 = p[n1];
      const f2 = p[n2];
      const f3 = p[n3];
      const f4 = p[n4];
      const f5 = p[n5];
      const f6 = p[n6];
      const f7 = p[n7];
      if ((f0 & f1 & f2 & f3 & f4 & f5 & f6 & f7) < 0) break;
      if (f0 >= 0) n0 = p[n0 + 2] + 3 * +!(data[b + f0] <= pf[n0 + 1]);
      if (f1 >= 0) n1 = p[n1 + 2] + 3 * +!(data[b + f1] <= pf[n1 + 1]);
      if (f2 >= 0) n2 = p[n2 + 2] + 3 * +!(data[b + f2] <= pf[n2 + 1]);
      if (f3 >= 0) n3 = p[n3 + 2] + 3 * +!(data[b + f3] <= pf[n3 + 1]);
      if (f4 >= 0) n4 = p[n4 + 2] + 3 * +!(data[b + f4] <= pf[n4 + 1]);
      if (f5 >= 0) n5 = p[n5 + 2] + 3 * +!(data[b + f5] <= pf[n5 + 1]);
      if (f6 >= 0) n6 = p[n6 + 2] + 3 * +!(data[b + f6] <= pf[n6 + 1]);
      if (f7 >= 0) n7 = p[n7 + 2] + 3 * +!(data[b + f7] <= pf[n7 + 1]);
    }
    addLeaf(e, p[n0 + 2], r, outputOffset[t], out, scale);
    addLeaf(e, p[n1 + 2], r, outputOffset[t + 1], out, scale);
    addLeaf(e, p[n2 + 2], r, outputOffset[t + 2], out, scale);
    addLeaf(e, p[n3 + 2], r, outputOffset[t + 3], out, scale);
    addLeaf(e, p[n4 + 2], r, outputOffset[t + 4], out, scale);
    addLeaf(e, p[n5 + 2], r, outputOffset[t + 5], out, scale);
    addLeaf(e, p[n6 + 2], r, outputOffset[t + 6], out, scale);
    addLeaf(e, p[n7 + 2], r, outputOffset[t + 7], out, scale);
  }
  for (; t < T; t++) {
    let node = roots[t];
    let f = p[node];
    while (f >= 0) {
      node = data[b + f] <= pf[node + 1] ? p[node + 2] : p[node + 2] + 3;
      f = p[node];
    }
    addLeaf(e, p[node + 2], r, outputOffset[t], out, scale);
  }
}

function addLeaf(
  e: TreeEnsemble,
  leaf: number,
  r: number,
  oo: number,
  out: Float32Array | Float64Array,
  scale: number,
): void {
  const nOutputs = e.nOutputs;
  const ob = r * e.nColumns + oo;
  if (nOutputs === 1) out[ob] += e.value[leaf] * scale;
  else {
    const vb = leaf * nOutputs;
    for (let k = 0; k < nOutputs; k++) out[ob + k] += e.value[vb + k] * scale;
  }
}

/** Leaf index reached by one row in tree t. */
export function leafOf(e: TreeEnsemble, t: number, x: ArrayLike<number>): number {
  let node = e.roots[t];
  let f = e.feature[node];
  while (f >= 0) {
    node = x[f] <= e.threshold[node] ? e.left[node] : e.right[node];
    f = e.feature[node];
  }
  return node;
}

export interface EncodedEnsemble {
  nTrees: number;
  nOutputs: number;
  nColumns: number;
  roots: EncodedArray;
  outputOffset: EncodedArray;
  feature: EncodedArray;
  threshold: EncodedArray;
  left: EncodedArray;
  cover: EncodedArray;
  value: EncodedArray;
}

export function encodeEnsemble(e: TreeEnsemble): EncodedEnsemble {
  return {
    nTrees: e.nTrees,
    nOutputs: e.nOutputs,
    nColumns: e.nColumns,
    roots: encodeArray(e.roots),
    outputOffset: encodeArray(e.outputOffset),
    feature: encodeArray(e.feature),
    threshold: encodeArray(e.threshold),
    left: encodeArray(e.left),
    cover: encodeArray(e.cover),
    value: encodeArray(e.value),
  };
}

export function decodeEnsemble(s: EncodedEnsemble): TreeEnsemble {
  const left = decodeArray(s.left) as Int32Array;
  const feature = decodeArray(s.feature) as Int32Array;
  const right = new Int32Array(left.length);
  for (let i = 0; i < left.length; i++) right[i] = left[i] < 0 ? -1 : left[i] + 1;
  const e: TreeEnsemble = {
    nTrees: s.nTrees,
    nOutputs: s.nOutputs,
    nColumns: s.nColumns,
    roots: decodeArray(s.roots) as Int32Array,
    outputOffset: decodeArray(s.outputOffset) as Int32Array,
    feature,
    threshold: decodeArray(s.threshold) as Float32Array,
    left,
    right,
    cover: decodeArray(s.cover) as Float32Array,
    value: decodeArray(s.value) as Float32Array,
  };
  const n = feature.length;
  if (e.threshold.length !== n || e.cover.length !== n || e.value.length !== n * e.nOutputs) {
    throw new RangeError("tree ensemble arrays have inconsistent lengths");
  }
  for (let i = 0; i < n; i++) {
    if (feature[i] >= 0 && (left[i] <= i || left[i] + 1 >= n)) {
      throw new RangeError(`tree node ${i} has a child index out of range`);
    }
  }
  return e;
}
