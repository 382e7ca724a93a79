/**
 * Grows one classification tree on binned features (CART with gini or entropy; "best" or "random"
 * splits for extra-trees). Depth-first with an explicit stack; rows of a node are a contiguous range of
 * one index array partitioned in place; per feature one class histogram over the node's bins. No object
 * is allocated per node: everything lives in typed arrays of the workspace and the NodeStore.
 */
import { type BinEdges, MISSING_BIN } from "./binning.js";
import { NodeStore } from "./flat.js";
import type { Rng } from "./random.js";

export const GINI = 0;
export const ENTROPY = 1;

export interface GrowOptions {
  criterion: number;
  /** Infinity for no limit. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features examined per node (non-constant ones counted, as scikit-learn does). */
  maxFeatures: number;
  /** true: one random threshold per feature (extra-trees); false: the best threshold. */
  randomSplits: boolean;
}

/** Reusable scratch space for growing trees on data of a given shape. */
export class GrowWorkspace {
  readonly hist: Float64Array;
  readonly cnt: Int32Array;
  readonly total: Float64Array;
  readonly leftAcc: Float64Array;
  readonly bestLeft: Float64Array;
  /** Feature order per depth: slot d holds, for the node being split at depth d, its features with the
   * ones known constant (in it, hence in its descendants) first, as scikit-learn's splitter keeps them. */
  orders: Int32Array;
  stack: Int32Array;
  /** A node's labels and weights gathered in row order once, so each feature pass gathers only bins. */
  yOrd: Int32Array;
  wOrd: Float64Array;

  constructor(
    readonly nFeatures: number,
    readonly nClasses: number,
  ) {
    this.hist = new Float64Array(256 * nClasses);
    this.cnt = new Int32Array(256);
    this.total = new Float64Array(nClasses);
    this.leftAcc = new Float64Array(nClasses);
    this.bestLeft = new Float64Array(nClasses);
    this.orders = new Int32Array(nFeatures * 32);
    this.yOrd = new Int32Array(0);
    this.wOrd = new Float64Array(0);
    this.stack = new Int32Array(64 * 4);
  }
}

/** W * impurity of a class-weight vector summing to W. */
function weightedImpurity(c: Float64Array, W: number, criterion: number): number {
  if (W <= 0) return 0;
  const K = c.length;
  if (criterion === GINI) {
    let s = 0;
    for (let k = 0; k < K; k++) s += c[k] * c[k];
    return W - s / W;
  }
  let s = W * Math.log(W);
  for (let k = 0; k < K; k++) if (c[k] > 0) s -= c[k] * Math.log(c[k]);
  return s;
}

/**
 * Grows a tree over rows idx[0..count) (rows with positive weight). `bins` is column-major (nRows per
 * column). Adds weighted impurity decreases to `importance` (per feature). Returns the tree's nodes, whose
 * values are class probabilities.
 */
