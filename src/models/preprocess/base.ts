/**
 * Shared shape of vigil's preprocessing transformers: params parsed by a strict zod schema in the
 * constructor (no work done there), a fitted state kept private, `toArtifact()` via `encodeState`.
 * Every transformer here keeps NaN as NaN (missing) unless it is the imputer.
 */
import type { z } from "zod";
import type { Matrix } from "../../table/matrix.js";
import { checkFeatures, type ModelArtifact, parseParams, type Transformer } from "../base.js";
import { requireFitted } from "../linear/support.js";

export const TRANSFORMER_VERSION = 1;

export abstract class BaseTransformer<P extends object, S extends { nFeatures: number }>
  implements Transformer<P>
{
  abstract readonly kind: string;
  protected readonly params: P;
  protected state: S | undefined;

  constructor(kind: string, schema: z.ZodType<P>, params: unknown) {
    this.params = parseParams(schema, params, kind) as P;
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  getParams(): P {
    return structuredClone(this.params);
  }

  abstract clone(): BaseTransformer<P, S>;
  abstract fit(X: Matrix, y?: Int32Array): this;
  protected abstract apply(X: Matrix, state: S): Matrix;
  protected abstract encodeState(state: S): Record<string, unknown>;

  /** The fitted state (throws NotFittedError before fit). */
  protected fittedState(): S {
    return requireFitted(this.kind, this.state);
  }

  transform(X: Matrix): Matrix {
    const s = this.fittedState();
    checkFeatures(X, s.nFeatures, this.kind);
    return this.apply(X, s);
  }

  /** fit(X, y) then transform(X). */
  fitTransform(X: Matrix, y?: Int32Array): Matrix {
    return this.fit(X, y).transform(X);
  }

  toArtifact(): ModelArtifact {
    return {
      format: "vigil-model",
      version: TRANSFORMER_VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as Record<string, unknown>,
      state: this.encodeState(this.fittedState()),
    };
  }
}

/** Column statistics that skip NaN: count, mean and population variance (two-pass). */
export function columnMoments(X: Matrix): {
  count: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
} {
  const { rows: n, cols: d, data } = X;
  const count = new Float64Array(d);
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j];
      if (!Number.isNaN(v)) {
        count[j]++;
        mean[j] += v;
      }
    }
  }
  for (let j = 0; j < d; j++) mean[j] = count[j] > 0 ? mean[j] / count[j] : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j];
      if (!Number.isNaN(v)) variance[j] += (v - mean[j]) ** 2;
    }
  }
  for (let j = 0; j < d; j++) variance[j] = count[j] > 0 ? variance[j] / count[j] : 0;
  return { count, mean, variance };
}
