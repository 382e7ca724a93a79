/**
 * Column scalers (scikit-learn's StandardScaler and MinMaxScaler): both are per-column affine maps
 * out = (x - shift) * mult, so they share one fitted state and one ONNX form (Sub, Mul).
 * - standard-scaler: shift = mean, mult = 1 / std (population std; a constant column gets mult 1).
 * - min-max-scaler: maps [min, max] to [lo, hi]; a constant column maps to lo.
 * NaN is skipped when fitting and stays NaN.
 */
import { z } from "zod";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { BaseTransformer, columnMoments, TRANSFORMER_VERSION } from "./base.js";

interface AffineState {
  nFeatures: number;
  shift: Float64Array;
  mult: Float64Array;
}

abstract class AffineScaler<P extends object> extends BaseTransformer<P, AffineState> {
  /** Per-column shift and multiplier (for export): out = (x - shift) * mult. */
  get affine(): { shift: Float64Array; mult: Float64Array } {
    const s = this.fittedState();
    return { shift: s.shift, mult: s.mult };
  }

  protected apply(X: Matrix, s: AffineState): Matrix {
    const { rows: n, cols: d, data } = X;
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j] - s.shift[j]) * s.mult[j];
    }
    return matrix(n, d, out);
  }

  protected encodeState(s: AffineState): Record<string, unknown> {
    return { nFeatures: s.nFeatures, shift: encodeArray(s.shift), mult: encodeArray(s.mult) };
  }

  protected loadState(a: ModelArtifact): this {
    const st = artifactState(a, this.kind, TRANSFORMER_VERSION);
    const d = stateInt(st, "nFeatures", this.kind);
    this.state = {
      nFeatures: d,
      shift: stateArray(st, "shift", this.kind, Float64Array, d),
      mult: stateArray(st, "mult", this.kind, Float64Array, d),
    };
    return this;
  }
}

export const STANDARD_SCALER_KIND = "standard-scaler";
export const standardScalerParamsSchema = z
  .object({ withMean: z.boolean().default(true), withStd: z.boolean().default(true) })
  .strict();
export type StandardScalerParams = z.infer<typeof standardScalerParamsSchema>;

export class StandardScaler extends AffineScaler<StandardScalerParams> {
  readonly kind = STANDARD_SCALER_KIND;

  constructor(params: Partial<StandardScalerParams> = {}) {
    super(STANDARD_SCALER_KIND, standardScalerParamsSchema, params);
  }

  clone(): StandardScaler {
    return new StandardScaler(this.getParams());
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows), { allowNaN: true });
    const { mean, variance } = columnMoments(X);
    const d = X.cols;
    const shift = new Float64Array(d);
    const mult = new Float64Array(d).fill(1);
    for (let j = 0; j < d; j++) {
      if (this.params.withMean) shift[j] = mean[j];
      const sd = Math.sqrt(variance[j]);
      if (this.params.withStd && sd > 0) mult[j] = 1 / sd;
    }
    this.state = { nFeatures: d, shift, mult };
    return this;
  }

  static fromArtifact(a: ModelArtifact): StandardScaler {
    return new StandardScaler(a.params as Partial<StandardScalerParams>).loadState(a);
  }
}

export const MIN_MAX_SCALER_KIND = "min-max-scaler";
export const minMaxScalerParamsSchema = z
  .object({ featureRange: z.tuple([z.number(), z.number()]).default([0, 1]) })
  .strict()
  .refine((p) => p.featureRange[0] < p.featureRange[1], {
    message: "featureRange must be [lo, hi] with lo < hi",
    path: ["featureRange"],
  });
export type MinMaxScalerParams = z.infer<typeof minMaxScalerParamsSchema>;

export class MinMaxScaler extends AffineScaler<MinMaxScalerParams> {
  readonly kind = MIN_MAX_SCALER_KIND;

  constructor(params: Partial<MinMaxScalerParams> = {}) {
    super(MIN_MAX_SCALER_KIND, minMaxScalerParamsSchema, params);
  }

  clone(): MinMaxScaler {
    return new MinMaxScaler(this.getParams());
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows), { allowNaN: true });
    const { rows: n, cols: d, data } = X;
    const lo = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
    const hi = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j];
        if (v < lo[j]) lo[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
    const [a, b] = this.params.featureRange;
    const shift = new Float64Array(d);
    const mult = new Float64Array(d).fill(1);
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(lo[j])) continue; // all NaN
      const range = hi[j] - lo[j];
      mult[j] = range > 0 ? (b - a) / range : 1;
      // (x - shift) * mult = a + (x - lo) * mult  =>  shift = lo - a / mult
      shift[j] = lo[j] - a / mult[j];
    }
    this.state = { nFeatures: d, shift, mult };
    return this;
  }

  static fromArtifact(a: ModelArtifact): MinMaxScaler {
    return new MinMaxScaler(a.params as Partial<MinMaxScalerParams>).loadState(a);
  }
}

registerModel({
  kind: STANDARD_SCALER_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new StandardScaler(p as Partial<StandardScalerParams>),
  fromArtifact: (a) => StandardScaler.fromArtifact(a),
});
registerModel({
  kind: MIN_MAX_SCALER_KIND,
  role: "transformer",
  version: TRANSFORMER_VERSION,
  create: (p) => new MinMaxScaler(p as Partial<MinMaxScalerParams>),
  fromArtifact: (a) => MinMaxScaler.fromArtifact(a),
});
