/**
 * ONNX exporters (through src/models/onnx's builder and exporter registry) for the linear classifiers,
 * the scalers, the imputer and pipelines made of them. Each kind contributes a graph fragment:
 * - simple-imputer: Where(IsNaN(x), fill, x);
 * - standard-scaler / min-max-scaler: Mul(Sub(x, shift), mult);
 * - logistic-regression / linear-svm: Gemm(x, coef^T, intercept) = scores, Softmax = probabilities
 *   (vigil's predictProba for both), ArgMax = label (two-class linear SVM: scores [0, margin]).
 * A pipeline exports when every step has a fragment (a classifier only last). Classifiers output, as
 * the exporter registry says, "label" (int64 [N]) and "probabilities" (float [N, nClasses]);
 * transformers and transformer-only pipelines output "transformed" (float [N, width]).
 * Weights are stored as float32, so outputs match vigil to float rounding (tested within 1e-5).
 */
import { NotFittedError, VigilError } from "../../errors.js";
import type { Estimator } from "../base.js";
import {
  attr,
  DataType,
  floatTensor,
  node,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  tensorInfo,
} from "../onnx/builder.js";
import {
  ONNX_INPUT,
  ONNX_LABEL,
  ONNX_PROBABILITIES,
  OPSETS,
  registerOnnxExporter,
} from "../onnx/exporters.js";
import type { SimpleImputer } from "../preprocess/imputer.js";
import type { Pipeline } from "../preprocess/pipeline.js";
import type { StandardScaler } from "../preprocess/scalers.js";
import type { LinearSvm } from "../svm/linear-svm.js";
import type { LogisticRegression } from "./logistic.js";

interface Fragment {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  /** Name of the fragment's output tensor. */
  output: string;
  /** Width of that output. */
  width: number;
}

type FragmentFn = (model: Estimator, input: string, width: number, prefix: string) => Fragment;

function affine(model: Estimator, input: string, width: number, p: string): Fragment {
  const { shift, mult } = (model as StandardScaler).affine;
  return {
    nodes: [
      node("Sub", [input, `${p}shift`], [`${p}centred`]),
      node("Mul", [`${p}centred`, `${p}mult`], [`${p}out`]),
    ],
    initializers: [floatTensor(`${p}shift`, [1, width], shift), floatTensor(`${p}mult`, [1, width], mult)],
    output: `${p}out`,
    width,
  };
}

function imputer(model: Estimator, input: string, width: number, p: string): Fragment {
  const fill = (model as SimpleImputer).statistics;
  return {
    nodes: [
      node("IsNaN", [input], [`${p}isnan`]),
      node("Where", [`${p}isnan`, `${p}fill`, input], [`${p}out`]),
    ],
    initializers: [floatTensor(`${p}fill`, [1, width], fill)],
    output: `${p}out`,
    width,
  };
}

/** Scores, probabilities (Softmax) and label (ArgMax) of a linear model. */
function linear(
  coef: Float64Array,
  intercept: Float64Array,
  nClasses: number,
  input: string,
  width: number,
  p: string,
): Fragment {
  let W = coef;
  let b = intercept;
  if (intercept.length === 1 && nClasses === 2) {
    // one vector: scores [0, margin]
    W = new Float64Array(2 * width);
    W.set(coef, width);
    b = Float64Array.from([0, intercept[0]]);
  }
  return {
    nodes: [
      node("Gemm", [input, `${p}coef`, `${p}intercept`], [`${p}scores`], [attr.int("transB", 1)]),
      node("Softmax", [`${p}scores`], [ONNX_PROBABILITIES], [attr.int("axis", -1)]),
      node("ArgMax", [`${p}scores`], [ONNX_LABEL], [attr.int("axis", 1), attr.int("keepdims", 0)]),
    ],
    initializers: [
      floatTensor(`${p}coef`, [nClasses, width], W),
      floatTensor(`${p}intercept`, [nClasses], b),
    ],
    output: ONNX_PROBABILITIES,
    width: nClasses,
  };
}

const FRAGMENTS: Record<string, FragmentFn> = {
  "simple-imputer": imputer,
  "standard-scaler": affine,
  "min-max-scaler": affine,
  "logistic-regression": (m, input, width, p) => {
    const c = (m as LogisticRegression).coefficients;
    return linear(c.coef, c.intercept, c.nClasses, input, width, p);
  },
  "linear-svm": (m, input, width, p) => {
    const c = (m as LinearSvm).coefficients;
    return linear(c.coef, c.intercept, c.nClasses, input, width, p);
  },
};

/** Output name of an exported transformer (scaler, imputer, or a pipeline without a classifier). */
export const ONNX_TRANSFORMED = "transformed";

const CLASSIFIERS = new Set(["logistic-regression", "linear-svm"]);

function inputWidth(m: Estimator): number {
  const a = m.toArtifact();
  const d = a.state.nFeatures;
  if (typeof d !== "number")
    throw new VigilError("E_UNSUPPORTED", `cannot read the input width of "${m.kind}"`, { field: "kind" });
  return d;
}

function exportChain(steps: readonly Estimator[], name: string): OnnxModel {
  const classifier = CLASSIFIERS.has(steps[steps.length - 1].kind);
  steps.slice(0, -1).forEach((s, i) => {
    if (CLASSIFIERS.has(s.kind)) {
      throw new VigilError("E_UNSUPPORTED", `a classifier ("${s.kind}") can only be the last step`, {
        field: `steps.${i}.kind`,
      });
    }
  });
  const nFeatures = inputWidth(steps[0]);
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let cur = ONNX_INPUT;
  let width = nFeatures;
  steps.forEach((s, i) => {
    const fn = FRAGMENTS[s.kind];
    if (fn === undefined)
      throw new VigilError("E_UNSUPPORTED", `no ONNX fragment for pipeline step "${s.kind}"`, {
        field: `steps.${i}.kind`,
      });
    const f = fn(s, cur, width, `s${i}_`);
    nodes.push(...f.nodes);
    initializers.push(...f.initializers);
    cur = f.output;
    width = f.width;
  });
  if (!classifier) nodes.push(node("Identity", [cur], [ONNX_TRANSFORMED]));
  return {
    opsets: OPSETS,
    docString: `vigil ${name}`,
    graph: {
      name,
      nodes,
      initializers,
      inputs: [tensorInfo(ONNX_INPUT, DataType.FLOAT, ["N", nFeatures])],
      outputs: classifier
        ? [
            tensorInfo(ONNX_LABEL, DataType.INT64, ["N"]),
            tensorInfo(ONNX_PROBABILITIES, DataType.FLOAT, ["N", width]),
          ]
        : [tensorInfo(ONNX_TRANSFORMED, DataType.FLOAT, ["N", width])],
    },
  };
}

function exportSingle(model: Estimator): OnnxModel {
  if (!model.fitted) throw new NotFittedError(model.kind);
  return exportChain([model], model.kind);
}

function exportPipeline(model: Estimator): OnnxModel {
  const p = model as Pipeline;
  return exportChain(p.fittedSteps, "pipeline");
}

for (const kind of Object.keys(FRAGMENTS)) registerOnnxExporter(kind, exportSingle);
registerOnnxExporter("pipeline", exportPipeline);
