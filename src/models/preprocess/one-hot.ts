/**
 * One-hot encoding of chosen columns holding category codes (scikit-learn's OneHotEncoder applied
 * through a ColumnTransformer with remainder="passthrough"). Output: the other columns in their
 * order, then, per encoded column in the order given, one 0/1 column per category seen in fit
 * (sorted ascending). An unseen category (or NaN) gives all zeros with handleUnknown "ignore", or an
 * error naming the record and column with "error".
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { BaseTransformer, TRANSFORMER_VERSION } from "./base.js";

export const ONE_HOT_KIND = "one-hot";
export const oneHotParamsSchema = z
  .object({
    /** Indices of the columns to encode. */
    columns: z.array(z.number().int().nonnegative()),
    handleUnknown: z.enum(["ignore", "error"]).default("ignore"),
    /** At most this many categories per column (the most frequent; the rest count as unknown). */
    maxCategories: z.number().int().positive().default(64),
  })
  .strict();
export type OneHotParams = z.infer<typeof oneHotParamsSchema>;

interface State {
  nFeatures: number;
  /** Categories of encoded column t at categories[offset[t] .. offset[t+1]), ascending. */
  categories: Float64Array;
  offset: Int32Array;
}

export class OneHotEncoder extends BaseTransformer<OneHotParams, State> {
  readonly kind = ONE_HOT_KIND;

  constructor(params: Partial<OneHotParams> & { columns: number[] }) {
    super(ONE_HOT_KIND, oneHotParamsSchema, params);
  }

  clone(): OneHotEncoder {
    return new OneHotEncoder(this.getParams());
  }

  /** Width of the output. */
  get outputWidth(): number {
    const s = this.fittedState();
    return s.nFeatures - this.params.columns.length + s.offset[this.params.columns.length];
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows), { allowNaN: true });
    const { rows: n, cols: d, data } = X;
    for (const c of this.params.columns) {
      if (c >= d)
        throw new VigilError("E_CONFIG", `${this.kind}: column ${c} is outside the ${d} columns`, {
          field: "columns",
        });
    }
    if (new Set(this.params.columns).size !== this.params.columns.length) {
      throw new VigilError("E_CONFIG", `${this.kind}: a column is listed twice`, { field: "columns" });
    }
    const cats: number[] = [];
    const offset = new Int32Array(this.params.columns.length + 1);
    this.params.columns.forEach((c, t) => {
      const counts = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const v = data[i * d + c];
        if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const kept = [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, this.params.maxCategories)
        .map((e) => e[0])
        .sort((a, b) => a - b);
      cats.push(...kept);
      offset[t + 1] = cats.length;
    });
    this.state = { nFeatures: d, categories: Float64Array.from(cats), offset };
    return this;
  }

  protected apply(X: Matrix, s: State): Matrix {
    const { rows: n, cols: d, data } = X;
    const enc = this.params.columns;
    const isEnc = new Uint8Array(d);
    for (const c of enc) isEnc[c] = 1;
    const width = d - enc.length + s.offset[enc.length];
    const out = new Float32Array(n * width);
    const lookup = enc.map((_, t) => {
      const m = new Map<number, number>();
      for (let p = s.offset[t]; p < s.offset[t + 1]; p++) m.set(s.categories[p], p - s.offset[t]);
      return m;
    });
    const base = d - enc.length;
    for (let i = 0; i < n; i++) {
      let o = i * width;
      for (let j = 0; j < d; j++) if (isEnc[j] === 0) out[o++] = data[i * d + j];
      for (let t = 0; t < enc.length; t++) {
        const v = data[i * d + enc[t]];
        const pos = lookup[t].get(v);
        if (pos === undefined) {
          if (this.params.handleUnknown === "error") {
            throw new VigilError("E_CONFIG", `${this.kind}: category ${v} was not seen in fit`, {
              record: i,
              field: `column ${enc[t]}`,
            });
          }
          continue;
        }
        out[i * width + base + s.offset[t] + pos] = 1;
      }
    }
    return matrix(n, width, out);
  }

  protected encodeState(s: State): Record<string, unknown> {
    return { nFeatures: s.nFeatures, categories: encodeArray(s.categories), offset: encodeArray(s.offset) };
  }

  static fromArtifact(a: ModelArtifact): OneHotEncoder {
    const m = new OneHotEncoder(a.params as OneHotParams);
    const st = artifactState(a, ONE_HOT_KIND, TRANSFORMER_VERSION);
    const offset = stateArray(st, "offset", ONE_HOT_KIND, Int32Array, m.params.columns.length + 1);
    m.state = {
      nFeatures: stateInt(st, "nFeatures", ONE_HOT_KIND),
      offset,
      categories: stateArray(st, "categories", ONE_HOT_KIND, Float64Array, offset[offset.length - 1]),
    };
    return m;
  }
}

registerModel({
  kind: ONE_HOT_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new OneHotEncoder(p as OneHotParams),
  fromArtifact: (a) => OneHotEncoder.fromArtifact(a),
});
