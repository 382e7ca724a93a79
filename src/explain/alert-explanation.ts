/**
 * One row's explanation in the form an alert carries (src/schemas/alert.ts, AlertExplanation): the top
 * features with value, attribution, direction and usual value, the reason in words and, for tree models,
 * the decision rule.
 */
import type { AlertExplanation } from "../schemas/alert.js";
import type { Explanation } from "./explainer.js";
import { type FlowContext, reasonLine, topFeatures } from "./reason.js";
import { decisionRule } from "./rule.js";
import type { TreeModelView } from "./tree-view.js";

export interface AlertExplanationInput {
  explanation: Explanation;
  /** Row within the explanation. */
  row: number;
  /** The explained row's values. */
  x: ArrayLike<number>;
  featureNames: readonly string[];
  classNames?: readonly string[];
  /** Usual value per feature (e.g. the median of benign flows), when known. */
  usual?: ArrayLike<number>;
  /** For tree models: the view, to add the decision rule. */
  treeView?: TreeModelView;
  context?: FlowContext;
  topK?: number;
  subject?: string;
}

export function alertExplanation(a: AlertExplanationInput): AlertExplanation {
  const ex = a.explanation;
  const M = ex.nFeatures;
  const phi = ex.attributions.subarray(a.row * M, (a.row + 1) * M);
  const k = ex.classIndex[a.row];
  const features = topFeatures(a.featureNames, a.x, phi, a.topK ?? 5, a.usual);
  const className = a.classNames?.[k];
  const output =
    className === undefined ? ex.outputName[a.row] : ex.outputName[a.row].replace(`class ${k}`, className);
  return {
    method: ex.method,
    output,
    base: ex.base[a.row],
    value: ex.output[a.row],
    features,
    reason: reasonLine(features, a.context, a.subject),
    ...(a.treeView !== undefined
      ? { rule: decisionRule(a.treeView, a.x, a.featureNames, k, a.classNames) }
      : {}),
  };
}
