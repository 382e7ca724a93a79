/**
 * Categorical naive Bayes, as scikit-learn's `CategoricalNB`: each feature is a category code
 * 0, 1, 2, ...; P(x_j = v | c) = (N_cjv + alpha) / (N_c + alpha n_j), n_j = largest code seen + 1.
 * A code never seen in fit (>= n_j) gets the smoothed zero count alpha / (N_c + alpha n_j) (scikit-learn
 * raises there).
 *
 * With `nBins`, continuous features are first cut at their training quantiles into at most nBins codes
 * (the edges are part of the fitted state), so the model runs on raw flow features; without it every
 * value must be a non-negative integer, and an error names the record and column that is not.
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
import { applyBins, quantileEdges } from "./bins.js";

export const CATEGORICAL_NB_KIND = "categorical-nb";
const VERSION = 1;

export const categoricalNbParamsSchema = z
  .object({
    alpha: z.number().positive().default(1),
    /** Quantile-bin continuous features into at most this many codes before counting. */
    nBins: z.number().int().min(2).max(1024).optional(),
  })
  .strict();
export type CategoricalNbParams = z.infer<typeof categoricalNbParamsSchema>;

interface State {
  nFeatures: number;
  nClasses: number;
  /** Feature j's block of nClasses x nCat_j log-probabilities starts at offset[j]. */
  offset: Int32Array;
  nCat: Int32Array;
  logProb: Float64Array;
  logPrior: Float64Array;
  /** d x nClasses: log(alpha / (N_c + alpha n_j)), the log-probability of a code unseen in fit. */
  logUnseen: Float64Array;
  /** When binning: edges of feature j at edges[edgeOffset[j] .. edgeOffset[j+1]). */
  edges?: Float64Array;
  edgeOffset?: Int32Array;
}

export class CategoricalNb implements Classifier<CategoricalNbParams> {
  readonly kind = CATEGORICAL_NB_KIND;
  private readonly params: CategoricalNbParams;
  private state: State | undefined;

  constructor(params: Partial<CategoricalNbParams> = {}) {
    this.params = parseParams(categoricalNbParamsSchema, params, CATEGORICAL_NB_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  getParams(): CategoricalNbParams {
    return structuredClone(this.params);
  }

  clone(): CategoricalNb {
    return new CategoricalNb(this.getParams());
  }

  private codes(X: Matrix, edges?: Float64Array, edgeOffset?: Int32Array): Int32Array {
    if (edges !== undefined && edgeOffset !== undefined) return applyBins(X, edges, edgeOffset);
    const out = new Int32Array(X.data.length);
    for (let i = 0; i < out.length; i++) {
      const v = X.data[i];
      if (!(v >= 0 && Number.isInteger(v))) {
        throw new VigilError(
          "E_CONFIG",
          `${this.kind}: value ${v} is not a category code (a non-negative integer; set nBins for continuous features)`,
          { record: Math.floor(i / X.cols), field: `column ${i % X.cols}` },
        );
      }
      out[i] = v;
    }
    return out;
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const k = checkFitInput(this.kind, X, y);
    const { rows: n, cols: d } = X;
    let edges: Float64Array | undefined;
    let edgeOffset: Int32Array | undefined;
    if (this.params.nBins !== undefined) ({ edges, edgeOffset } = quantileEdges(X, this.params.nBins));
    const codes = this.codes(X, edges, edgeOffset);
    const w = rowWeights(y, k, undefined, options.sampleWeight);
    const nCat = new Int32Array(d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) if (codes[i * d + j] + 1 > nCat[j]) nCat[j] = codes[i * d + j] + 1;
    const offset = new Int32Array(d + 1);
    for (let j = 0; j < d; j++) offset[j + 1] = offset[j] + k * nCat[j];
    const counts = new Float64Array(offset[d]);
    const classCount = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = y[i];
      classCount[c] += w[i];
      for (let j = 0; j < d; j++) counts[offset[j] + c * nCat[j] + codes[i * d + j]] += w[i];
    }
    const a = this.params.alpha;
    const logProb = new Float64Array(offset[d]);
    const logUnseen = new Float64Array(d * k);
    for (let j = 0; j < d; j++) {
      for (let c = 0; c < k; c++) {
        const denom = Math.log(classCount[c] + a * nCat[j]);
        logUnseen[j * k + c] = Math.log(a) - denom;
        for (let v = 0; v < nCat[j]; v++) {
          const p = offset[j] + c * nCat[j] + v;
          logProb[p] = Math.log(counts[p] + a) - denom;
        }
      }
    }
    let total = 0;
    for (let c = 0; c < k; c++) total += classCount[c];
    const logPrior = new Float64Array(k);
    for (let c = 0; c < k; c++) logPrior[c] = Math.log(classCount[c] / total);
    this.state = { nFeatures: d, nClasses: k, offset, nCat, logProb, logPrior, logUnseen, edges, edgeOffset };
    return this;
  }

  private jll(X: Matrix): Float64Array {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    const codes = this.codes(X, s.edges, s.edgeOffset);
    const { nClasses: k, nFeatures: d, offset, nCat, logProb, logPrior, logUnseen } = s;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      for (let c = 0; c < k; c++) {
        let t = logPrior[c];
        for (let j = 0; j < d; j++) {
          const v = codes[i * d + j];
          if (v < nCat[j]) t += logProb[offset[j] + c * nCat[j] + v];
          else t += logUnseen[j * k + c]; // a code not seen in fit: smoothed zero count
        }
        out[i * k + c] = t;
      }
    }
    return out;
  }

