/**
 * Explanations: TreeSHAP (path-dependent and interventional), KernelSHAP, integrated gradients,
 * KitNET's breakdown, a LIME-style surrogate, permutation importance, readable reasons and rules.
 * Importing this module registers every explainer.
 */
import "./tree-explainers.js";
import "./kernelshap.js";
import "./integrated-gradients.js";
import "./kitnet-explainer.js";
import "./lime.js";

export { bruteForceShapley, conditionalTreeValue, interventionalValue } from "./brute-force.js";
export {
  createExplainer,
  defaultExplainerName,
  type Explainer,
  type ExplainerOptions,
  type Explanation,
  listExplainers,
  registerExplainer,
} from "./explainer.js";
export { IntegratedGradients } from "./integrated-gradients.js";
export { KernelExplainer, KernelShap } from "./kernelshap.js";
export { KitnetExplainer } from "./kitnet-explainer.js";
export { LimeExplainer } from "./lime.js";
export { type PermutationImportance, permutationImportance } from "./permutation.js";
export { TreeExplainer } from "./tree-explainers.js";
export { type TreeModelView, treeModelView } from "./tree-view.js";
export { FastTreeShap } from "./treeshap-fast.js";
export { InterventionalTreeShap } from "./treeshap-interventional.js";
export { PathTreeShap } from "./treeshap-path.js";
