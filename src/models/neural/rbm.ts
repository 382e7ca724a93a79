/**
 * RBM feature transformer ("rbm"): a Bernoulli-Bernoulli RBM (./rbm-core.ts, CD-k) on the rows min-max
 * scaled to [0, 1] with the training rows' per-column range (values outside are clipped);
 * transform(X) = P(h = 1 | v), rows x nComponents in (0, 1).
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact, Transformer } from "../base.js";
import { checkFeatures, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFinite, requireFitted, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { applyMinMax, fitMinMax, RbmCore } from "./rbm-core.js";

export const RBM_KIND = "rbm";
const VERSION = 1;

export const rbmParamsSchema = z
  .object({
    nComponents: z.number().int().positive().default(64),
    learningRate: z.number().positive().default(0.1),
    epochs: z.number().int().positive().default(10),
    batchSize: z.number().int().positive().default(10),
    /** Gibbs steps per contrastive-divergence update (CD-k). */
    k: z.number().int().positive().default(1),
    seed: z.number().int().default(0),
  })
  .strict();
export type RbmParams = z.infer<typeof rbmParamsSchema>;

interface State {
  nFeatures: number;
  min: Float32Array;
  range: Float32Array;
  core: RbmCore;
}

export class RbmTransformer implements Transformer<RbmParams> {
  readonly kind = RBM_KIND;
  private readonly params: RbmParams;
  private state: State | undefined;
  /** Mean squared reconstruction error per epoch of the last fit. */
  reconstructionError: number[] = [];

  constructor(params: Partial<RbmParams> = {}) {
    this.params = parseParams(rbmParamsSchema, params, RBM_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  getParams(): RbmParams {
    return structuredClone(this.params);
  }

  clone(): RbmTransformer {
    return new RbmTransformer(this.getParams());
  }

  /** W (nFeatures x nComponents), visible and hidden biases. */
  get weights(): { w: Float32Array; visibleBias: Float32Array; hiddenBias: Float32Array } {
    const c = requireFitted(this.kind, this.state).core;
    return { w: c.w, visibleBias: c.vb, hiddenBias: c.hb };
  }

  fit(X: Matrix, _y?: Int32Array): this {
    if (X.rows === 0 || X.cols === 0) {
      throw new VigilError("E_SCHEMA", `${this.kind}: cannot fit on an empty matrix`, { field: "X" });
    }
    checkFinite(this.kind, X);
    const p = this.params;
    const { min, range } = fitMinMax(X.data, X.rows, X.cols);
    const v = applyMinMax(X.data, X.rows, X.cols, min, range);
    const core = new RbmCore(X.cols, p.nComponents, Math.max(256, p.batchSize));
    const rng = new Rng(p.seed);
    core.init(rng);
    this.reconstructionError = core.train(v, X.rows, {
      epochs: p.epochs,
      batchSize: p.batchSize,
      k: p.k,
      lr: p.learningRate,
      rng,
    });
    this.state = { nFeatures: X.cols, min, range, core };
    return this;
  }

  transform(X: Matrix): Matrix {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    checkFinite(this.kind, X);
    const v = applyMinMax(X.data, X.rows, X.cols, s.min, s.range);
    return matrix(X.rows, this.params.nComponents, s.core.transformAll(v, X.rows));
  }

  toArtifact(): ModelArtifact {
    const s = requireFitted(this.kind, this.state);
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as Record<string, unknown>,
      state: {
        nFeatures: s.nFeatures,
        min: encodeArray(s.min),
        range: encodeArray(s.range),
        w: encodeArray(s.core.w.slice()),
        visibleBias: encodeArray(s.core.vb.slice()),
        hiddenBias: encodeArray(s.core.hb.slice()),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): RbmTransformer {
    const st = artifactState(a, RBM_KIND, VERSION);
    const m = new RbmTransformer(a.params as Partial<RbmParams>);
    const d = stateInt(st, "nFeatures", RBM_KIND);
    const h = m.params.nComponents;
    const core = new RbmCore(d, h, Math.max(256, m.params.batchSize));
    core.w.set(stateArray(st, "w", RBM_KIND, Float32Array, d * h));
    core.vb.set(stateArray(st, "visibleBias", RBM_KIND, Float32Array, d));
    core.hb.set(stateArray(st, "hiddenBias", RBM_KIND, Float32Array, h));
    m.state = {
      nFeatures: d,
      min: stateArray(st, "min", RBM_KIND, Float32Array, d),
      range: stateArray(st, "range", RBM_KIND, Float32Array, d),
      core,
    };
    return m;
  }
}

registerModel({
  kind: RBM_KIND,
  role: "transformer",
  version: VERSION,
  create: (p) => new RbmTransformer(p as Partial<RbmParams>),
  fromArtifact: (a) => RbmTransformer.fromArtifact(a),
});
