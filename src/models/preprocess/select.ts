/**
 * Feature selection transformers; each keeps a subset of columns, in their original order.
 * - variance-threshold: keeps columns whose training variance is > threshold (NaN skipped).
 * - select-k-best: keeps the k columns with the best univariate score (./feature-scores.ts:
 *   "chi2", "f-classif", "mutual-info"); ties go to the earlier column.
 * - select-from-model: fits a registered model and keeps columns whose importance is >= a threshold
 *   ("mean", "median" or a number), at most maxFeatures of them. Importances come from the model's
 *   `featureImportances` (tree models); linear models give the sum over classes of |coefficient|.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { Estimator, ModelArtifact } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { createModel, registerModel } from "../registry.js";
import { BaseTransformer, columnMoments, TRANSFORMER_VERSION } from "./base.js";
import { chi2Scores, fClassifScores, mutualInfoScores } from "./feature-scores.js";

interface State {
  nFeatures: number;
  /** Kept column indices, ascending. */
  keep: Int32Array;
  /** The score of every input column (variance, statistic or importance). */
  scores: Float64Array;
}

abstract class ColumnSelector<P extends object> extends BaseTransformer<P, State> {
  /** Kept column indices (ascending) and every column's score. */
  get selection(): { keep: Int32Array; scores: Float64Array } {
    const s = this.fittedState();
    return { keep: s.keep, scores: s.scores };
  }

  protected apply(X: Matrix, s: State): Matrix {
    const { rows: n, cols: d, data } = X;
    const w = s.keep.length;
    const out = new Float32Array(n * w);
    for (let i = 0; i < n; i++) for (let t = 0; t < w; t++) out[i * w + t] = data[i * d + s.keep[t]];
    return matrix(n, w, out);
  }

  protected encodeState(s: State): Record<string, unknown> {
    return { nFeatures: s.nFeatures, keep: encodeArray(s.keep), scores: encodeArray(s.scores) };
  }

  protected loadState(a: ModelArtifact): this {
    const st = artifactState(a, this.kind, TRANSFORMER_VERSION);
    const d = stateInt(st, "nFeatures", this.kind);
    this.state = {
      nFeatures: d,
      keep: stateArray(st, "keep", this.kind, Int32Array),
      scores: stateArray(st, "scores", this.kind, Float64Array, d),
    };
    return this;
  }

  protected setSelection(d: number, scores: Float64Array, keep: number[]): this {
    if (keep.length === 0) {
      throw new VigilError("E_CONFIG", `${this.kind}: no feature passes the selection`, {
        field: "threshold",
      });
    }
    this.state = { nFeatures: d, scores, keep: Int32Array.from(keep.sort((a, b) => a - b)) };
    return this;
  }
}

function needLabels(kind: string, X: Matrix, y: Int32Array | undefined): Int32Array {
  if (y === undefined) throw new VigilError("E_CONFIG", `${kind}: fit needs class labels`, { field: "y" });
  checkFitInput(kind, X, y);
  return y;
}

/** Indices of the top `k` scores (earlier column first on ties). */
function topK(scores: Float64Array, k: number): number[] {
  const idx = Array.from(scores.keys());
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  return idx.slice(0, Math.min(k, idx.length));
}

export const VARIANCE_THRESHOLD_KIND = "variance-threshold";
export const varianceThresholdParamsSchema = z
  .object({ threshold: z.number().nonnegative().default(0) })
  .strict();
export type VarianceThresholdParams = z.infer<typeof varianceThresholdParamsSchema>;

export class VarianceThreshold extends ColumnSelector<VarianceThresholdParams> {
  readonly kind = VARIANCE_THRESHOLD_KIND;
  constructor(params: Partial<VarianceThresholdParams> = {}) {
    super(VARIANCE_THRESHOLD_KIND, varianceThresholdParamsSchema, params);
  }
  clone(): VarianceThreshold {
    return new VarianceThreshold(this.getParams());
  }
  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows), { allowNaN: true });
    const { variance } = columnMoments(X);
    const keep: number[] = [];
    for (let j = 0; j < X.cols; j++) if (variance[j] > this.params.threshold) keep.push(j);
    return this.setSelection(X.cols, variance, keep);
  }
  static fromArtifact(a: ModelArtifact): VarianceThreshold {
    return new VarianceThreshold(a.params as Partial<VarianceThresholdParams>).loadState(a);
  }
}

export const SELECT_K_BEST_KIND = "select-k-best";
export const selectKBestParamsSchema = z
  .object({
    k: z.number().int().positive().default(10),
    score: z.enum(["chi2", "f-classif", "mutual-info"]).default("f-classif"),
    /** Quantile bins per feature for "mutual-info". */
    bins: z.number().int().min(2).default(16),
  })
  .strict();
