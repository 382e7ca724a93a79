/**
 * KitNET (Mirsky et al., NDSS 2018): an online anomaly detector made of an ensemble of small
 * autoencoders over groups of correlated features, plus an output autoencoder over the ensemble's
 * reconstruction errors. It sees feature vectors only (no packets). Three phases, by packets seen:
 *   FM   (the first fmGrace + 1): learn the feature map (./correlation-clusters.ts); score 0;
 *   AD   (the next adGrace):      train the autoencoders (./autoencoder.ts); score 0;
 *   EXEC (afterwards):            score = RMSE of the output autoencoder; no learning.
 * process(x) follows Kitsune's KitNET.process exactly (including the off-by-one: the FM phase sees
 * fmGrace + 1 vectors). Both modes run the same Float64Array arithmetic; mode "compat" starts every
 * autoencoder from numpy RandomState(1234) as the reference does (so they all share their first
 * weights), "default" seeds autoencoder k with seed + k (independent initial weights).
 */
import { NotFittedError, VigilError } from "../../errors.js";
import type { ModelArtifact } from "../base.js";
import { decodeArray, type EncodedArray, encodeArray } from "../codec.js";
import { Autoencoder } from "./autoencoder.js";
import { CorrelationClusters } from "./correlation-clusters.js";
import { WasmKitnetExec } from "./wasm-exec.js";

export type KitNETPhase = "FM" | "AD" | "EXEC";

export interface KitNETParams {
  /** Length of every input vector. */
  nFeatures: number;
  /** Most features per ensemble autoencoder (Kitsune's m). Default 10. */
  maxAE?: number;
  /** Vectors used to learn the feature map (the phase lasts fmGrace + 1 vectors). Default 5,000. */
  fmGrace?: number;
  /** Vectors used to train the autoencoders. Default 50,000. */
  adGrace?: number;
  /** SGD learning rate. Default 0.1. */
  learningRate?: number;
  /** Hidden units = ceil(hiddenRatio * visible units). Default 0.75. */
  hiddenRatio?: number;
  /** "default" or "compat" (the reference's numbers). Default "default". */
  mode?: "compat" | "default";
  /** Weight-initialisation seed (compat mode always uses 1234). Default 1234. */
  seed?: number;
  /**
   * How default mode scores: "wasm" (WebAssembly SIMD, ./wasm-exec.ts, about twice as fast; falls back
   * to JavaScript where Node lacks it) or "js". Compat mode always scores in JavaScript. Default "wasm".
   */
  scoring?: "wasm" | "js";
  /** A feature map to use instead of learning one (lists of feature indices). */
  featureMap?: number[][];
}

type ResolvedParams = Required<Omit<KitNETParams, "featureMap">> & { featureMap: number[][] | null };

export interface KitNETExplanation {
  /** The anomaly score (output autoencoder RMSE). */
  score: number;
  /** RMSE of each ensemble autoencoder (its input to the output layer). */
  autoencoderRmse: Float64Array;
  /** The worst autoencoders, each with the features it reconstructs worst (normalised units). */
  worst: { autoencoder: number; rmse: number; features: { feature: number; error: number }[] }[];
}

export const KITNET_ARTIFACT_VERSION = 1;

export class KitNET {
  readonly kind = "kitnet";
  private readonly p: ResolvedParams;
  private nTrained = 0;
  private nExecuted = 0;
  private map: Int32Array[] | null = null;
  private fm: CorrelationClusters | null;
  private ensemble: Autoencoder[] = [];
  private output: Autoencoder | null = null;
  private s1: Float64Array = new Float64Array(0);
  /** Default mode's WebAssembly scorer: built when scoring starts, dropped when training resumes;
   * null where this Node has no WebAssembly SIMD. */
  private wasm: WasmKitnetExec | null | undefined;
  private lastViaWasm = false;

  constructor(params: KitNETParams) {
    this.p = resolve(params);
    this.fm = this.p.featureMap ? null : new CorrelationClusters(this.p.nFeatures);
    if (this.p.featureMap) this.build(this.p.featureMap);
  }

  getParams(): KitNETParams {
    const { featureMap, ...rest } = this.p;
    return featureMap ? { ...rest, featureMap: featureMap.map((g) => [...g]) } : { ...rest };
  }