export function growClassifierTree(
  bins: Uint8Array,
  nRows: number,
  edges: BinEdges,
  y: Int32Array,
  w: Float32Array | Float64Array,
  idx: Int32Array,
  count: number,
  o: GrowOptions,
  rng: Rng,
  ws: GrowWorkspace,
  importance: Float64Array,
): NodeStore {
  const K = ws.nClasses;
  const F = ws.nFeatures;
  const { hist, cnt, total, leftAcc, bestLeft } = ws;
  const store = new NodeStore(K, 64);
  const minLeaf = Math.max(1, o.minSamplesLeaf);
  const minSplit = Math.max(2, o.minSamplesSplit, 2 * minLeaf);
  const rightAcc = new Float64Array(K);
  // Slot 0 is the root's parent: every feature, none known constant.
  for (let f = 0; f < F; f++) ws.orders[f] = f;

  if (ws.yOrd.length < count) {
    ws.yOrd = new Int32Array(count);
    ws.wOrd = new Float64Array(count);
  }
  const { yOrd, wOrd } = ws;
  store.add(1);
  // Stack entries: node, start, end, depth, features known constant.
  let sp = 0;
  const push = (node: number, start: number, end: number, depth: number, nConst: number): void => {
    if (sp + 5 > ws.stack.length) {
      const s = new Int32Array(ws.stack.length * 2);
      s.set(ws.stack);
      ws.stack = s;
    }
    ws.stack[sp++] = node;
    ws.stack[sp++] = start;
    ws.stack[sp++] = end;
    ws.stack[sp++] = depth;
    ws.stack[sp++] = nConst;
  };
  push(0, 0, count, 0, 0);

  while (sp > 0) {
    const knownConst = ws.stack[--sp];
    const depth = ws.stack[--sp];
    const end = ws.stack[--sp];
    const start = ws.stack[--sp];
    const node = ws.stack[--sp];
    const n = end - start;

    total.fill(0);
    let W = 0;
    for (let j = start; j < end; j++) {
      const i = idx[j];
      const c = y[i];
      const wi = w[i];
      yOrd[j] = c;
      wOrd[j] = wi;
      total[c] += wi;
    }
    let nonZero = 0;
    for (let k = 0; k < K; k++) {
      W += total[k];
      if (total[k] > 0) nonZero++;
    }
    const vb = node * K;
    for (let k = 0; k < K; k++) store.value[vb + k] = W > 0 ? total[k] / W : 1 / K;
    store.cover[node] = W;
    if (depth >= o.maxDepth || n < minSplit || nonZero <= 1 || W <= 0) continue;

    const parentImp = weightedImpurity(total, W, o.criterion);
    let bestGain = 1e-12 * W;
    let bestF = -1;
    let bestBin = -1;

    // This node's feature order, from its parent's slot (depth) into its own (depth + 1).
    if ((depth + 2) * F > ws.orders.length) {
      const o2 = new Int32Array(ws.orders.length * 2);
      o2.set(ws.orders);
      ws.orders = o2;
    }
    const order = ws.orders;
    const from = depth * F;
    const own = (depth + 1) * F;
    order.copyWithin(own, from, from + F);
    // Draw features at random among those not known constant; stop after maxFeatures non-constant ones.
    // A feature found constant moves into the constant prefix; one examined moves to the drawn suffix.
    let nConst = knownConst;
    let undrawn = F;
    let examined = 0;
    while (undrawn > nConst && examined < o.maxFeatures) {
      const q = own + nConst + rng.int(undrawn - nConst);
      const f = order[q];
      const colBase = f * nRows;
      let minB = 256;
      let maxB = -1;
      for (let j = start; j < end; j++) {
        const b = bins[colBase + idx[j]];
        hist[b * K + yOrd[j]] += wOrd[j];
        cnt[b]++;
        if (b < minB) minB = b;
        if (b > maxB) maxB = b;
      }
      if (minB === maxB) {
        cnt[minB] = 0;
        for (let k = 0; k < K; k++) hist[minB * K + k] = 0;
        order[q] = order[own + nConst];
        order[own + nConst] = f;
        nConst++;
        continue;
      }
      examined++;
      undrawn--;
      order[q] = order[own + undrawn];
      order[own + undrawn] = f;

      let lo = minB;
      let hi = maxB - 1;
      if (o.randomSplits) {
        // One random threshold among the bins present between min and max.
        const pick = minB + rng.int(maxB - minB);
        lo = pick;
        hi = pick;
      }
      leftAcc.fill(0);
      let nLeft = 0;
      let WL = 0;
      for (let b = minB; b < lo; b++) {
        const hb = b * K;
        for (let k = 0; k < K; k++) leftAcc[k] += hist[hb + k];
        nLeft += cnt[b];
      }
      for (let b = lo; b <= hi; b++) {
        const c = cnt[b];
        if (c === 0 && !o.randomSplits) continue;
        const hb = b * K;
        for (let k = 0; k < K; k++) leftAcc[k] += hist[hb + k];
        nLeft += c;
        if (nLeft < minLeaf) continue;
        if (n - nLeft < minLeaf) break;
        WL = 0;
        for (let k = 0; k < K; k++) {
          WL += leftAcc[k];
          rightAcc[k] = total[k] - leftAcc[k];
        }
        const WR = W - WL;
        const gain =
          parentImp -
          weightedImpurity(leftAcc, WL, o.criterion) -
          weightedImpurity(rightAcc, WR, o.criterion);
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
          bestLeft.set(leftAcc);
        }
      }
      for (let b = minB; b <= maxB; b++) {
        if (cnt[b] === 0) continue;
        cnt[b] = 0;
        const hb = b * K;
        for (let k = 0; k < K; k++) hist[hb + k] = 0;
      }
    }
    if (bestF < 0) continue;

    // Partition rows: bin <= bestBin to the front.
    const colBase = bestF * nRows;
    let a = start;
    let z = end - 1;
    while (a <= z) {
      if (bins[colBase + idx[a]] <= bestBin) a++;
      else {
        const t = idx[a];
        idx[a] = idx[z];
        idx[z] = t;
        z--;
      }
    }
    const child = store.add(2);
    store.feature[node] = bestF;
    const nEdges = edges.offsets[bestF + 1] - edges.offsets[bestF];
    store.threshold[node] =
      bestBin < nEdges && bestBin !== MISSING_BIN ? edges.edges[edges.offsets[bestF] + bestBin] : Infinity;
    store.binThreshold[node] = bestBin;
    store.left[node] = child;
    store.right[node] = child + 1;
    importance[bestF] += bestGain;
    push(child + 1, a, end, depth + 1, nConst);
    push(child, start, a, depth + 1, nConst);
  }
  return store;
}