export type SelectKBestParams = z.infer<typeof selectKBestParamsSchema>;

export class SelectKBest extends ColumnSelector<SelectKBestParams> {
  readonly kind = SELECT_K_BEST_KIND;
  constructor(params: Partial<SelectKBestParams> = {}) {
    super(SELECT_K_BEST_KIND, selectKBestParamsSchema, params);
  }
  clone(): SelectKBest {
    return new SelectKBest(this.getParams());
  }
  fit(X: Matrix, y?: Int32Array): this {
    const labels = needLabels(this.kind, X, y);
    const p = this.params;
    const scores =
      p.score === "chi2"
        ? chi2Scores(X, labels)
        : p.score === "mutual-info"
          ? mutualInfoScores(X, labels, p.bins)
          : fClassifScores(X, labels);
    return this.setSelection(X.cols, scores, topK(scores, p.k));
  }
  static fromArtifact(a: ModelArtifact): SelectKBest {
    return new SelectKBest(a.params as Partial<SelectKBestParams>).loadState(a);
  }
}

export const SELECT_FROM_MODEL_KIND = "select-from-model";
export const selectFromModelParamsSchema = z
  .object({
    estimator: z.object({ kind: z.string(), params: z.record(z.string(), z.unknown()).default({}) }),
    threshold: z.union([z.enum(["mean", "median"]), z.number()]).default("mean"),
    maxFeatures: z.number().int().positive().optional(),
  })
  .strict();
export type SelectFromModelParams = z.infer<typeof selectFromModelParamsSchema>;

/** Feature importances of a fitted model: `featureImportances` (array or method), else |coef| sums. */
export function importancesOf(model: Estimator, nFeatures: number): Float64Array {
  const m = model as unknown as Record<string, unknown>;
  let imp = m.featureImportances;
  if (typeof imp === "function") imp = (imp as () => unknown).call(model);
  if (imp !== undefined && imp !== null && typeof (imp as ArrayLike<number>).length === "number") {
    return Float64Array.from(imp as ArrayLike<number>);
  }
  const co = m.coefficients as { coef: Float64Array } | undefined;
  if (co?.coef !== undefined) {
    const out = new Float64Array(nFeatures);
    for (let i = 0; i < co.coef.length; i++) out[i % nFeatures] += Math.abs(co.coef[i]);
    return out;
  }
  throw new VigilError("E_CONFIG", `model "${model.kind}" exposes no feature importances`, {
    field: "estimator",
  });
}

export class SelectFromModel extends ColumnSelector<SelectFromModelParams> {
  readonly kind = SELECT_FROM_MODEL_KIND;
  constructor(params: Partial<SelectFromModelParams> & { estimator: SelectFromModelParams["estimator"] }) {
    super(SELECT_FROM_MODEL_KIND, selectFromModelParamsSchema, params);
  }
  clone(): SelectFromModel {
    return new SelectFromModel(this.getParams());
  }
  fit(X: Matrix, y?: Int32Array): this {
    const labels = needLabels(this.kind, X, y);
    const model = createModel(this.params.estimator.kind, this.params.estimator.params) as Estimator & {
      fit(X: Matrix, y: Int32Array): unknown;
    };
    model.fit(X, labels);
    const imp = importancesOf(model, X.cols);
    let thr: number;
    const t = this.params.threshold;
    if (t === "mean") thr = imp.reduce((a, b) => a + b, 0) / imp.length;
    else if (t === "median") {
      const s = Float64Array.from(imp).sort();
      const h = s.length >> 1;
      thr = s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    } else thr = t;
    let keep: number[] = [];
    for (let j = 0; j < X.cols; j++) if (imp[j] >= thr) keep.push(j);
    if (this.params.maxFeatures !== undefined && keep.length > this.params.maxFeatures) {
      const sub = Float64Array.from(keep.map((j) => imp[j]));
      keep = topK(sub, this.params.maxFeatures).map((i) => keep[i]);
    }
    return this.setSelection(X.cols, imp, keep);
  }
  static fromArtifact(a: ModelArtifact): SelectFromModel {
    return new SelectFromModel(a.params as SelectFromModelParams).loadState(a);
  }
}

registerModel({
  kind: VARIANCE_THRESHOLD_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new VarianceThreshold(p as Partial<VarianceThresholdParams>),
  fromArtifact: (a) => VarianceThreshold.fromArtifact(a),
});
registerModel({
  kind: SELECT_K_BEST_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new SelectKBest(p as Partial<SelectKBestParams>),
  fromArtifact: (a) => SelectKBest.fromArtifact(a),
});
registerModel({
  kind: SELECT_FROM_MODEL_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new SelectFromModel(p as SelectFromModelParams),
  fromArtifact: (a) => SelectFromModel.fromArtifact(a),
});
