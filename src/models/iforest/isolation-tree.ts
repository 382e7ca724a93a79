/**
 * One isolation tree (Liu, Ting & Zhou 2008) grown the way scikit-learn's IsolationForest grows its
 * ExtraTreeRegressor(max_features=1, splitter="random"): at each node draw features in random order
 * until one is not constant over the node's rows (max - min > 1e-7, sklearn's FEATURE_THRESHOLD), split
 * at a threshold drawn uniformly in [min, max) (a draw equal to max becomes min), rows with x <= t go
 * left. A node is a leaf when it holds one row, reaches `maxDepth` (ceil(log2(maxSamples))), or all
 * features are constant on it. A leaf stores its path length: depth + c(rows in the leaf), the average
 * path length correction for the unbuilt subtree (sklearn's `_average_path_length`).
 *
 * Trees are appended to flat typed arrays (./flat-forest.ts) so scoring walks numbers, not objects.
 */
import type { Rng } from "../tree/random.js";

const FEATURE_THRESHOLD = 1e-7;
const EULER_GAMMA = 0.5772156649015329;

/** c(n): average path length of an unsuccessful BST search over n points (0 for n <= 1, 1 for n = 2). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Flat node arrays for a whole forest; a leaf has feature -1 and its path length in `value`. */
export interface FlatForest {
  nNodes: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf path length (depth + c(leaf rows)); 0 for split nodes. */
  value: Float64Array;
  /** Index of each tree's root node. */
  roots: Int32Array;
}

/** Scratch buffers reused across trees (allocated once per fit). */
export interface TreeScratch {
  /** Row indices of the tree's sample, partitioned in place as nodes split. */
  rows: Int32Array;
  /** Feature order buffer (a permutation of the tree's features). */
  order: Int32Array;
  /** Explicit stack of (node, start, end, depth). */
  stack: Int32Array;
}

/**
 * Grows one tree over `rows[0..nRows)` (indices into row-major `data` with `d` columns) using only the
 * features in `features`, appending its nodes to `f` from `f.nNodes`. Returns the root's index.
 */
export function growIsolationTree(
  data: Float32Array,
  d: number,
  nRows: number,
  features: Int32Array,
  maxDepth: number,
  rng: Rng,
  s: TreeScratch,
  f: FlatForest,
): number {
  const { rows, order, stack } = s;
  const nf = features.length;
  const root = f.nNodes++;
  let sp = 0;
  stack[sp++] = root;
  stack[sp++] = 0;
  stack[sp++] = nRows;
  stack[sp++] = 0;
  while (sp > 0) {
    const depth = stack[--sp];
    const end = stack[--sp];
    const start = stack[--sp];
    const node = stack[--sp];
    const n = end - start;
    f.left[node] = -1;
    f.right[node] = -1;
    if (n <= 1 || depth >= maxDepth) {
      makeLeaf(f, node, depth, n);
      continue;
    }
    for (let k = 0; k < nf; k++) order[k] = features[k];
    let feat = -1;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < nf; k++) {
      const j = k + Math.floor(rng.float() * (nf - k));
      const c = order[j];
      order[j] = order[k];
      order[k] = c;
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const v = data[rows[i] * d + c];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx > mn + FEATURE_THRESHOLD) {
        feat = c;
        lo = mn;
        hi = mx;
        break;
      }
    }
    if (feat < 0) {
      makeLeaf(f, node, depth, n);
      continue;
    }
    let t = lo + rng.float() * (hi - lo);
    if (t >= hi) t = lo;
    // partition rows[start..end) into x <= t | x > t
    let a = start;
    let b = end - 1;
    while (a <= b) {
      if (data[rows[a] * d + feat] <= t) a++;
      else {
        const tmp = rows[a];
        rows[a] = rows[b];
        rows[b] = tmp;
        b--;
      }
    }
    const l = f.nNodes++;
    const r = f.nNodes++;
    f.feature[node] = feat;
    f.threshold[node] = t;
    f.value[node] = 0;
    f.left[node] = l;
    f.right[node] = r;
    stack[sp++] = r;
    stack[sp++] = a;
    stack[sp++] = end;
    stack[sp++] = depth + 1;
    stack[sp++] = l;
    stack[sp++] = start;
    stack[sp++] = a;
    stack[sp++] = depth + 1;
  }
  return root;
}

function makeLeaf(f: FlatForest, node: number, depth: number, n: number): void {
  f.feature[node] = -1;
  f.threshold[node] = 0;
  f.value[node] = depth + averagePathLength(n);
}

/** Mean path length of row `r` over every tree. */
export function meanPathLength(f: FlatForest, data: Float32Array, d: number, r: number): number {
  const base = r * d;
  let sum = 0;
  const { feature, threshold, left, right, value, roots } = f;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t];
    while (feature[node] >= 0) {
      node = data[base + feature[node]] <= threshold[node] ? left[node] : right[node];
    }
    sum += value[node];
  }
  return sum / roots.length;
}
