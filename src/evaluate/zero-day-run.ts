/**
 * Zero-day protocol on a named dataset (what `vigil evaluate --zero-day` and the benchmark run): loads
 * the dataset at its fine labels, picks the detectors (default line-up, or the named kinds) and the
 * supervised learner, runs ./zero-day.ts and returns the result with its Markdown table.
 */
import { loadDataset } from "../datasets/index.js";
import { VigilError } from "../errors.js";
import { resolveLearner } from "./learners.js";
import { findBenignClass } from "./report.js";
import { runZeroDay, type ZeroDayResult } from "./zero-day.js";
import { type DetectorSpec, defaultDetectorSpecs, optionalDetectorKinds } from "./zero-day-detectors.js";
import { zeroDayMarkdown } from "./zero-day-report.js";

export interface ZeroDayRunOptions {
  dataset: string;
  sharedDir?: string;
  /** Detector names / kinds (default: the whole default line-up available in this build). */
  detectors?: string[];
  /** Supervised preset or classifier kind; "none" for no supervised column. Default "random-forest". */
  supervised?: string;
  supervisedParams?: Record<string, unknown>;
  /** Fit the supervised model on at most this many rows per family (a seeded uniform subsample). */
  supervisedMaxRows?: number;
  targetFpr?: number;
  seed?: number;
  sample?: number;
  families?: string[];
  log?: (line: string) => void;
}

export interface ZeroDayRun {
  dataset: string;
  result: ZeroDayResult;
  markdown: string;
}

export async function runZeroDayOnDataset(o: ZeroDayRunOptions): Promise<ZeroDayRun> {
  const seed = o.seed ?? 0;
  const ds = await loadDataset(o.dataset, { labelLevel: "fine", sharedDir: o.sharedDir });
  const benignClass = findBenignClass(ds.classes);
  if (benignClass === undefined) {
    throw new VigilError(
      "E_CONFIG",
      `dataset ${o.dataset} has no benign/normal class for the zero-day protocol`,
      {
        field: "dataset",
      },
    );
  }
  const kinds = await optionalDetectorKinds();
  const all = defaultDetectorSpecs(seed, kinds);
  let detectors: DetectorSpec[] = all;
  if (o.detectors !== undefined) {
    detectors = o.detectors.map((name) => {
      const spec = all.find((s) => s.name === name);
      if (spec !== undefined) return spec;
      if (!kinds.includes(name)) {
        throw new VigilError("E_CONFIG", `unknown detector "${name}" (available: ${kinds.join(", ")})`, {
          field: "detectors",
        });
      }
      return { name, kind: name, params: {}, input: "scaled" };
    });
  }
  const supName = o.supervised ?? "random-forest";
  const supervised =
    supName === "none"
      ? undefined
      : {
          name: supName,
          spec: resolveLearner(supName, o.supervisedParams ?? {}),
          maxFitRows: o.supervisedMaxRows,
        };
  const result = runZeroDay(
    { X: ds.X, y: ds.y, classes: ds.classes, benignClass, featureNames: ds.featureNames },
    {
      detectors,
      supervised,
      targetFpr: o.targetFpr,
      seed,
      sample: o.sample,
      families: o.families,
      log: o.log,
    },
  );
  return { dataset: o.dataset, result, markdown: zeroDayMarkdown(result, `Zero-day: ${ds.title}`) };
}
