/**
 * The packet detector: AfterImage features -> KitNET -> a calibrated threshold. Phases:
 *   mapping (KitNET learns feature groups) -> training (autoencoders learn) -> calibrating (packets are
 *   scored, not learned from; their scores set the threshold at the target false-positive rate) ->
 *   detecting. Calibrating on packets the autoencoders did not train on keeps the threshold honest.
 * process() returns NaN while mapping/training, the score otherwise.
 */
import type { Packet } from "../decode/packet.js";
import { VigilError } from "../errors.js";
import { splitKitnetScore } from "../explain/kitnet-explainer.js";
import { AfterImage } from "../features/afterimage/index.js";
import type { AfterImageVariant } from "../features/afterimage/names.js";
import type { ModelArtifact } from "../models/base.js";
import { KitNET } from "../models/kitnet/kitnet.js";
import type { AlertExplanation, Contribution } from "../schemas/alert.js";
import { describeFeature } from "./feature-words.js";
import { calibrateThreshold } from "./threshold.js";

export interface PacketDetectorParams {
  featureMode: "default" | "compat";
  variant: AfterImageVariant;
  /** Default-mode AfterImage bounds. */
  maxStreams: number;
  idleTimeoutS: number;
  maxAE: number;
  fmGrace: number;
  adGrace: number;
  /** Packets scored after training to set the threshold. */
  calibPackets: number;
  /** False-positive rate the threshold aims at on benign traffic. */
  targetFpr: number;
}

export const PACKET_DETECTOR_DEFAULTS: PacketDetectorParams = {
  featureMode: "default",
  variant: 100,
  // Entries per AfterImage state table (hosts, host pairs, sockets, socket pairs): ~200 bytes each per
  // table, so 50,000 keeps the whole state near 50 MB; least recently seen entries are evicted first.
  maxStreams: 50_000,
  idleTimeoutS: 600,
  maxAE: 10,
  fmGrace: 5000,
  adGrace: 50_000,
  calibPackets: 10_000,
  targetFpr: 0.001,
};

export type DetectorPhase = "mapping" | "training" | "calibrating" | "detecting";

export interface LastExplanation {
  topAutoencoders: Contribution[];
  topFeatures: Contribution[];
  reason: string;
  /** The score split over features (src/explain/kitnet-explainer.ts), in the alert schema's form. */
  explanation: AlertExplanation;
}

export class PacketDetector {
  readonly params: PacketDetectorParams;
  readonly features: AfterImage;
  readonly kitnet: KitNET;
  private readonly x: Float64Array;
  private readonly names: string[];
  private calib: number[] = [];
  threshold = Number.POSITIVE_INFINITY;
  private lastScore = Number.NaN;
  private readonly errScratch: Float64Array;
  private readonly attrScratch: Float64Array;
  private readonly inTopAeScratch: Uint8Array;
  private calibrated = false;

  constructor(params: Partial<PacketDetectorParams> = {}, kitnet?: KitNET, threshold?: number) {
    this.params = { ...PACKET_DETECTOR_DEFAULTS, ...params };
    const p = this.params;
    if (!(p.calibPackets >= 1))
      throw new VigilError("E_CONFIG", "calibPackets must be >= 1", { field: "calibPackets" });
    this.features = new AfterImage({
      mode: p.featureMode,
      variant: p.variant,
      maxStreams: p.maxStreams,
      idleTimeoutS: p.idleTimeoutS,
    });
    this.x = new Float64Array(this.features.nFeatures);
    this.names = this.features.featureNames();
    this.errScratch = new Float64Array(this.features.nFeatures);
    this.attrScratch = new Float64Array(this.features.nFeatures);
    this.inTopAeScratch = new Uint8Array(this.features.nFeatures);
    this.kitnet =
      kitnet ??
      new KitNET({
        nFeatures: this.features.nFeatures,
        maxAE: p.maxAE,
        fmGrace: p.fmGrace,
        adGrace: p.adGrace,
        mode: p.featureMode,
      });
    if (threshold !== undefined) {
      this.threshold = threshold;
      this.calibrated = true;
    }
  }

  get phase(): DetectorPhase {
    if (this.calibrated) return "detecting";
    const k = this.kitnet.phase;
    return k === "EXEC" ? "calibrating" : k === "FM" ? "mapping" : "training";
  }

  /** "training: 12000 packets left before calibration" — for progress lines. */
  describePhase(): string {
    switch (this.phase) {
      case "mapping":
      case "training":
        return `${this.phase}: ${this.kitnet.packetsLeftInPhase} packets left in this phase`;
      case "calibrating":
        return `calibrating: ${this.params.calibPackets - this.calib.length} packets left before detection`;
      default:
        return `detecting (threshold ${this.threshold.toPrecision(6)}, target FPR ${this.params.targetFpr})`;
    }
  }