  get phase(): KitNETPhase {
    const { fmGrace, adGrace } = this.p;
    if (this.nTrained > fmGrace + adGrace) return "EXEC";
    if (this.nTrained <= fmGrace && this.map === null) return "FM";
    return "AD";
  }

  /** Vectors still to be seen before the current phase ends (0 in EXEC). */
  get packetsLeftInPhase(): number {
    const { fmGrace, adGrace } = this.p;
    const ph = this.phase;
    if (ph === "FM") return fmGrace + 1 - this.nTrained;
    if (ph === "AD") return fmGrace + adGrace + 1 - this.nTrained;
    return 0;
  }

  /** Vectors trained on so far, and scored so far. */
  get counts(): { trained: number; executed: number } {
    return { trained: this.nTrained, executed: this.nExecuted };
  }

  /** The learned (or given) feature map; null while still learning it. */
  get featureMap(): number[][] | null {
    return this.map ? this.map.map((g) => Array.from(g)) : null;
  }

  /** Learns from x during the grace periods (returns 0), scores it afterwards. */
  process(x: Float64Array): number {
    this.checkInput(x);
    if (this.nTrained > this.p.fmGrace + this.p.adGrace) return this.execute(x);
    this.train(x);
    return 0;
  }

  /** One training step (feature mapping or autoencoders, by phase). */
  train(x: Float64Array): void {
    this.checkInput(x);
    if (this.nTrained <= this.p.fmGrace && this.map === null) {
      this.fm!.update(x);
      if (this.nTrained === this.p.fmGrace) {
        this.build(this.fm!.cluster(this.p.maxAE));
        this.fm = null;
      }
    } else {
      if (this.wasm) this.wasm = undefined;
      const s1 = this.s1;
      for (let a = 0; a < this.ensemble.length; a++) s1[a] = this.ensemble[a].train(x, this.map![a]);
      this.output!.train(s1, null);
    }
    this.nTrained++;
  }

  /** Anomaly score of x without learning (the output autoencoder's RMSE). */
  execute(x: Float64Array): number {
    this.checkInput(x);
    if (this.map === null || this.output === null) throw new NotFittedError("KitNET (no feature map yet)");
    this.nExecuted++;
    const s1 = this.s1;
    if (this.p.mode === "default" && this.p.scoring === "wasm") {
      if (this.wasm === undefined) {
        this.wasm = WasmKitnetExec.create(this.p.nFeatures, this.ensemble, this.map, this.output);
      }
      if (this.wasm !== null) {
        this.lastViaWasm = true;
        return this.wasm.score(x, s1);
      }
    }
    this.lastViaWasm = false;
    for (let a = 0; a < this.ensemble.length; a++) s1[a] = this.ensemble[a].execute(x, this.map[a]);
    return this.output.execute(s1, null);
  }

  /**
   * After execute(), without allocating: each feature's |reconstruction error| (in its autoencoder's
   * normalised units) into errors (length nFeatures; a feature no autoencoder reads keeps its value),
   * and the per-autoencoder RMSEs returned (a view, overwritten by the next execute). The alert path
   * uses this; explainLastExecuted() gives the same with objects.
   */
  lastFeatureErrors(errors: Float64Array): Float64Array {
    if (this.map === null || this.output === null) throw new NotFittedError("KitNET (no feature map yet)");
    const wasm = this.lastViaWasm ? this.wasm : null;
    for (let a = 0; a < this.map.length; a++) {
      const err = wasm ? wasm.lastErrors(a) : this.ensemble[a].lastErrors();
      const m = this.map[a];
      for (let i = 0; i < m.length; i++) errors[m[i]] = Math.abs(err[i]);
    }
    return this.s1;
  }

  /** The map from autoencoder to the features it reads (null before mapping); do not modify. */
  get featureGroups(): readonly Int32Array[] | null {
    return this.map;
  }

  /** The score of x with its per-autoencoder RMSEs and the worst-reconstructed features. */
  explain(x: Float64Array, topAutoencoders = 3, topFeatures = 3): KitNETExplanation {
    this.execute(x);
    this.nExecuted--; // explaining is not scoring
    return this.explainLastExecuted(topAutoencoders, topFeatures);
  }

