/**
 * Signed log compression ("signed-log1p", a stateless transformer): x ↦ sign(x) · ln(1 + |x|), NaN kept.
 * Flow counters (bytes, packets, durations) span many orders of magnitude; standardising them raw puts
 * almost every row within float32 rounding of the column mean, which starves a neural net of the
 * differences trees split on. The neural learner presets run imputer → signed-log1p → StandardScaler.
 */
import { z } from "zod";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact, Transformer } from "../base.js";
import { checkFeatures, parseParams } from "../base.js";
import { artifactState, requireFitted, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";

export const SIGNED_LOG_KIND = "signed-log1p";
const VERSION = 1;

export const signedLogParamsSchema = z.object({}).strict();
export type SignedLogParams = z.infer<typeof signedLogParamsSchema>;

export class SignedLog1p implements Transformer<SignedLogParams> {
  readonly kind = SIGNED_LOG_KIND;
  private readonly params: SignedLogParams;
  private nFeatures: number | undefined;

  constructor(params: Partial<SignedLogParams> = {}) {
    this.params = parseParams(signedLogParamsSchema, params, SIGNED_LOG_KIND);
  }

  get fitted(): boolean {
    return this.nFeatures !== undefined;
  }

  getParams(): SignedLogParams {
    return structuredClone(this.params);
  }

  clone(): SignedLog1p {
    return new SignedLog1p(this.getParams());
  }

  /** Records the width only (the map has no parameters). */
  fit(X: Matrix): this {
    this.nFeatures = X.cols;
    return this;
  }

  transform(X: Matrix): Matrix {
    checkFeatures(X, requireFitted(this.kind, this.nFeatures), this.kind);
    const out = new Float32Array(X.data.length);
    for (let i = 0; i < out.length; i++) {
      const v = X.data[i];
      out[i] = v >= 0 ? Math.log1p(v) : -Math.log1p(-v);
    }
    return matrix(X.rows, X.cols, out);
  }

  toArtifact(): ModelArtifact {
    const d = requireFitted(this.kind, this.nFeatures);
    return { format: "vigil-model", version: VERSION, kind: this.kind, params: {}, state: { nFeatures: d } };
  }

  static fromArtifact(a: ModelArtifact): SignedLog1p {
    const m = new SignedLog1p(a.params as Partial<SignedLogParams>);
    m.nFeatures = stateInt(artifactState(a, SIGNED_LOG_KIND, VERSION), "nFeatures", SIGNED_LOG_KIND);
    return m;
  }
}

registerModel({
  kind: SIGNED_LOG_KIND,
  role: "transformer",
  version: VERSION,
  create: (p) => new SignedLog1p(p as Partial<SignedLogParams>),
  fromArtifact: (a) => SignedLog1p.fromArtifact(a),
});
