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
