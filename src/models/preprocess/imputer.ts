/**
 * SimpleImputer (scikit-learn's): replaces NaN in each column by that column's training mean, median,
 * most frequent value (smallest on ties) or a constant. A column that is NaN in every training row is
 * filled with `fillValue` (scikit-learn drops such columns; keeping the width keeps feature names aligned).
 */
import { z } from "zod";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { BaseTransformer, TRANSFORMER_VERSION } from "./base.js";

export const IMPUTER_KIND = "simple-imputer";
export const imputerParamsSchema = z
  .object({
    strategy: z.enum(["mean", "median", "most-frequent", "constant"]).default("mean"),
    fillValue: z.number().default(0),
  })
  .strict();
export type ImputerParams = z.infer<typeof imputerParamsSchema>;

interface State {
  nFeatures: number;
  fill: Float64Array;
}

export class SimpleImputer extends BaseTransformer<ImputerParams, State> {
  readonly kind = IMPUTER_KIND;

  constructor(params: Partial<ImputerParams> = {}) {
    super(IMPUTER_KIND, imputerParamsSchema, params);
  }

  clone(): SimpleImputer {
    return new SimpleImputer(this.getParams());
  }

  /** The value each column's NaN becomes. */
  get statistics(): Float64Array {
    return this.fittedState().fill;
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows), { allowNaN: true });
    const { rows: n, cols: d, data } = X;
    const fill = new Float64Array(d);
    const col = new Float64Array(n);
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = data[i * d + j];
        if (!Number.isNaN(v)) col[m++] = v;
      }
      fill[j] = m === 0 ? this.params.fillValue : statistic(col.subarray(0, m), this.params);
    }
    this.state = { nFeatures: d, fill };
    return this;
  }

  protected apply(X: Matrix, s: State): Matrix {
    const out = Float32Array.from(X.data);
    const d = X.cols;
    for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = s.fill[i % d];
    return matrix(X.rows, d, out);
  }

  protected encodeState(s: State): Record<string, unknown> {
    return { nFeatures: s.nFeatures, fill: encodeArray(s.fill) };
  }

  static fromArtifact(a: ModelArtifact): SimpleImputer {
    const m = new SimpleImputer(a.params as Partial<ImputerParams>);
    const st = artifactState(a, IMPUTER_KIND, TRANSFORMER_VERSION);
    const d = stateInt(st, "nFeatures", IMPUTER_KIND);
    m.state = { nFeatures: d, fill: stateArray(st, "fill", IMPUTER_KIND, Float64Array, d) };
    return m;
  }
}

function statistic(v: Float64Array, p: ImputerParams): number {
  switch (p.strategy) {
    case "constant":
      return p.fillValue;
    case "mean": {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i];
      return s / v.length;
    }
    case "median": {
      v.sort();
      const h = v.length >> 1;
      return v.length % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }
    case "most-frequent": {
      v.sort();
      let best = v[0];
      let bestCount = 0;
      let i = 0;
      while (i < v.length) {
        let j = i;
        while (j < v.length && v[j] === v[i]) j++;
        if (j - i > bestCount) {
          bestCount = j - i;
          best = v[i];
        }
        i = j;
      }
      return best;
    }
  }
}

registerModel({
  kind: IMPUTER_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new SimpleImputer(p as Partial<ImputerParams>),
  fromArtifact: (a) => SimpleImputer.fromArtifact(a),
});