  /**
   * explain() for the vector scored by the latest execute(), without scoring it again: every
   * autoencoder still holds its last input's reconstruction errors (the alert path uses this).
   */
  explainLastExecuted(topAutoencoders = 3, topFeatures = 3): KitNETExplanation {
    if (this.map === null || this.output === null) throw new NotFittedError("KitNET (no feature map yet)");
    const wasm = this.lastViaWasm ? this.wasm : null;
    const errorsOf = (a: number) =>
      wasm ? wasm.lastErrors(a) : a < 0 ? this.output!.lastErrors() : this.ensemble[a].lastErrors();
    const outErr = errorsOf(-1);
    let sq = 0;
    for (const e of outErr) sq += e * e;
    const score = Math.sqrt(sq / outErr.length);
    const rmse = Float64Array.from(this.s1);
    const order = Array.from(rmse.keys()).sort((a, b) => rmse[b] - rmse[a]);
    const worst = order.slice(0, topAutoencoders).map((a) => {
      const err = errorsOf(a);
      const feats = Array.from(this.map![a], (feature, i) => ({ feature, error: Math.abs(err[i]) }));
      feats.sort((u, v) => v.error - u.error);
      return { autoencoder: a, rmse: rmse[a], features: feats.slice(0, topFeatures) };
    });
    return { score, autoencoderRmse: rmse, worst };
  }

  /**
   * The range of feature f that training saw (the min-max normalisation of the autoencoder that reads
   * it; values outside it reconstruct badly), or null before the feature map exists or if no
   * autoencoder reads f.
   */
  trainingRange(f: number): { min: number; max: number } | null {
    if (this.map === null) return null;
    for (let a = 0; a < this.map.length; a++) {
      const i = this.map[a].indexOf(f);
      if (i >= 0) return { min: this.ensemble[a].normMin[i], max: this.ensemble[a].normMax[i] };
    }
    return null;
  }

  toArtifact(): ModelArtifact {
    const aeState = (ae: Autoencoder) => {
      const s = ae.state();
      return {
        nVisible: s.nVisible,
        nHidden: s.nHidden,
        nTrained: s.nTrained,
        w: encodeArray(s.w),
        hbias: encodeArray(s.hbias),
        vbias: encodeArray(s.vbias),
        normMin: encodeArray(s.normMin),
        normMax: encodeArray(s.normMax),
      };
    };
    const fm = this.fm?.state();
    return {
      format: "vigil-model",
      version: KITNET_ARTIFACT_VERSION,
      kind: this.kind,
      params: { ...this.getParams() } as Record<string, unknown>,
      state: {
        nTrained: this.nTrained,
        nExecuted: this.nExecuted,
        featureMap: this.featureMap,
        featureMapper: fm
          ? {
              count: fm.count,
              c: encodeArray(fm.c),
              cR: encodeArray(fm.cR),
              cRs: encodeArray(fm.cRs),
              cov: encodeArray(fm.cov),
            }
          : null,
        ensemble: this.ensemble.map(aeState),
        output: this.output ? aeState(this.output) : null,
      },
    };
  }

  static fromArtifact(a: ModelArtifact): KitNET {
    if (a.format !== "vigil-model" || a.kind !== "kitnet") {
      throw new VigilError("E_MODEL", `not a KitNET artifact (kind ${JSON.stringify(a.kind)})`, {
        field: "kind",
      });
    }
    if (a.version !== KITNET_ARTIFACT_VERSION) {
      throw new VigilError("E_MODEL", `unknown KitNET artifact version ${a.version}`, { field: "version" });
    }
    try {
      const params = a.params as unknown as KitNETParams;
      const st = a.state as Record<string, unknown>;
      const { featureMap: _given, ...rest } = params;
      const net = new KitNET({ ...rest, featureMap: undefined });
      net.nTrained = st.nTrained as number;
      net.nExecuted = st.nExecuted as number;
      const map = st.featureMap as number[][] | null;
      const f64 = (e: unknown) => decodeArray(e as EncodedArray) as Float64Array;
      if (map) {
        net.map = map.map((g) => Int32Array.from(g));
        net.s1 = new Float64Array(map.length);
        net.fm = null;
        const mk = (s: Record<string, unknown>) =>
          new Autoencoder(s.nVisible as number, net.p.hiddenRatio, net.p.learningRate, 0, {
            nVisible: s.nVisible as number,
            nHidden: s.nHidden as number,
            nTrained: s.nTrained as number,
            w: f64(s.w),
            hbias: f64(s.hbias),
            vbias: f64(s.vbias),
            normMin: f64(s.normMin),
            normMax: f64(s.normMax),
          });
        net.ensemble = (st.ensemble as Record<string, unknown>[]).map(mk);
        net.output = mk(st.output as Record<string, unknown>);
      } else {
        const fm = st.featureMapper as Record<string, unknown>;
        net.fm = new CorrelationClusters(net.p.nFeatures, {
          n: net.p.nFeatures,
          count: fm.count as number,
          c: f64(fm.c),
          cR: f64(fm.cR),
          cRs: f64(fm.cRs),
          cov: f64(fm.cov),
        });
      }
      return net;
    } catch (e) {
      if (e instanceof VigilError) throw e;
      throw new VigilError(
        "E_MODEL",
        `malformed KitNET artifact: ${(e as Error).message}`,
        { field: "state" },
        { cause: e },
      );
    }
  }

