/** ONNX exporters for vigil's tree models: forests average probability leaves; boosting adds a Softmax. */
import { NotFittedError } from "../../errors.js";
import type { Estimator } from "../base.js";
import type { ExtraTreesClassifier } from "../forest/extra-trees.js";
import type { RandomForestClassifier } from "../forest/random-forest.js";
import type { GradientBoostingClassifier } from "../gbdt/gradient-boosting.js";
import type { DecisionTreeClassifier } from "../tree/decision-tree.js";
import { attr, DataType, node, type OnnxModel, tensorInfo } from "./builder.js";
import { ONNX_INPUT, ONNX_LABEL, ONNX_PROBABILITIES, OPSETS, registerOnnxExporter } from "./exporters.js";
import { treeEnsembleClassifierNode, treeEnsembleScoresNode } from "./tree-ensemble.js";

/** Label = first index of the largest score (as vigil's predict). */
function argMax(scores: string) {
  return node("ArgMax", [scores], [ONNX_LABEL], [attr.int("axis", 1), attr.int("keepdims", 0)]);
}

type ProbaTrees = DecisionTreeClassifier | RandomForestClassifier | ExtraTreesClassifier;

function exportProbaTrees(model: Estimator): OnnxModel {
  const m = model as ProbaTrees;
  if (!m.fitted) throw new NotFittedError(m.kind);
  const e = m.trees();
  const K = m.nClasses;
  const spec = {
    ensemble: e,
    nClasses: K,
    scale: 1 / e.nTrees,
    classOf: (_t: number, j: number) => j,
    input: ONNX_INPUT,
    labelOutput: ONNX_LABEL,
    scoresOutput: ONNX_PROBABILITIES,
  };
  const nodes =
    K > 2 ? [treeEnsembleClassifierNode(spec)] : [treeEnsembleScoresNode(spec), argMax(ONNX_PROBABILITIES)];
  return {
    opsets: OPSETS,
    docString: `vigil ${m.kind}`,
    graph: {
      name: m.kind,
      nodes,
      inputs: [tensorInfo(ONNX_INPUT, DataType.FLOAT, ["N", m.nFeaturesIn])],
      outputs: [
        tensorInfo(ONNX_LABEL, DataType.INT64, ["N"]),
        tensorInfo(ONNX_PROBABILITIES, DataType.FLOAT, ["N", K]),
      ],
    },
  };
}

function exportBoosting(model: Estimator): OnnxModel {
  const m = model as GradientBoostingClassifier;
  if (!m.fitted) throw new NotFittedError(m.kind);
  const e = m.trees();
  const K = m.nClasses;
  const init = m.baseScores();
  const binary = e.nColumns === 1;
  const base = binary ? [0, init[0]] : Array.from(init);
  const spec = {
    ensemble: e,
    nClasses: K,
    scale: 1,
    classOf: binary ? () => 1 : (t: number) => e.outputOffset[t],
    baseValues: base,
    input: ONNX_INPUT,
    labelOutput: ONNX_LABEL,
    scoresOutput: "raw_scores",
  };
  const trees = binary
    ? [treeEnsembleScoresNode(spec), argMax("raw_scores")]
    : [treeEnsembleClassifierNode(spec)];
  // softmax([0, s]) = [1 - sigmoid(s), sigmoid(s)], so one Softmax serves both cases.
  const softmax = node("Softmax", ["raw_scores"], [ONNX_PROBABILITIES], [attr.int("axis", -1)]);
  return {
    opsets: OPSETS,
    docString: `vigil ${m.kind}`,
    graph: {
      name: m.kind,
      nodes: [...trees, softmax],
      inputs: [tensorInfo(ONNX_INPUT, DataType.FLOAT, ["N", m.nFeaturesIn])],
      outputs: [
        tensorInfo(ONNX_LABEL, DataType.INT64, ["N"]),
        tensorInfo(ONNX_PROBABILITIES, DataType.FLOAT, ["N", K]),
      ],
    },
  };
}

registerOnnxExporter("decision-tree", exportProbaTrees);
registerOnnxExporter("random-forest", exportProbaTrees);
registerOnnxExporter("extra-trees", exportProbaTrees);
registerOnnxExporter("gradient-boosting", exportBoosting);
