/**
 * Principal component analysis: centre the columns, form the covariance (n - 1 denominator, as
 * scikit-learn's explained_variance_), and diagonalise it with Jacobi (./jacobi.ts). Keeps
 * `nComponents` components (an integer), or the fewest whose explained-variance ratio sums to at least
 * a fraction in (0, 1). Optional whitening divides each component by sqrt(its variance).
 * Sign convention: each component's largest-magnitude loading is made positive (scikit-learn flips
 * signs from the SVD's U instead, so a component may differ from its by a factor -1).
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { BaseTransformer, TRANSFORMER_VERSION } from "./base.js";
import { symmetricEigen } from "./jacobi.js";

export const PCA_KIND = "pca";
export const pcaParamsSchema = z
  .object({
    /** Integer count, or a fraction in (0, 1) of variance to keep. */
    nComponents: z.number().positive().default(0.95),
    whiten: z.boolean().default(false),
  })
  .strict();
export type PcaParams = z.infer<typeof pcaParamsSchema>;

interface State {
  nFeatures: number;
  mean: Float64Array;
  /** nComponents x nFeatures, rows = components. */
  components: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
}

export class Pca extends BaseTransformer<PcaParams, State> {
  readonly kind = PCA_KIND;

  constructor(params: Partial<PcaParams> = {}) {
    super(PCA_KIND, pcaParamsSchema, params);
  }

  clone(): Pca {
    return new Pca(this.getParams());
  }

  get fittedComponents(): {
    components: Float64Array;
    mean: Float64Array;
    explainedVariance: Float64Array;
    explainedVarianceRatio: Float64Array;
  } {
    const s = this.fittedState();
    return s;
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows));
    const { rows: n, cols: d, data } = X;
    if (n < 2) throw new VigilError("E_CONFIG", `${this.kind}: needs at least 2 rows`, { field: "X" });
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const cov = new Float64Array(d * d);
    const row = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
      for (let a = 0; a < d; a++) {
        const ra = row[a];
        if (ra === 0) continue;
        for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        cov[a * d + b] /= n - 1;
        cov[b * d + a] = cov[a * d + b];
      }
    }
    const { values, vectors } = symmetricEigen(cov, d);
    let total = 0;
    for (let j = 0; j < d; j++) total += Math.max(0, values[j]);
    const nc = this.params.nComponents;
    let keep: number;
    if (nc >= 1) {
      if (!Number.isInteger(nc) || nc > d) {
        throw new VigilError(
          "E_CONFIG",
          `${this.kind}: nComponents ${nc} must be an integer <= ${d} or a fraction`,
          {
            field: "nComponents",
          },
        );
      }
      keep = nc;
    } else {
      keep = d;
      let acc = 0;
      for (let j = 0; j < d; j++) {
        acc += Math.max(0, values[j]) / (total || 1);
        if (acc >= nc - 1e-12) {
          keep = j + 1;
          break;
        }
      }
    }
    const components = vectors.slice(0, keep * d);
    for (let c = 0; c < keep; c++) {
      let big = 0;
      for (let j = 0; j < d; j++)
        if (Math.abs(components[c * d + j]) > Math.abs(components[c * d + big])) big = j;
      if (components[c * d + big] < 0)
        for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j];
    }
    const explainedVariance = new Float64Array(keep);
    const explainedVarianceRatio = new Float64Array(keep);
    for (let c = 0; c < keep; c++) {
      explainedVariance[c] = Math.max(0, values[c]);
      explainedVarianceRatio[c] = total > 0 ? explainedVariance[c] / total : 0;
    }
    this.state = { nFeatures: d, mean, components, explainedVariance, explainedVarianceRatio };
    return this;
  }

  protected apply(X: Matrix, s: State): Matrix {
    const { rows: n, cols: d, data } = X;
    const k = s.explainedVariance.length;
    const out = new Float32Array(n * k);
    const centred = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) centred[j] = data[i * d + j] - s.mean[j];
      for (let c = 0; c < k; c++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += s.components[c * d + j] * centred[j];
        if (this.params.whiten) v /= Math.sqrt(s.explainedVariance[c]) || 1;
        out[i * k + c] = v;
      }
    }
    return matrix(n, k, out);
  }

  protected encodeState(s: State): Record<string, unknown> {
    return {
      nFeatures: s.nFeatures,
      mean: encodeArray(s.mean),
      components: encodeArray(s.components),
      explainedVariance: encodeArray(s.explainedVariance),
      explainedVarianceRatio: encodeArray(s.explainedVarianceRatio),
    };
  }

  static fromArtifact(a: ModelArtifact): Pca {
    const m = new Pca(a.params as Partial<PcaParams>);
    const st = artifactState(a, PCA_KIND, TRANSFORMER_VERSION);
    const d = stateInt(st, "nFeatures", PCA_KIND);
    const ev = stateArray(st, "explainedVariance", PCA_KIND, Float64Array);
    m.state = {
      nFeatures: d,
      mean: stateArray(st, "mean", PCA_KIND, Float64Array, d),
      components: stateArray(st, "components", PCA_KIND, Float64Array, ev.length * d),
      explainedVariance: ev,
      explainedVarianceRatio: stateArray(st, "explainedVarianceRatio", PCA_KIND, Float64Array, ev.length),
    };
    return m;
  }
}

registerModel({
  kind: PCA_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new Pca(p as Partial<PcaParams>),
  fromArtifact: (a) => Pca.fromArtifact(a),
});
