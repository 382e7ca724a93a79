/**
 * Fitting a forest of classification trees on binned features: per tree a seeded bootstrap (or all rows)
 * and a tree grown by growClassifierTree. The per-tree work (`fitTrees`) is a pure function of typed
 * arrays so worker threads can run it on shared memory (see ./parallel.ts).
 */
import type { BinEdges } from "../tree/binning.js";
import type { NodeStore } from "../tree/flat.js";
import { type GrowOptions, GrowWorkspace, growClassifierTree } from "../tree/grow-classifier.js";
import { Rng } from "../tree/random.js";

export interface ForestTask {
  /** Column-major bins (nRows per column). */
  bins: Uint8Array;
  nRows: number;
  nFeatures: number;
  nClasses: number;
  edges: BinEdges;
  y: Int32Array;
  /** Row weights (class weight x sample weight); rows of weight 0 are left out. */
  rowWeight: Float64Array;
  grow: GrowOptions;
  bootstrap: boolean;
  /** Rows drawn per bootstrap sample. */
  nDraws: number;
}

export interface TreesResult {
  trees: NodeStore[];
  /** Per tree, importances normalized to sum 1 (or all 0), concatenated: nTrees x nFeatures. */
  importances: Float64Array;
}

/** Grows one tree per seed. */
export function fitTrees(task: ForestTask, seeds: ArrayLike<number>): TreesResult {
  const { nRows, nFeatures } = task;
  const ws = new GrowWorkspace(nFeatures, task.nClasses);
  const w = new Float64Array(nRows);
  const idx = new Int32Array(nRows);
  const imp = new Float64Array(nFeatures);
  const trees: NodeStore[] = [];
  const importances = new Float64Array(seeds.length * nFeatures);
  for (let t = 0; t < seeds.length; t++) {
    const rng = new Rng(seeds[t]);
    if (task.bootstrap) {
      w.fill(0);
      for (let d = 0; d < task.nDraws; d++) w[rng.int(nRows)] += 1;
      for (let i = 0; i < nRows; i++) w[i] *= task.rowWeight[i];
    } else {
      w.set(task.rowWeight);
    }
    let count = 0;
    for (let i = 0; i < nRows; i++) if (w[i] > 0) idx[count++] = i;
    imp.fill(0);
    trees.push(
      growClassifierTree(task.bins, nRows, task.edges, task.y, w, idx, count, task.grow, rng, ws, imp),
    );
    let s = 0;
    for (let f = 0; f < nFeatures; f++) s += imp[f];
    if (s > 0) for (let f = 0; f < nFeatures; f++) importances[t * nFeatures + f] = imp[f] / s;
  }
  return { trees, importances };
}

/** Tree seeds derived from the forest seed (tree t's seed does not depend on how trees are split up). */
export function treeSeeds(seed: number, nTrees: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(nTrees);
  for (let t = 0; t < nTrees; t++) out[t] = rng.fork();
  return out;
}

/** Mean of per-tree normalized importances, normalized to sum 1. */
export function meanImportances(per: Float64Array, nTrees: number, nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  for (let t = 0; t < nTrees; t++) for (let f = 0; f < nFeatures; f++) out[f] += per[t * nFeatures + f];
  let s = 0;
  for (let f = 0; f < nFeatures; f++) s += out[f];
  if (s > 0) for (let f = 0; f < nFeatures; f++) out[f] /= s;
  return out;
}
