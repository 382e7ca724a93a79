/**
 * PCA reconstruction-error detector (kind "pca-detector"): fits the project's PCA transformer
 * (src/models/preprocess/pca.ts: centred covariance, Jacobi eigenvectors) on the training rows, and
 * scores each row by its squared reconstruction error ||x - mean - V^T V (x - mean)||^2, the energy of
 * the row outside the kept principal subspace (Shyu et al.'s "minor component" view of anomalies; what
 * a scikit-learn user computes as ((X - pca.inverse_transform(pca.transform(X)))**2).sum(1)).
 * No whitening, no randomness; `seed` is accepted for a uniform detector interface and unused.
 * Scale the columns first (the zero-day protocol standardises on benign rows): PCA follows variance.
 */
import { z } from "zod";
import type { Matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { BaseDetector } from "../cluster/detector-base.js";
import { artifactState, checkFitInput, stateField, stateInt } from "../linear/support.js";
import { Pca } from "../preprocess/pca.js";
import { registerModel } from "../registry.js";

export const PCA_DETECTOR_KIND = "pca-detector";
const VERSION = 1;

export const pcaDetectorParamsSchema = z
  .object({
    /** Components kept: an integer count, or a fraction in (0, 1) of the variance. */
    nComponents: z.number().positive().default(0.95),
    seed: z.number().int().default(0),
  })
  .strict();
export type PcaDetectorParams = z.infer<typeof pcaDetectorParamsSchema>;

interface State {
  nFeatures: number;
  pca: Pca;
  mean: Float64Array;
  /** Kept components, rows = components (k x nFeatures). */
  components: Float64Array;
}

export class PcaDetector extends BaseDetector<PcaDetectorParams, State> {
  readonly kind = PCA_DETECTOR_KIND;

  constructor(params: Partial<PcaDetectorParams> = {}) {
    super(PCA_DETECTOR_KIND, pcaDetectorParamsSchema, params, VERSION);
  }

  clone(): PcaDetector {
    return new PcaDetector(this.getParams());
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows));
    const pca = new Pca({ nComponents: this.params.nComponents, whiten: false }).fit(X);
    this.state = fromPca(pca, X.cols);
    return this;
  }

  /** Number of principal components kept. */
  get nComponents(): number {
    const s = this.fittedState();
    return s.components.length / s.nFeatures;
  }

  protected apply(X: Matrix, s: State): Float64Array {
    const { rows: n, cols: d, data } = X;
    const k = s.components.length / d;
    const V = s.components;
    const out = new Float64Array(n);
    const c = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let j = 0; j < d; j++) {
        c[j] = data[i * d + j] - s.mean[j];
        total += c[j] * c[j];
      }
      // ||c||^2 - ||V c||^2, with V orthonormal; clamp rounding below zero
      let kept = 0;
      for (let a = 0; a < k; a++) {
        let p = 0;
        for (let j = 0; j < d; j++) p += V[a * d + j] * c[j];
        kept += p * p;
      }
      out[i] = Math.max(0, total - kept);
    }
    return out;
  }

  protected encodeState(s: State): Record<string, unknown> {
    return { nFeatures: s.nFeatures, pca: s.pca.toArtifact() };
  }

  static fromArtifact(a: ModelArtifact): PcaDetector {
    const m = new PcaDetector(a.params as Partial<PcaDetectorParams>);
    const st = artifactState(a, PCA_DETECTOR_KIND, VERSION);
    const d = stateInt(st, "nFeatures", PCA_DETECTOR_KIND);
    const pca = Pca.fromArtifact(stateField<ModelArtifact>(st, "pca", PCA_DETECTOR_KIND));
    m.state = fromPca(pca, d);
    return m;
  }
}

function fromPca(pca: Pca, d: number): State {
  const { mean, components } = pca.fittedComponents;
  return { nFeatures: d, pca, mean, components };
}

registerModel({
  kind: PCA_DETECTOR_KIND,
  role: "detector",
  version: VERSION,
  create: (p) => new PcaDetector(p as Partial<PcaDetectorParams>),
  fromArtifact: (a) => PcaDetector.fromArtifact(a),
});
