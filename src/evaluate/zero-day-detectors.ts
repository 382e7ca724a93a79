/**
 * The anomaly detectors the zero-day protocol runs, and the operating-point helper they share.
 * Importing this registers vigil's unsupervised detectors; `optionalDetectorKinds()` additionally tries
 * to import the neural models (src/models/neural, built by another part of the project) at run time and
 * reports "autoencoder" only when that registered it.
 */
import { calibrateThreshold } from "../detect/threshold.js";
import "../models/cluster/index.js";
import "../models/decomposition/index.js";
import "../models/iforest/index.js";
import "../models/mixture/index.js";
import "../models/preprocess/index.js";
import { listModelKinds } from "../models/registry.js";
import "../models/rules/index.js";

export interface DetectorSpec {
  /** Column name in the tables. */
  name: string;
  kind: string;
  params: Record<string, unknown>;
  /** "scaled": median-imputed then standardised on benign training rows; "raw": median-imputed only. */
  input: "scaled" | "raw";
  /** Fit on at most this many benign rows (a seeded uniform subsample), to bound fit time. */
  maxFitRows?: number;
}

/** The default detector line-up (seed applied by the caller). */
export function defaultDetectorSpecs(seed: number, kinds: readonly string[]): DetectorSpec[] {
  const specs: DetectorSpec[] = [
    {
      name: "isolation-forest",
      kind: "isolation-forest",
      params: { nEstimators: 100, seed },
      input: "scaled",
    },
    { name: "kmeans", kind: "kmeans", params: { nClusters: 8, seed }, input: "scaled" },
    { name: "pca-detector", kind: "pca-detector", params: { nComponents: 0.95 }, input: "scaled" },
    {
      name: "gmm",
      kind: "gmm",
      params: { nComponents: 4, covarianceType: "full", seed },
      input: "scaled",
      maxFitRows: 20_000,
    },
    {
      name: "rules",
      kind: "rules",
      params: { nBins: 10, minSupport: 0.1, maxLength: 2, rareSupport: 0.001 },
      input: "raw",
    },
  ];
  if (kinds.includes("autoencoder")) {
    specs.push({
      name: "autoencoder",
      kind: "autoencoder",
      params: { epochs: 20, seed },
      input: "scaled",
      maxFitRows: 20_000,
    });
  }
  return specs;
}

/**
 * Detector kinds registered after trying to import the neural models (a module that may not exist in
 * this build: the specifier is computed so the compiler does not require it).
 */
export async function optionalDetectorKinds(): Promise<string[]> {
  const neural = ["..", "models", "neural", "index.js"].join("/");
  try {
    await import(new URL(neural, import.meta.url).href);
  } catch {
    // not built (yet): the line-up is the detectors registered here
  }
  return listModelKinds("detector");
}

export interface DetectorOperatingPoint {
  /** Rows scoring strictly above are flagged. */
  threshold: number;
  /** Target FPR it was calibrated to (on benign validation scores). */
  targetFpr: number;
}

/** Threshold on benign validation scores for a target FPR (src/detect/threshold.ts convention). */
export function operatingPoint(
  benignValidationScores: ArrayLike<number>,
  targetFpr: number,
): DetectorOperatingPoint {
  return { threshold: calibrateThreshold(benignValidationScores, targetFpr), targetFpr };
}

/** Share of scores strictly above the threshold (NaN for no rows). */
export function flaggedRate(scores: ArrayLike<number>, threshold: number, rows?: ArrayLike<number>): number {
  const n = rows === undefined ? scores.length : rows.length;
  if (n === 0) return Number.NaN;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[rows === undefined ? i : rows[i]];
    if (v > threshold) k++;
  }
  return k / n;
}
