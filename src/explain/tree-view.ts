/**
 * What a tree explainer explains, for each tree model kind:
 * - random forest, extra-trees, decision tree: the class probability averaged over trees (each tree's
 *   leaf holds class probabilities; the model output is their mean), one output column per class;
 * - gradient boosting: the raw margin before the link: with two classes one column, the log-odds of
 *   class 1 (class 0 is explained as its negation, the log-odds of class 0); with K classes K columns,
 *   the softmax logits. The prior (initial score) is part of the expected value, never attributed.
 * A view holds the flat ensemble plus the scale and offset that turn summed leaf values into that output.
 */
import { VigilError } from "../errors.js";
import type { TreeEnsemble } from "../models/tree/flat.js";

export interface TreeModelView {
  ensemble: TreeEnsemble;
  /** Multiplies every leaf value (1 / nTrees for a forest's mean, 1 for boosting). */
  scale: number;
  /** Added to each output column (boosting's initial scores; 0 for forests). */
  offset: Float64Array;
  /** Number of classes of the model. */
  nClasses: number;
  /** Number of features the trees were fitted on. */
  nFeatures: number;
  /** Words for the explained output of class k. */
  outputName(k: number): string;
  /** Output column and sign that explain class k. */
  column(k: number): { col: number; sign: number };
}

interface TreeLike {
  kind: string;
  nClasses: number;
  trees(): TreeEnsemble;
  baseScores?: () => Float64Array;
  nFeaturesIn?: number;
}

export function isTreeModel(m: unknown): m is TreeLike {
  return typeof m === "object" && m !== null && typeof (m as TreeLike).trees === "function";
}

/** Largest number of features a tree's ensemble splits on plus one (lower bound of nFeatures). */
function featureBound(e: TreeEnsemble): number {
  let max = -1;
  for (let i = 0; i < e.feature.length; i++) if (e.feature[i] > max) max = e.feature[i];
  return max + 1;
}

export function treeModelView(model: unknown): TreeModelView {
  if (!isTreeModel(model)) {
    throw new VigilError("E_MODEL", "this model has no trees to explain with TreeSHAP", { field: "kind" });
  }
  const e = model.trees();
  const nFeatures = model.nFeaturesIn ?? featureBound(e);
  const K = model.nClasses;
  if (typeof model.baseScores === "function") {
    const init = model.baseScores();
    const binary = e.nColumns === 1;
    return {
      ensemble: e,
      scale: 1,
      offset: Float64Array.from(init),
      nClasses: K,
      nFeatures,
      outputName: (k) => (binary ? `log-odds of class ${k}` : `softmax logit of class ${k}`),
      column: (k) => (binary ? { col: 0, sign: k === 0 ? -1 : 1 } : { col: k, sign: 1 }),
    };
  }
  return {
    ensemble: e,
    scale: 1 / e.nTrees,
    offset: new Float64Array(e.nColumns),
    nClasses: K,
    nFeatures,
    outputName: (k) => `probability of class ${k} (mean over ${e.nTrees} trees)`,
    column: (k) => ({ col: k, sign: 1 }),
  };
}

/** Depth of the deepest leaf (root = 0) over all trees. */
export function maxTreeDepth(e: TreeEnsemble): number {
  let best = 0;
  const stack: number[] = [];
  for (let t = 0; t < e.nTrees; t++) {
    stack.push(e.roots[t], 0);
    while (stack.length > 0) {
      const d = stack.pop() as number;
      const n = stack.pop() as number;
      if (d > best) best = d;
      if (e.feature[n] >= 0) stack.push(e.left[n], d + 1, e.right[n], d + 1);
    }
  }
  return best;
}

/** Model output (all columns, float64) for one row, walking the trees as inference does. */
export function treeOutput(v: TreeModelView, x: ArrayLike<number>, out: Float64Array): Float64Array {
  const e = v.ensemble;
  out.set(v.offset);
  for (let t = 0; t < e.nTrees; t++) {
    let n = e.roots[t];
    while (e.feature[n] >= 0) n = x[e.feature[n]] <= e.threshold[n] ? e.left[n] : e.right[n];
    const oo = e.outputOffset[t];
    for (let k = 0; k < e.nOutputs; k++) out[oo + k] += e.value[n * e.nOutputs + k] * v.scale;
  }
  return out;
}

/** Child share of its parent's cover (0.5 each when the parent has no cover). */
export function coverFraction(e: TreeEnsemble, child: number, parent: number): number {
  const w = e.cover[parent];
  return w > 0 ? e.cover[child] / w : 0.5;
}

/**
 * The path-dependent expected value per output column: leaf values weighted by the product of cover
 * fractions along their path (the cover-weighted mean of the training rows' outputs), plus the offset.
 */
export function pathExpectedValue(v: TreeModelView): Float64Array {
  const e = v.ensemble;
  const out = Float64Array.from(v.offset);
  const stack: number[] = [];
  for (let t = 0; t < e.nTrees; t++) {
    stack.push(e.roots[t], 1);
    const oo = e.outputOffset[t];
    while (stack.length > 0) {
      const w = stack.pop() as number;
      const n = stack.pop() as number;
      if (e.feature[n] < 0) {
        for (let k = 0; k < e.nOutputs; k++) out[oo + k] += w * e.value[n * e.nOutputs + k] * v.scale;
        continue;
      }
      stack.push(e.left[n], w * coverFraction(e, e.left[n], n));
      stack.push(e.right[n], w * coverFraction(e, e.right[n], n));
    }
  }
  return out;
}