  /** Features, then KitNET: NaN while mapping/training, else the anomaly score. */
  process(p: Packet): number {
    this.features.update(p, this.x);
    if (this.kitnet.phase !== "EXEC") {
      this.kitnet.train(this.x);
      return Number.NaN;
    }
    const score = this.kitnet.execute(this.x);
    this.lastScore = score;
    if (!this.calibrated) {
      this.calib.push(score);
      if (this.calib.length >= this.params.calibPackets) {
        this.threshold = calibrateThreshold(this.calib, this.params.targetFpr);
        this.calibrated = true;
        this.calib = [];
      }
    }
    return score;
  }

  /**
   * Explains the last scored packet (call right after process()): which autoencoders and features were
   * most off, and the score split over the features (KitNET's proportional breakdown).
   */
  explainLast(top: number): LastExplanation {
    const kit = this.kitnet;
    const groups = kit.featureGroups ?? [];
    const err = this.errScratch;
    const attr = this.attrScratch;
    const rmse = kit.lastFeatureErrors(err);
    const A = groups.length;
    const score = this.lastScore;
    attr.fill(0);
    splitKitnetScore(score, rmse, groups, err, attr);
    const topAes = topIndices(rmse, A, top, () => true);
    const inTopAe = this.inTopAeScratch;
    inTopAe.fill(0);
    for (const a of topAes) for (const f of groups[a]) inTopAe[f] = 1;
    const topAutoencoders = topAes.map((a) => ({
      index: a,
      name: `AE ${a} (${groups[a].length} features)`,
      value: rmse[a],
    }));
    const topFeatures = topIndices(err, err.length, top, (f) => inTopAe[f] === 1).map((f) => ({
      index: f,
      name: this.names[f],
      value: err[f],
    }));
    const order = topIndices(attr, attr.length, top, (f) => attr[f] > 0);
    const lead = topFeatures[0];
    let reason = "unusual packet statistics";
    if (lead) {
      const range = kit.trainingRange(lead.index);
      const seen = range ? `; training saw ${fmt(range.min)} to ${fmt(range.max)}` : "";
      reason = `unusual ${describeFeature(lead.name)} (value ${fmt(this.x[lead.index])}${seen})`;
    }
    const explanation: AlertExplanation = {
      method: "kitnet",
      output:
        "KitNET anomaly score (output autoencoder RMSE), split over features in proportion to their squared reconstruction errors",
      base: 0,
      value: score,
      features: order.map((f) => ({
        name: this.names[f],
        value: this.x[f],
        attribution: attr[f],
        direction: "raises" as const,
      })),
      reason,
    };
    return { topAutoencoders, topFeatures, reason, explanation };
  }

  toArtifact(): ModelArtifact {
    if (!this.calibrated) {
      throw new VigilError(
        "E_NOT_FITTED",
        `the detector is not trained and calibrated yet (${this.describePhase()})`,
      );
    }
    return {
      format: "vigil-model",
      version: 1,
      kind: "packet-detector",
      params: { ...this.params },
      state: { threshold: this.threshold, kitnet: this.kitnet.toArtifact() },
    };
  }

  static fromArtifact(a: ModelArtifact): PacketDetector {
    if (a.format !== "vigil-model" || a.kind !== "packet-detector") {
      throw new VigilError("E_MODEL", `not a packet-detector artifact (format=${a.format}, kind=${a.kind})`, {
        field: "kind",
      });
    }
    if (a.version !== 1)
      throw new VigilError("E_MODEL", `unknown packet-detector version ${a.version}`, { field: "version" });
    const s = a.state as { threshold: number; kitnet: ModelArtifact };
    if (typeof s.threshold !== "number")
      throw new VigilError("E_MODEL", "artifact has no threshold", { field: "state.threshold" });
    return new PacketDetector(
      a.params as Partial<PacketDetectorParams>,
      KitNET.fromArtifact(s.kitnet),
      s.threshold,
    );
  }
}

/** Indices of the k largest values among v[0..n) that pass keep, largest first (k small: selection). */
function topIndices(v: ArrayLike<number>, n: number, k: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    const x = v[i];
    if (out.length === k && x <= v[out[k - 1]]) continue;
    let j = out.length < k ? out.length : k - 1;
    out[j] = i;
    while (j > 0 && v[out[j - 1]] < x) {
      out[j] = out[j - 1];
      out[j - 1] = i;
      j--;
    }
  }
  return out;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(3);
}
