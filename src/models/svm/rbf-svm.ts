/**
 * RBF-kernel SVM approximated with random Fourier features (Rahimi & Recht, "Random Features for
 * Large-Scale Kernel Machines", NIPS 2007): z(x) = sqrt(2 / D) cos(W x + b), W_ij ~ N(0, 2 gamma),
 * b_i ~ U(0, 2 pi), so z(x).z(x') approximates exp(-gamma |x - x'|^2); a linear SVM (./linear-svm.ts)
 * is then fitted on z(X). Cost O(n D d) to map plus the linear SVM on D features; the exact kernel
 * machine (O(n^2) memory) is not provided. gamma "scale" is 1 / (d Var(X)) as in scikit-learn's SVC.
 * Probabilities are those of the inner linear SVM (softmax of margins, uncalibrated).
 */
import { z } from "zod";
import { type Matrix, matrix } from "../../table/matrix.js";
import { type Classifier, checkFeatures, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import {
  artifactState,
  checkFitInput,
  classWeightSchema,
  requireFitted,
  stateArray,
  stateField,
  stateInt,
} from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { LinearSvm } from "./linear-svm.js";

export const RBF_SVM_KIND = "rbf-svm";
const VERSION = 1;

export const rbfSvmParamsSchema = z
  .object({
    gamma: z.union([z.literal("scale"), z.number().positive()]).default("scale"),
    nComponents: z.number().int().positive().default(300),
    C: z.number().positive().default(1),
    loss: z.enum(["hinge", "squared-hinge"]).default("squared-hinge"),
    tol: z.number().positive().default(1e-3),
    maxIter: z.number().int().positive().default(1000),
    classWeight: classWeightSchema,
    seed: z.number().int().default(0),
  })
  .strict();
export type RbfSvmParams = z.infer<typeof rbfSvmParamsSchema>;

interface State {
  nFeatures: number;
  gamma: number;
  /** nComponents x nFeatures. */
  W: Float32Array;
  b: Float32Array;
  svm: LinearSvm;
}

/** Maps rows to random Fourier features (rows x D). */
export function fourierFeatures(X: Matrix, W: Float32Array, b: Float32Array): Matrix {
  const D = b.length;
  const d = X.cols;
  const out = new Float32Array(X.rows * D);
  const scale = Math.sqrt(2 / D);
  const xd = X.data;
  let i = 0;
  // four rows share each weight row's loads (register blocking)
  for (; i + 4 <= X.rows; i += 4) {
    const o0 = i * d;
    for (let c = 0; c < D; c++) {
      const wo = c * d;
      let s0 = b[c];
      let s1 = s0;
      let s2 = s0;
      let s3 = s0;
      for (let j = 0; j < d; j++) {
        const w = W[wo + j];
        s0 += w * xd[o0 + j];
        s1 += w * xd[o0 + d + j];
        s2 += w * xd[o0 + 2 * d + j];
        s3 += w * xd[o0 + 3 * d + j];
      }
      out[i * D + c] = scale * Math.cos(s0);
      out[(i + 1) * D + c] = scale * Math.cos(s1);
      out[(i + 2) * D + c] = scale * Math.cos(s2);
      out[(i + 3) * D + c] = scale * Math.cos(s3);
    }
  }
  for (; i < X.rows; i++) {
    const off = i * d;
    for (let c = 0; c < D; c++) {
      let s = b[c];
      const wo = c * d;
      for (let j = 0; j < d; j++) s += W[wo + j] * xd[off + j];
      out[i * D + c] = scale * Math.cos(s);
    }
  }
  return matrix(X.rows, D, out);
}

export class RbfSvm implements Classifier<RbfSvmParams> {
  readonly kind = RBF_SVM_KIND;
  private readonly params: RbfSvmParams;
  private state: State | undefined;

  constructor(params: Partial<RbfSvmParams> = {}) {
    this.params = parseParams(rbfSvmParamsSchema, params, RBF_SVM_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.svm.nClasses ?? 0;
  }

  getParams(): RbfSvmParams {
    return structuredClone(this.params);
  }

  clone(): RbfSvm {
    return new RbfSvm(this.getParams());
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    checkFitInput(this.kind, X, y);
    const d = X.cols;
    let gamma = this.params.gamma;
    if (gamma === "scale") {
      let m = 0;
      for (let i = 0; i < X.data.length; i++) m += X.data[i];
      m /= X.data.length;
      let v = 0;
      for (let i = 0; i < X.data.length; i++) v += (X.data[i] - m) ** 2;
      v /= X.data.length;
      gamma = v > 0 ? 1 / (d * v) : 1;
    }
    const D = this.params.nComponents;
    const rng = new Rng(this.params.seed);
    const sd = Math.sqrt(2 * gamma);
    const W = new Float32Array(D * d);
    for (let i = 0; i < W.length; i++) W[i] = sd * rng.normal();
    const b = new Float32Array(D);
    for (let i = 0; i < D; i++) b[i] = 2 * Math.PI * rng.float();
    const { gamma: _g, nComponents: _n, ...svmParams } = this.params;
    const svm = new LinearSvm(svmParams).fit(fourierFeatures(X, W, b), y, options);
    this.state = { nFeatures: d, gamma, W, b, svm };
    return this;
  }

  private features(X: Matrix): { Z: Matrix; svm: LinearSvm } {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    return { Z: fourierFeatures(X, s.W, s.b), svm: s.svm };
  }

  decisionFunction(X: Matrix): Matrix {
    const { Z, svm } = this.features(X);
    return svm.decisionFunction(Z);
  }

  predict(X: Matrix): Int32Array {
    const { Z, svm } = this.features(X);
    return svm.predict(Z);
  }

  predictProba(X: Matrix): Matrix {
    const { Z, svm } = this.features(X);
    return svm.predictProba(Z);
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
        gamma: s.gamma,
        W: encodeArray(s.W),
        b: encodeArray(s.b),
        svm: s.svm.toArtifact(),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): RbfSvm {
    const st = artifactState(a, RBF_SVM_KIND, VERSION);
    const m = new RbfSvm(a.params as Partial<RbfSvmParams>);
    const d = stateInt(st, "nFeatures", RBF_SVM_KIND);
    const b = stateArray(st, "b", RBF_SVM_KIND, Float32Array);
    m.state = {
      nFeatures: d,
      gamma: stateField<number>(st, "gamma", RBF_SVM_KIND),
      W: stateArray(st, "W", RBF_SVM_KIND, Float32Array, b.length * d),
      b,
      svm: LinearSvm.fromArtifact(stateField<ModelArtifact>(st, "svm", RBF_SVM_KIND)),
    };
    return m;
  }
}

registerModel({
  kind: RBF_SVM_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new RbfSvm(p as Partial<RbfSvmParams>),
  fromArtifact: (a) => RbfSvm.fromArtifact(a),
});
