/**
 * DeviceModel: names the device (or device type) of a window fingerprint, or says "unknown".
 * - Classifier: vigil's random forest (class-balanced weights) on the raw fingerprint.
 * - Open set (open-set.ts): a window is unknown when 1 - max probability exceeds the predicted class's
 *   probability threshold OR its kNN distance to that class's training windows (standardized space)
 *   exceeds the class's distance threshold. Thresholds are calibrated per predicted class on known-device
 *   windows held out from the fit (per class the LAST `calibrationShare` of its windows in time, as new
 *   traffic comes later): each is the (1 - alpha/2) quantile of its score over the held-out windows
 *   predicted as that class, so the false-unknown rate on them is <= alpha per class (union bound).
 *   Classes with fewer than MIN_CALIBRATION such windows share one threshold pair from their pooled
 *   windows. After calibration the forest and reference windows are refitted on all windows.
 */
import { z } from "zod";
import { VigilError } from "../errors.js";
import type { ModelArtifact } from "../models/base.js";
import { RandomForestClassifier } from "../models/forest/random-forest.js";
import { matrix } from "../table/matrix.js";
import { N_FEATURES } from "./features.js";
import {
  fitStandardizer,
  knnDistance,
  type Standardizer,
  standardize,
  weightedQuantile,
} from "./open-set.js";

/** Classes with fewer held-out windows than this share pooled thresholds. */
export const MIN_CALIBRATION = 10;

export const deviceModelParamsSchema = z
  .object({
    nEstimators: z.number().int().positive().default(100),
    maxDepth: z.number().int().positive().nullable().default(null),
    seed: z.number().int().default(0),
    /** Target false-unknown rate on known devices (split over the two rejection tests). */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Share of each class's windows (the latest in time) held out to calibrate the thresholds. */
    calibrationShare: z.number().gt(0).lt(1).default(0.2),
    k: z.number().int().positive().default(3),
    /** Reference windows kept per class for the distance test (evenly subsampled in time). */
    maxReferencePerClass: z.number().int().positive().default(1500),
    /** Which rejection tests run: both, one, or none (closed set). */
    openSet: z.enum(["prob+distance", "prob", "distance", "none"]).default("prob+distance"),
  })
  .strict();
export type DeviceModelParams = z.infer<typeof deviceModelParamsSchema>;

export interface LabelledWindow {
  vector: Float32Array;
  label: string;
  /** Window start, epoch seconds (orders the calibration hold-out). */
  startS: number;
}

export interface DeviceVerdict {
  /** The best known class. */
  predicted: string;
  /** `predicted`, or "unknown" when a rejection test fired. */
  label: string;
  unknown: boolean;
  /** Forest probability of `predicted`. */
  probability: number;
  /** Mean distance to the k nearest training windows of `predicted` (standardized features). */
  distance: number;
}

export interface DeviceModelState {
  classes: string[];
  standardizer: Standardizer;
  reference: { rows: number; data: Float32Array }[];
  /** Per class: reject when 1 - probability > probThreshold[c] or distance > distThreshold[c]. */
  probThreshold: Float64Array;
  distThreshold: Float64Array;
  calibrationWindows: number;
  forest: RandomForestClassifier;
}

export class DeviceModel {
  readonly params: DeviceModelParams;
  private st: DeviceModelState | null = null;

