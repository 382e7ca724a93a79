/**
 * Linear support vector classifier, one-vs-rest, each binary problem solved by dual coordinate descent
 * (./dual-cd.ts) as liblinear does for scikit-learn's `LinearSVC` (loss "squared-hinge" by default,
 * the bias an extra regularized feature of value `interceptScaling`).
 *
 * Two classes train one vector (positive = class 1); k > 2 classes train k vectors. Row costs are
 * C x class weight x sample weight.
 *
 * Probabilities: an SVM has none. `predictProba` returns the softmax of the k margins (for two classes
 * the logistic function of the margin, i.e. Platt scaling with fixed A = -1, B = 0). They rank rows like
 * the margins and their arg-max is `predict`, but they are not calibrated.
 */
import { z } from "zod";
import { type Matrix, matrix } from "../../table/matrix.js";
import { type Classifier, checkFeatures, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import {
  argmaxRows,
  artifactState,
  checkFitInput,
  classWeightSchema,
  requireFitted,
  rowWeights,
  softmaxInPlace,
  stateArray,
  stateInt,
} from "../linear/support.js";
import { registerModel } from "../registry.js";
import { dualCd } from "./dual-cd.js";

export const LINEAR_SVM_KIND = "linear-svm";
const VERSION = 1;

export const linearSvmParamsSchema = z
  .object({
    C: z.number().positive().default(1),
    loss: z.enum(["hinge", "squared-hinge"]).default("squared-hinge"),
    /** Stopping tolerance on the projected-gradient spread (liblinear's eps). */
    tol: z.number().positive().default(1e-3),
    /** Maximum epochs per binary problem. */
    maxIter: z.number().int().positive().default(1000),
    fitIntercept: z.boolean().default(true),
    interceptScaling: z.number().positive().default(1),
    classWeight: classWeightSchema,
    seed: z.number().int().default(0),
  })
  .strict();
export type LinearSvmParams = z.infer<typeof linearSvmParamsSchema>;

export interface LinearScores {
  nFeatures: number;
  nClasses: number;
  /** nVectors x nFeatures (nVectors = 1 for two classes, else nClasses). */
  coef: Float64Array;
  intercept: Float64Array;
}

/** Margins rows x nClasses; for one vector the columns are [0, margin]. */
export function linearMargins(s: LinearScores, X: Matrix): Matrix {
  const { nFeatures: d, nClasses: k, coef, intercept } = s;
  const nVec = intercept.length;
  const out = new Float32Array(X.rows * k);
  const xd = X.data;
  for (let i = 0; i < X.rows; i++) {
    const off = i * d;
    for (let v = 0; v < nVec; v++) {
      let m = intercept[v];
      const co = v * d;
      for (let j = 0; j < d; j++) m += coef[co + j] * xd[off + j];
      if (nVec === 1) out[i * k + 1] = m;
      else out[i * k + v] = m;
    }
  }
  return matrix(X.rows, k, out);
}

export class LinearSvm implements Classifier<LinearSvmParams> {
  readonly kind: string = LINEAR_SVM_KIND;
  protected readonly params: LinearSvmParams;
  protected state: (LinearScores & { epochs: number }) | undefined;

  constructor(params: Partial<LinearSvmParams> = {}) {
    this.params = parseParams(linearSvmParamsSchema, params, LINEAR_SVM_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  get coefficients(): LinearScores {
    return requireFitted(this.kind, this.state);
  }

  getParams(): LinearSvmParams {
    return structuredClone(this.params);
  }

  clone(): LinearSvm {
    return new LinearSvm(this.getParams());
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const k = Math.max(2, checkFitInput(this.kind, X, y));
    const { rows: n, cols: d, data } = X;
    const cost = rowWeights(y, k, this.params.classWeight, options.sampleWeight);
    for (let i = 0; i < n; i++) cost[i] *= this.params.C;
    const sqNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[i * d + j] * data[i * d + j];
      sqNorm[i] = s;
    }
    const nVec = k === 2 ? 1 : k;
    const coef = new Float64Array(nVec * d);
    const intercept = new Float64Array(nVec);
    const sign = new Int8Array(n);
    const bias = this.params.fitIntercept ? this.params.interceptScaling : 0;
    let epochs = 0;
    for (let v = 0; v < nVec; v++) {
      const positive = nVec === 1 ? 1 : v;
      for (let i = 0; i < n; i++) sign[i] = y[i] === positive ? 1 : -1;
      const r = dualCd(data, n, d, sign, cost, sqNorm, {
        loss: this.params.loss,
        tol: this.params.tol,
        maxIter: this.params.maxIter,
        bias,
        seed: this.params.seed + v,
      });
      coef.set(r.w.subarray(0, d), v * d);
      intercept[v] = r.w[d] * bias;
      epochs = Math.max(epochs, r.epochs);
    }
    this.state = { nFeatures: d, nClasses: k, coef, intercept, epochs };
    return this;
  }

  decisionFunction(X: Matrix): Matrix {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    return linearMargins(s, X);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.decisionFunction(X));
  }

  predictProba(X: Matrix): Matrix {
    const m = this.decisionFunction(X);
    for (let i = 0; i < m.rows; i++) softmaxInPlace(m.data, i * m.cols, m.cols);
    return m;
  }

  toArtifact(): ModelArtifact {
    const s = requireFitted(this.kind, this.state);
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: { ...this.params },
      state: {
        nFeatures: s.nFeatures,
        nClasses: s.nClasses,
        epochs: s.epochs,
        coef: encodeArray(s.coef),
        intercept: encodeArray(s.intercept),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): LinearSvm {
    const st = artifactState(a, LINEAR_SVM_KIND, VERSION);
    const m = new LinearSvm(a.params as Partial<LinearSvmParams>);
    const nFeatures = stateInt(st, "nFeatures", LINEAR_SVM_KIND);
    const nClasses = stateInt(st, "nClasses", LINEAR_SVM_KIND);
    const nVec = nClasses === 2 ? 1 : nClasses;
    m.state = {
      nFeatures,
      nClasses,
      epochs: stateInt(st, "epochs", LINEAR_SVM_KIND),
      coef: stateArray(st, "coef", LINEAR_SVM_KIND, Float64Array, nVec * nFeatures),
      intercept: stateArray(st, "intercept", LINEAR_SVM_KIND, Float64Array, nVec),
    };
    return m;
  }
}

registerModel({
  kind: LINEAR_SVM_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new LinearSvm(p as Partial<LinearSvmParams>),
  fromArtifact: (a) => LinearSvm.fromArtifact(a),
});
