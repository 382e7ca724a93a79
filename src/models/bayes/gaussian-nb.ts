/**
 * Gaussian naive Bayes, as scikit-learn's `GaussianNB`: per class, the (weighted) mean and variance of
 * each feature; every variance gets `varSmoothing` x the largest feature variance added; priors are the
 * (weighted) class frequencies unless given. Joint log-likelihood:
 *   log prior_c - 0.5 sum_j [log(2 pi var_cj) + (x_j - mean_cj)^2 / var_cj]
 * A class absent from the training labels gets prior 0 (never predicted).
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import { type Classifier, checkFeatures, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import {
  argmaxRows,
  artifactState,
  checkFitInput,
  requireFitted,
  rowWeights,
  softmaxInPlace,
  stateArray,
  stateInt,
} from "../linear/support.js";
import { registerModel } from "../registry.js";

export const GAUSSIAN_NB_KIND = "gaussian-nb";
const VERSION = 1;

export const gaussianNbParamsSchema = z
  .object({
    varSmoothing: z.number().nonnegative().default(1e-9),
    /** Class priors (must sum to 1); default: class frequencies. */
    priors: z.array(z.number().nonnegative()).optional(),
  })
  .strict();
export type GaussianNbParams = z.infer<typeof gaussianNbParamsSchema>;

interface State {
  nFeatures: number;
  nClasses: number;
  /** nClasses x nFeatures. */
  mean: Float64Array;
  variance: Float64Array;
  logPrior: Float64Array;
}

export class GaussianNb implements Classifier<GaussianNbParams> {
  readonly kind = GAUSSIAN_NB_KIND;
  private readonly params: GaussianNbParams;
  private state: State | undefined;

  constructor(params: Partial<GaussianNbParams> = {}) {
    this.params = parseParams(gaussianNbParamsSchema, params, GAUSSIAN_NB_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  /** Per-class means and variances (nClasses x nFeatures, row-major). */
  get moments(): { mean: Float64Array; variance: Float64Array } {
    const s = requireFitted(this.kind, this.state);
    return { mean: s.mean, variance: s.variance };
  }

  getParams(): GaussianNbParams {
    return structuredClone(this.params);
  }

  clone(): GaussianNb {
    return new GaussianNb(this.getParams());
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const k = Math.max(checkFitInput(this.kind, X, y), this.params.priors?.length ?? 0);
    const { rows: n, cols: d, data } = X;
    const w = rowWeights(y, k, undefined, options.sampleWeight);
    const wsum = new Float64Array(k);
    const mean = new Float64Array(k * d);
    const variance = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      const c = y[i];
      wsum[c] += w[i];
      for (let j = 0; j < d; j++) mean[c * d + j] += w[i] * data[i * d + j];
    }
    for (let c = 0; c < k; c++)
      for (let j = 0; j < d; j++) mean[c * d + j] = wsum[c] > 0 ? mean[c * d + j] / wsum[c] : 0;
    for (let i = 0; i < n; i++) {
      const c = y[i];
      for (let j = 0; j < d; j++) {
        const diff = data[i * d + j] - mean[c * d + j];
        variance[c * d + j] += w[i] * diff * diff;
      }
    }
    // epsilon = varSmoothing x the largest variance of a feature over all rows
    let maxVar = 0;
    let total = 0;
    for (let c = 0; c < k; c++) total += wsum[c];
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += w[i] * data[i * d + j];
      m /= total;
      let v = 0;
      for (let i = 0; i < n; i++) v += w[i] * (data[i * d + j] - m) ** 2;
      v /= total;
      if (v > maxVar) maxVar = v;
    }
    const eps = this.params.varSmoothing * maxVar;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        variance[c * d + j] = (wsum[c] > 0 ? variance[c * d + j] / wsum[c] : 0) + eps;
        if (variance[c * d + j] === 0) variance[c * d + j] = 1e-12; // every row equal: keep the density finite
      }
    }
    const logPrior = new Float64Array(k);
    const priors = this.params.priors;
    if (priors !== undefined) {
      if (priors.length !== k) {
        throw new VigilError("E_CONFIG", `priors has ${priors.length} values for ${k} classes`, {
          field: "priors",
        });
      }
      const s = priors.reduce((a, b) => a + b, 0);
      if (Math.abs(s - 1) > 1e-6) {
        throw new VigilError("E_CONFIG", `priors sum to ${s}, not 1`, { field: "priors" });
      }
      for (let c = 0; c < k; c++) logPrior[c] = Math.log(priors[c]);
    } else {
      for (let c = 0; c < k; c++) logPrior[c] = Math.log(wsum[c] / total);
    }
    this.state = { nFeatures: d, nClasses: k, mean, variance, logPrior };
    return this;
  }

  /** Joint log-likelihood log P(x, c), rows x nClasses. */
  jointLogLikelihood(X: Matrix): { rows: number; cols: number; data: Float64Array } {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    const { nClasses: k, nFeatures: d, mean, variance, logPrior } = s;
    const base = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let t = logPrior[c];
      for (let j = 0; j < d; j++) t -= 0.5 * Math.log(2 * Math.PI * variance[c * d + j]);
      base[c] = t;
    }
    const out = new Float64Array(X.rows * k);
    const xd = X.data;
    for (let i = 0; i < X.rows; i++) {
      for (let c = 0; c < k; c++) {
        let t = base[c];
        for (let j = 0; j < d; j++) {
          const diff = xd[i * d + j] - mean[c * d + j];
          t -= (0.5 * diff * diff) / variance[c * d + j];
        }
        out[i * k + c] = t;
      }
    }
    return { rows: X.rows, cols: k, data: out };
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.jointLogLikelihood(X));
  }

  predictProba(X: Matrix): Matrix {
    const jll = this.jointLogLikelihood(X);
    const d = jll.data;
    for (let i = 0; i < jll.rows; i++) softmaxInPlace(d, i * jll.cols, jll.cols);
    return matrix(jll.rows, jll.cols, Float32Array.from(d));
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
        mean: encodeArray(s.mean),
        variance: encodeArray(s.variance),
        logPrior: encodeArray(s.logPrior),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): GaussianNb {
    const st = artifactState(a, GAUSSIAN_NB_KIND, VERSION);
    const m = new GaussianNb(a.params as Partial<GaussianNbParams>);
    const d = stateInt(st, "nFeatures", GAUSSIAN_NB_KIND);
    const k = stateInt(st, "nClasses", GAUSSIAN_NB_KIND);
    m.state = {
      nFeatures: d,
      nClasses: k,
      mean: stateArray(st, "mean", GAUSSIAN_NB_KIND, Float64Array, k * d),
      variance: stateArray(st, "variance", GAUSSIAN_NB_KIND, Float64Array, k * d),
      logPrior: stateArray(st, "logPrior", GAUSSIAN_NB_KIND, Float64Array, k),
    };
    return m;
  }
}

registerModel({
  kind: GAUSSIAN_NB_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new GaussianNb(p as Partial<GaussianNbParams>),
  fromArtifact: (a) => GaussianNb.fromArtifact(a),
});
