/**
 * The estimator contract (DESIGN.md convention 3, after scikit-learn's base.py):
 * - the constructor takes a typed params object and does no work;
 * - fit() returns this; using a model before fit throws NotFittedError;
 * - getParams() returns a copy of the params; clone() returns an unfitted model with the same params;
 * - predictProba rows sum to 1;
 * - fitted state serializes to a versioned ModelArtifact (toArtifact / a registry's fromArtifact);
 * - a `seed` param makes fitting deterministic.
 * Models see matrices only: labels are class indices 0..nClasses-1 in an Int32Array.
 */
import type { z } from "zod";
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";

export interface ModelArtifact {
  /** Always "vigil-model". */
  format: "vigil-model";
  /** Version of this model kind's state layout; loaders reject versions they do not know. */
  version: number;
  /** Registry name of the model kind ("random-forest", "kitnet", ...). */
  kind: string;
  params: Record<string, unknown>;
  /** Fitted state: JSON-safe values; big arrays as base64 of their typed-array bytes (see ./codec.ts). */
  state: Record<string, unknown>;
}

export interface FitOptions {
  /** Per-row weights (class weighting is a param; this is for callers that weight rows). */
  sampleWeight?: Float32Array;
}

export interface Estimator<P extends object = object> {
  /** Registry name. */
  readonly kind: string;
  readonly fitted: boolean;
  getParams(): P;
  /** A new unfitted estimator with the same params. */
  clone(): Estimator<P>;
  toArtifact(): ModelArtifact;
}

export interface Classifier<P extends object = object> extends Estimator<P> {
  /** Number of classes seen in fit. */
  readonly nClasses: number;
  fit(X: Matrix, y: Int32Array, options?: FitOptions): this;
  /** Class index per row. */
  predict(X: Matrix): Int32Array;
  /** rows x nClasses, each row sums to 1. */
  predictProba(X: Matrix): Matrix;
  clone(): Classifier<P>;
}

/** Unsupervised detector: higher score = more anomalous. */
export interface Detector<P extends object = object> extends Estimator<P> {
  fit(X: Matrix, y?: Int32Array): this;
  score(X: Matrix): Float64Array;
  clone(): Detector<P>;
}

export interface Transformer<P extends object = object> extends Estimator<P> {
  fit(X: Matrix, y?: Int32Array): this;
  transform(X: Matrix): Matrix;
  clone(): Transformer<P>;
}

/** Throws E_SCHEMA unless X has `nFeatures` columns (the width seen in fit). */
export function checkFeatures(X: Matrix, nFeatures: number, kind: string): void {
  if (X.cols !== nFeatures) {
    throw new VigilError(
      "E_SCHEMA",
      `${kind}: X has ${X.cols} columns, the model was fitted on ${nFeatures}`,
      {
        field: "X",
      },
    );
  }
}

/**
 * Checks fit input: X non-empty, y one label per row, labels in 0..n-1. Returns nClasses (max label + 1).
 * Weights, if given, must be one finite non-negative value per row.
 */
export function checkFitInput(X: Matrix, y: Int32Array, kind: string, sampleWeight?: Float32Array): number {
  if (X.rows === 0 || X.cols === 0) {
    throw new VigilError("E_SCHEMA", `${kind}: cannot fit on an empty matrix (${X.rows} x ${X.cols})`, {
      field: "X",
    });
  }
  if (y.length !== X.rows) {
    throw new VigilError("E_SCHEMA", `${kind}: y has ${y.length} labels for ${X.rows} rows`, { field: "y" });
  }
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v < 0)
      throw new VigilError("E_SCHEMA", `${kind}: negative class label ${v}`, { field: "y", record: i });
    if (v > max) max = v;
  }
  if (sampleWeight !== undefined) {
    if (sampleWeight.length !== X.rows) {
      throw new VigilError("E_SCHEMA", `${kind}: ${sampleWeight.length} sample weights for ${X.rows} rows`, {
        field: "sampleWeight",
      });
    }
    for (let i = 0; i < sampleWeight.length; i++) {
      const w = sampleWeight[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new VigilError("E_SCHEMA", `${kind}: sample weight ${w} is not a finite non-negative number`, {
          field: "sampleWeight",
          record: i,
        });
      }
    }
  }
  return max + 1;
}

/**
 * Parses a params object with the model's zod schema (defaults filled, unknown keys rejected):
 * a bad param is E_CONFIG naming the field.
 */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown, kind: string): T {
  const r = schema.safeParse(params ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field =
      issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(",") : "params");
    throw new VigilError("E_CONFIG", `${kind}: bad params: ${issue.message}`, { field });
  }
  return r.data;
}
