/**
 * Shared shape of vigil's unsupervised detectors (k-means, isolation forest, PCA reconstruction error,
 * Gaussian mixture, frequent-pattern rules): params parsed by a strict zod schema in the constructor (no
 * work there), fitted state kept private, `score()` checks fit and width and refuses non-finite values
 * (impute first: the error names the record and column), `toArtifact()` via `encodeState`.
 * Higher score = more anomalous, for every detector (base.ts Detector contract).
 */
import type { z } from "zod";
import type { Matrix } from "../../table/matrix.js";
import { checkFeatures, type Detector, type ModelArtifact, parseParams } from "../base.js";
import { checkFinite, requireFitted } from "../linear/support.js";

export abstract class BaseDetector<P extends object, S extends { nFeatures: number }> implements Detector<P> {
  abstract readonly kind: string;
  protected readonly params: P;
  protected state: S | undefined;

  constructor(
    kind: string,
    schema: z.ZodType<P>,
    params: unknown,
    /** Artifact layout version this class writes. */
    protected readonly version: number,
  ) {
    this.params = parseParams(schema, params, kind) as P;
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  getParams(): P {
    return structuredClone(this.params);
  }

  abstract clone(): BaseDetector<P, S>;
  abstract fit(X: Matrix, y?: Int32Array): this;
  /** Scores of a matrix already checked for width and finiteness. */
  protected abstract apply(X: Matrix, state: S): Float64Array;
  protected abstract encodeState(state: S): Record<string, unknown>;

  /** The fitted state (throws NotFittedError before fit). */
  protected fittedState(): S {
    return requireFitted(this.kind, this.state);
  }

  score(X: Matrix): Float64Array {
    const s = this.fittedState();
    checkFeatures(X, s.nFeatures, this.kind);
    checkFinite(this.kind, X);
    return this.apply(X, s);
  }

  toArtifact(): ModelArtifact {
    return {
      format: "vigil-model",
      version: this.version,
      kind: this.kind,
      params: structuredClone(this.params) as Record<string, unknown>,
      state: this.encodeState(this.fittedState()),
    };
  }
}