  predict(X: Matrix): Int32Array {
    const s = requireFitted(this.kind, this.state);
    return argmaxRows({ rows: X.rows, cols: s.nClasses, data: this.jll(X) });
  }

  predictProba(X: Matrix): Matrix {
    const s = requireFitted(this.kind, this.state);
    const j = this.jll(X);
    for (let i = 0; i < X.rows; i++) softmaxInPlace(j, i * s.nClasses, s.nClasses);
    return matrix(X.rows, s.nClasses, Float32Array.from(j));
  }

  toArtifact(): ModelArtifact {
    const s = requireFitted(this.kind, this.state);
    const state: Record<string, unknown> = {
      nFeatures: s.nFeatures,
      nClasses: s.nClasses,
      nCat: encodeArray(s.nCat),
      logProb: encodeArray(s.logProb),
      logPrior: encodeArray(s.logPrior),
      logUnseen: encodeArray(s.logUnseen),
    };
    if (s.edges !== undefined && s.edgeOffset !== undefined) {
      state.edges = encodeArray(s.edges);
      state.edgeOffset = encodeArray(s.edgeOffset);
    }
    return { format: "vigil-model", version: VERSION, kind: this.kind, params: { ...this.params }, state };
  }

  static fromArtifact(a: ModelArtifact): CategoricalNb {
    const K = CATEGORICAL_NB_KIND;
    const st = artifactState(a, K, VERSION);
    const m = new CategoricalNb(a.params as Partial<CategoricalNbParams>);
    const d = stateInt(st, "nFeatures", K);
    const k = stateInt(st, "nClasses", K);
    const nCat = stateArray(st, "nCat", K, Int32Array, d);
    const offset = new Int32Array(d + 1);
    for (let j = 0; j < d; j++) offset[j + 1] = offset[j] + k * nCat[j];
    m.state = {
      nFeatures: d,
      nClasses: k,
      nCat,
      offset,
      logProb: stateArray(st, "logProb", K, Float64Array, offset[d]),
      logPrior: stateArray(st, "logPrior", K, Float64Array, k),
      logUnseen: stateArray(st, "logUnseen", K, Float64Array, d * k),
    };
    if (st.edges !== undefined) {
      m.state.edgeOffset = stateArray(st, "edgeOffset", K, Int32Array, d + 1);
      m.state.edges = stateArray(st, "edges", K, Float64Array, m.state.edgeOffset[d]);
    }
    return m;
  }
}

registerModel({
  kind: CATEGORICAL_NB_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new CategoricalNb(p as Partial<CategoricalNbParams>),
  fromArtifact: (a) => CategoricalNb.fromArtifact(a),
});
