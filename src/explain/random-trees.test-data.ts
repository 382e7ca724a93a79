/**
 * Test data for the tree explainers: random tree ensembles built directly as flat arrays (random splits,
 * covers that add up, features repeated along paths), and hand-made tiny trees.
 */
import type { TreeEnsemble } from "../models/tree/flat.js";
import type { Rng } from "../models/tree/random.js";
import type { TreeModelView } from "./tree-view.js";

interface Node {
  feature: number;
  threshold: number;
  cover: number;
  value: number[];
  left?: Node;
  right?: Node;
}

/** Flattens node trees so that children are adjacent (right = left + 1), as the models store them. */
export function flatten(
  trees: Node[],
  nOutputs: number,
  nColumns: number,
  outputOffset?: number[],
): TreeEnsemble {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const cover: number[] = [];
  const value: number[] = [];
  const roots: number[] = [];
  const alloc = (n: Node): number => {
    const i = feature.length;
    feature.push(n.feature);
    threshold.push(n.threshold);
    left.push(-1);
    cover.push(n.cover);
    for (let k = 0; k < nOutputs; k++) value.push(n.value[k] ?? 0);
    return i;
  };
  const fill = (n: Node, i: number): void => {
    if (n.left === undefined || n.right === undefined) return;
    const l = alloc(n.left);
    alloc(n.right);
    left[i] = l;
    fill(n.left, l);
    fill(n.right, l + 1);
  };
  for (const t of trees) {
    const r = alloc(t);
    roots.push(r);
    fill(t, r);
  }
  const leftA = Int32Array.from(left);
  return {
    nTrees: trees.length,
    nOutputs,
    nColumns,
    roots: Int32Array.from(roots),
    outputOffset: Int32Array.from(outputOffset ?? trees.map(() => 0)),
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: leftA,
    right: leftA.map((l) => (l < 0 ? -1 : l + 1)),
    cover: Float32Array.from(cover),
    value: Float32Array.from(value),
  };
}

export function leaf(cover: number, ...value: number[]): Node {
  return { feature: -1, threshold: 0, cover, value };
}

export function split(feature: number, threshold: number, l: Node, r: Node): Node {
  return { feature, threshold, cover: l.cover + r.cover, value: [], left: l, right: r };
}

/** A random tree over M features (values in [0, 1)): depth up to maxDepth, integer covers. */
export function randomTree(rng: Rng, M: number, maxDepth: number, nOutputs = 1, depth = 0): Node {
  if (depth >= maxDepth || (depth > 0 && rng.float() < 0.2)) {
    const v: number[] = [];
    for (let k = 0; k < nOutputs; k++) v.push(Math.round((rng.float() * 4 - 2) * 1000) / 1000);
    return leaf(1 + rng.int(20), ...v);
  }
  return split(
    rng.int(M),
    Math.round(rng.float() * 100) / 100,
    randomTree(rng, M, maxDepth, nOutputs, depth + 1),
    randomTree(rng, M, maxDepth, nOutputs, depth + 1),
  );
}

export function viewOf(e: TreeEnsemble, nFeatures: number, scale = 1, offset?: number[]): TreeModelView {
  return {
    ensemble: e,
    scale,
    offset: Float64Array.from(offset ?? new Array(e.nColumns).fill(0)),
    nClasses: Math.max(2, e.nColumns),
    nFeatures,
    outputName: (k) => `output ${k}`,
    column: (k) => ({ col: k, sign: 1 }),
  };
}

export function randomRows(rng: Rng, rows: number, M: number): Float32Array {
  const out = new Float32Array(rows * M);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(rng.float() * 100) / 100 + 0.005;
  return out;
}