  private build(map: number[][]): void {
    const n = this.p.nFeatures;
    for (const [g, group] of map.entries()) {
      if (group.length === 0)
        throw new VigilError("E_CONFIG", `feature map group ${g} is empty`, { field: "featureMap" });
      for (const f of group) {
        if (!Number.isInteger(f) || f < 0 || f >= n) {
          throw new VigilError("E_CONFIG", `feature map group ${g} names feature ${f}, outside 0..${n - 1}`, {
            field: "featureMap",
          });
        }
      }
    }
    const compat = this.p.mode === "compat";
    const seedOf = (k: number) => (compat ? 1234 : this.p.seed + k);
    this.map = map.map((g) => Int32Array.from(g));
    this.ensemble = map.map(
      (g, k) => new Autoencoder(g.length, this.p.hiddenRatio, this.p.learningRate, seedOf(k)),
    );
    this.output = new Autoencoder(map.length, this.p.hiddenRatio, this.p.learningRate, seedOf(map.length));
    this.s1 = new Float64Array(map.length);
    this.wasm = undefined;
  }

  private checkInput(x: Float64Array): void {
    if (x.length < this.p.nFeatures) {
      throw new VigilError("E_SCHEMA", `KitNET expects ${this.p.nFeatures} features, got ${x.length}`, {
        field: "x",
        record: this.nTrained + this.nExecuted,
      });
    }
  }
}

function resolve(params: KitNETParams): ResolvedParams {
  const p: ResolvedParams = {
    nFeatures: params.nFeatures,
    maxAE: params.maxAE ?? 10,
    fmGrace: params.fmGrace ?? 5000,
    adGrace: params.adGrace ?? 50_000,
    learningRate: params.learningRate ?? 0.1,
    hiddenRatio: params.hiddenRatio ?? 0.75,
    mode: params.mode ?? "default",
    seed: params.seed ?? 1234,
    scoring: params.scoring ?? "wasm",
    featureMap: params.featureMap ? params.featureMap.map((g) => [...g]) : null,
  };
  const bad = (field: string, why: string) => new VigilError("E_CONFIG", `KitNET ${field} ${why}`, { field });
  if (!Number.isInteger(p.nFeatures) || p.nFeatures < 1) throw bad("nFeatures", "must be a positive integer");
  if (!Number.isInteger(p.maxAE) || p.maxAE < 1) throw bad("maxAE", "must be a positive integer");
  if (!Number.isInteger(p.fmGrace) || p.fmGrace < 0) throw bad("fmGrace", "must be an integer >= 0");
  if (!Number.isInteger(p.adGrace) || p.adGrace < 0) throw bad("adGrace", "must be an integer >= 0");
  if (!(p.learningRate > 0)) throw bad("learningRate", "must be > 0");
  if (!(p.hiddenRatio > 0)) throw bad("hiddenRatio", "must be > 0");
  if (p.mode !== "compat" && p.mode !== "default") throw bad("mode", `must be "compat" or "default"`);
  if (p.scoring !== "wasm" && p.scoring !== "js") throw bad("scoring", `must be "wasm" or "js"`);
  return p;
}