  constructor(params: Partial<DeviceModelParams> = {}) {
    const r = deviceModelParamsSchema.safeParse(params);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new VigilError("E_CONFIG", `device model: ${i.message}`, { field: i.path.join(".") });
    }
    this.params = r.data;
  }

  get fitted(): boolean {
    return this.st !== null;
  }

  get classes(): string[] {
    return this.state().classes.slice();
  }

  /** Per class: the rejection thresholds and how many held-out windows set them. */
  get thresholds(): {
    calibrationWindows: number;
    perClass: Record<string, { probability: number; distance: number }>;
  } {
    const s = this.state();
    const perClass: Record<string, { probability: number; distance: number }> = {};
    s.classes.forEach((c, k) => {
      perClass[c] = { probability: s.probThreshold[k], distance: s.distThreshold[k] };
    });
    return { calibrationWindows: s.calibrationWindows, perClass };
  }

  private state(): DeviceModelState {
    if (!this.st) throw new VigilError("E_NOT_FITTED", "device model is not fitted: train it first");
    return this.st;
  }

  private forest(): RandomForestClassifier {
    const p = this.params;
    return new RandomForestClassifier({
      nEstimators: p.nEstimators,
      maxDepth: p.maxDepth,
      seed: p.seed,
      classWeight: "balanced",
    });
  }

  fit(windows: LabelledWindow[]): this {
    const classes = [...new Set(windows.map((w) => w.label))].sort();
    if (classes.length < 2) {
      throw new VigilError(
        "E_CONFIG",
        `device model needs windows of at least 2 devices, got ${classes.length}`,
        {
          field: "windows",
        },
      );
    }
    for (const w of windows) {
      if (w.vector.length !== N_FEATURES) {
        throw new VigilError(
          "E_SCHEMA",
          `fingerprint has ${w.vector.length} features, expected ${N_FEATURES}`,
          {
            field: "vector",
          },
        );
      }
    }
    const byClass = classes.map((c) =>
      windows.filter((w) => w.label === c).sort((a, b) => a.startS - b.startS),
    );
    const fitPart: LabelledWindow[] = [];
    const calPart: LabelledWindow[] = [];
    for (const ws of byClass) {
      const nCal = ws.length >= 5 ? Math.max(1, Math.round(ws.length * this.params.calibrationShare)) : 0;
      fitPart.push(...ws.slice(0, ws.length - nCal));
      calPart.push(...ws.slice(ws.length - nCal));
    }
    const fitClasses = new Set(fitPart.map((w) => w.label));
    // Calibrate on the held-out part when every class kept fit windows; else on the fit windows themselves.
    const holdOut = calPart.length > 0 && fitClasses.size === classes.length;
    const first = this.build(classes, holdOut ? fitPart : windows);
    this.st = first;
    const cal = holdOut ? calPart : windows;
    const verdicts = this.classify(cal.map((w) => w.vector));
    const thresholds = this.calibrate(classes, verdicts);
    // Refit on every window, in the same standardized space the distance thresholds were set in.
    this.st = holdOut ? this.build(classes, windows, first.standardizer) : first;
    this.st.probThreshold = thresholds.prob;
    this.st.distThreshold = thresholds.dist;
    this.st.calibrationWindows = holdOut ? cal.length : 0;
    return this;
  }

  /** Per predicted class, the (1 - alpha/2) quantiles of 1 - probability and of the distance. */
  private calibrate(
    classes: string[],
    verdicts: DeviceVerdict[],
  ): { prob: Float64Array; dist: Float64Array } {
    const both = this.params.openSet === "prob+distance";
    const q = 1 - this.params.alpha / (both ? 2 : 1);
    const prob = new Float64Array(classes.length);
    const dist = new Float64Array(classes.length);
    const groups = classes.map((c) => verdicts.filter((v) => v.predicted === c));
    const small = groups.flatMap((g) => (g.length < MIN_CALIBRATION ? g : []));
    const quantile = (vs: number[]) =>
      vs.length === 0
        ? Number.POSITIVE_INFINITY
        : weightedQuantile(
            vs,
            vs.map(() => 1),
            q,
          );
    const smallProb = quantile(small.map((v) => 1 - v.probability));
    const smallDist = quantile(small.map((v) => v.distance));
    groups.forEach((g, c) => {
      prob[c] = g.length < MIN_CALIBRATION ? smallProb : quantile(g.map((v) => 1 - v.probability));
      dist[c] = g.length < MIN_CALIBRATION ? smallDist : quantile(g.map((v) => v.distance));
    });
    return { prob, dist };
  }

  private build(classes: string[], ws: LabelledWindow[], std?: Standardizer): DeviceModelState {
    const d = N_FEATURES;
    const X = matrix(ws.length, d);
    const y = new Int32Array(ws.length);
    ws.forEach((w, i) => {
      X.data.set(w.vector, i * d);
      y[i] = classes.indexOf(w.label);
    });
    const forest = this.forest().fit(X, y);
    const standardizer =
      std ??
      fitStandardizer(
        ws.map((w) => w.vector),
        d,
      );
    const reference: { rows: number; data: Float32Array }[] = [];
    const z = new Float32Array(d);
    for (let c = 0; c < classes.length; c++) {
      const mine = ws.filter((w) => w.label === classes[c]).sort((a, b) => a.startS - b.startS);
      const step = Math.max(1, mine.length / this.params.maxReferencePerClass);
      const keep: LabelledWindow[] = [];
      for (let i = 0; i < mine.length; i += step) keep.push(mine[Math.floor(i)]);
      const data = new Float32Array(keep.length * d);
      keep.forEach((w, i) => {
        standardize(standardizer, w.vector, z);
        data.set(z, i * d);
      });
      reference.push({ rows: keep.length, data });
    }
    return {
      classes,
      standardizer,
      reference,
      probThreshold: new Float64Array(classes.length).fill(1),
      distThreshold: new Float64Array(classes.length).fill(Number.POSITIVE_INFINITY),
      calibrationWindows: 0,
      forest,
    };
  }

  classify(vectors: Float32Array[]): DeviceVerdict[] {
    const s = this.state();
    const d = N_FEATURES;
    if (vectors.length === 0) return [];
    const X = matrix(vectors.length, d);
    vectors.forEach((v, i) => {
      if (v.length !== d) {
        throw new VigilError("E_SCHEMA", `fingerprint has ${v.length} features, expected ${d}`, {
          record: i,
        });
      }
      X.data.set(v, i * d);
    });
    const P = s.forest.predictProba(X);
    const K = P.cols;
    const z = new Float32Array(d);
    const mode = this.params.openSet;
    return vectors.map((v, i) => {
      let best = 0;
      for (let k = 1; k < K; k++) if (P.data[i * K + k] > P.data[i * K + best]) best = k;
      const probability = P.data[i * K + best];
      const ref = s.reference[best];
      standardize(s.standardizer, v, z);
      const distance = knnDistance(ref.data, ref.rows, d, z, this.params.k);
      const byProb = (mode === "prob+distance" || mode === "prob") && 1 - probability > s.probThreshold[best];
      const byDist = (mode === "prob+distance" || mode === "distance") && distance > s.distThreshold[best];
      const unknown = byProb || byDist;
      const predicted = s.classes[best];
      return { predicted, label: unknown ? "unknown" : predicted, unknown, probability, distance };
    });
  }

  /** The fitted state for serialization (model-file.ts). */
  exportState(): DeviceModelState {
    return this.state();
  }

  static fromState(params: Partial<DeviceModelParams>, st: DeviceModelState): DeviceModel {
    const m = new DeviceModel(params);
    m.st = st;
    return m;
  }

  forestArtifact(): ModelArtifact {
    return this.state().forest.toArtifact();
  }
}
