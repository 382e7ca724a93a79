/**
 * The explainer seam (DESIGN.md convention 1): one interface, implementations side by side, a registry by
 * name. An explainer turns rows into per-feature attributions of one model output per row (by default
 * the predicted class's output); `additive` explainers satisfy local accuracy: attributions sum to
 * output − base for every row. Registered kinds:
 * - "tree-path": path-dependent TreeSHAP (trees; the cover-weighted conditional expectation);
 * - "tree-interventional": interventional TreeSHAP against background rows (trees);
 * - "kernel": KernelSHAP for any classifier (class probability), with a coalition budget;
 * - "integrated-gradients": for differentiable models (class logit), Gauss–Legendre path integral;
 * - "kitnet": KitNET's anomaly score split over autoencoders and their features;
 * - "lime": a kernel-weighted ridge surrogate around each row (not additive; reports fidelity R²).
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";

export interface Explanation {
  method: string;
  rows: number;
  nFeatures: number;
  /** rows x nFeatures, row-major. */
  attributions: Float64Array;
  /** The reference value per row (E[f] for SHAP; the baseline's output for IG; the surrogate's intercept for LIME). */
  base: Float64Array;
  /** The explained model output per row. */
  output: Float64Array;
  /** The class whose output was explained, per row (0 for a detector's score). */
  classIndex: Int32Array;
  /** Words for what was explained, per row ("probability of class 3 (mean over 100 trees)"). */
  outputName: string[];
  /** Whether attributions sum to output − base (local accuracy). */
  additive: boolean;
  /** Method-specific quality per row: LIME's weighted R², IG's completeness residual; absent otherwise. */
  quality?: Float64Array;
  qualityName?: string;
}

export interface Explainer {
  readonly method: string;
  readonly additive: boolean;
  /** Explains classIndex[r] for each row r (default: the predicted class; detectors ignore it). */
  explain(X: Matrix, classIndex?: Int32Array): Explanation;
}

export interface ExplainerOptions {
  /** Rows standing for "typical" data (interventional TreeSHAP, KernelSHAP, LIME, IG's baseline mean). */
  background?: Matrix;
  /** KernelSHAP coalitions / LIME samples per row. */
  budget?: number;
  /** IG quadrature nodes. */
  steps?: number;
  seed?: number;
}

export interface ExplainerKind {
  name: string;
  /** Whether this explainer can explain the model. */
  supports(model: unknown): boolean;
  create(model: unknown, options: ExplainerOptions): Explainer;
}

const kinds = new Map<string, ExplainerKind>();

export function registerExplainer(kind: ExplainerKind): void {
  kinds.set(kind.name, kind);
}

export function listExplainers(): string[] {
  return [...kinds.keys()].sort();
}

export function createExplainer(name: string, model: unknown, options: ExplainerOptions = {}): Explainer {
  const kind = kinds.get(name);
  if (kind === undefined) {
    throw new VigilError("E_CONFIG", `unknown explainer "${name}" (known: ${listExplainers().join(", ")})`, {
      field: "explainer",
    });
  }
  if (!kind.supports(model)) {
    const k = (model as { kind?: string } | null)?.kind ?? typeof model;
    throw new VigilError("E_CONFIG", `explainer "${name}" cannot explain a "${k}" model`, {
      field: "explainer",
    });
  }
  return kind.create(model, options);
}

/** The default explainer for a model: TreeSHAP for trees, IG for differentiable, KitNET's own, else KernelSHAP. */
export function defaultExplainerName(model: unknown): string {
  for (const name of ["tree-path", "kitnet", "integrated-gradients", "kernel"]) {
    const k = kinds.get(name);
    if (k?.supports(model)) return name;
  }
  throw new VigilError("E_CONFIG", "no registered explainer supports this model", { field: "explainer" });
}

/** Row-major argmax (the predicted class per row). */
export function argmaxRows(P: Matrix): Int32Array {
  const out = new Int32Array(P.rows);
  for (let r = 0; r < P.rows; r++) {
    let best = 0;
    for (let k = 1; k < P.cols; k++) if (P.data[r * P.cols + k] > P.data[r * P.cols + best]) best = k;
    out[r] = best;
  }
  return out;
}

export function checkClassIndex(classIndex: Int32Array, rows: number, nClasses: number): void {
  if (classIndex.length !== rows) {
    throw new VigilError("E_SCHEMA", `${classIndex.length} class indices for ${rows} rows`, {
      field: "classIndex",
    });
  }
  for (let r = 0; r < rows; r++) {
    if (classIndex[r] < 0 || classIndex[r] >= nClasses) {
      throw new VigilError("E_SCHEMA", `class index ${classIndex[r]} is not in 0..${nClasses - 1}`, {
        field: "classIndex",
        record: r,
      });
    }
  }
}

export function checkWidth(X: Matrix, nFeatures: number, method: string): void {
  if (X.cols !== nFeatures) {
    throw new VigilError("E_SCHEMA", `${method}: X has ${X.cols} columns, the model has ${nFeatures}`, {
      field: "X",
    });
  }
}
