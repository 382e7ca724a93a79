/**
 * Flat tree ensembles as ONNX ai.onnx.ml tree-ensemble nodes. Node ids are local to each tree; splits are
 * BRANCH_LEQ (x <= threshold → true branch = left) and missing values take the false branch, as vigil's
 * own inference does. Leaf weights are summed over trees per class id.
 *
 * More than two classes: TreeEnsembleClassifier (label + scores). Two classes: onnxruntime's
 * TreeEnsembleClassifier treats two classes specially (one score, negated for the other class, depending
 * on base values), so binary models use TreeEnsembleRegressor with two targets instead, and the caller
 * adds an ArgMax for the label.
 */
import type { TreeEnsemble } from "../tree/flat.js";
import { attr, node, type OnnxAttribute, type OnnxNode } from "./builder.js";

export interface TreeEnsembleExport {
  ensemble: TreeEnsemble;
  nClasses: number;
  /** Multiplies every leaf value (1 / nTrees for a forest's averaged probabilities). */
  scale: number;
  /** Class id of leaf output j of tree t. */
  classOf: (tree: number, output: number) => number;
  /** Added to each class's score (boosting's prior). */
  baseValues?: ArrayLike<number>;
  /** ONNX post_transform ("NONE", "SOFTMAX", "LOGISTIC"). */
  postTransform?: string;
  input: string;
  labelOutput: string;
  scoresOutput: string;
}

export function treeEnsembleClassifierNode(o: TreeEnsembleExport): OnnxNode {
  const t = collect(o);
  const labels = Array.from({ length: o.nClasses }, (_, k) => k);
  const attributes = [
    attr.ints("classlabels_int64s", labels),
    ...t.nodeAttributes,
    attr.ints("class_treeids", t.cTree),
    attr.ints("class_nodeids", t.cNode),
    attr.ints("class_ids", t.cId),
    attr.floats("class_weights", t.cW),
    attr.string("post_transform", o.postTransform ?? "NONE"),
  ];
  if (o.baseValues !== undefined) attributes.push(attr.floats("base_values", o.baseValues));
  return node("TreeEnsembleClassifier", [o.input], [o.labelOutput, o.scoresOutput], attributes, "ai.onnx.ml");
}

/** The same trees as a TreeEnsembleRegressor with one target per class (scores only, no label). */
export function treeEnsembleScoresNode(o: TreeEnsembleExport): OnnxNode {
  const t = collect(o);
  const attributes = [
    attr.int("n_targets", o.nClasses),
    ...t.nodeAttributes,
    attr.ints("target_treeids", t.cTree),
    attr.ints("target_nodeids", t.cNode),
    attr.ints("target_ids", t.cId),
    attr.floats("target_weights", t.cW),
    attr.string("aggregate_function", "SUM"),
    attr.string("post_transform", o.postTransform ?? "NONE"),
  ];
  if (o.baseValues !== undefined) attributes.push(attr.floats("base_values", o.baseValues));
  return node("TreeEnsembleRegressor", [o.input], [o.scoresOutput], attributes, "ai.onnx.ml");
}

interface Collected {
  nodeAttributes: OnnxAttribute[];
  cTree: number[];
  cNode: number[];
  cId: number[];
  cW: number[];
}

function collect(o: TreeEnsembleExport): Collected {
  const e = o.ensemble;
  const n = e.feature.length;
  const treeIds = new Int32Array(n);
  const nodeIds = new Int32Array(n);
  const featureIds = new Int32Array(n);
  const values = new Float32Array(n);
  const trueIds = new Int32Array(n);
  const falseIds = new Int32Array(n);
  const modes: string[] = new Array(n);
  const cTree: number[] = [];
  const cNode: number[] = [];
  const cId: number[] = [];
  const cW: number[] = [];
  const seen = new Uint8Array(o.nClasses);
  let firstLeaf = -1;
  for (let t = 0; t < e.nTrees; t++) {
    const r0 = e.roots[t];
    const end = t + 1 < e.nTrees ? e.roots[t + 1] : n;
    for (let i = r0; i < end; i++) {
      treeIds[i] = t;
      nodeIds[i] = i - r0;
      if (e.feature[i] >= 0) {
        modes[i] = "BRANCH_LEQ";
        featureIds[i] = e.feature[i];
        values[i] = e.threshold[i];
        trueIds[i] = e.left[i] - r0;
        falseIds[i] = e.right[i] - r0;
        continue;
      }
      modes[i] = "LEAF";
      if (firstLeaf < 0) firstLeaf = i;
      for (let j = 0; j < e.nOutputs; j++) {
        const v = e.value[i * e.nOutputs + j] * o.scale;
        if (v === 0) continue;
        const k = o.classOf(t, j);
        cTree.push(t);
        cNode.push(i - r0);
        cId.push(k);
        cW.push(v);
        seen[k] = 1;
      }
    }
  }
  // Every class appears in the weights, so runtimes never take their "binary, one class" shortcut.
  for (let k = 0; k < o.nClasses; k++) {
    if (seen[k] === 1 || firstLeaf < 0) continue;
    cTree.push(treeIds[firstLeaf]);
    cNode.push(nodeIds[firstLeaf]);
    cId.push(k);
    cW.push(0);
  }
  const nodeAttributes = [
    attr.ints("nodes_treeids", treeIds),
    attr.ints("nodes_nodeids", nodeIds),
    attr.ints("nodes_featureids", featureIds),
    attr.floats("nodes_values", values),
    attr.strings("nodes_modes", modes),
    attr.ints("nodes_truenodeids", trueIds),
    attr.ints("nodes_falsenodeids", falseIds),
    attr.ints("nodes_missing_value_tracks_true", new Int32Array(n)),
  ];
  return { nodeAttributes, cTree, cNode, cId, cW };
}
