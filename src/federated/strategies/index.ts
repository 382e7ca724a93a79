/**
 * Aggregation strategies by name. A spec's `clipNorm` param (any strategy) puts NormClipped in front.
 */
import { VigilError } from "../../errors.js";
import { Bulyan } from "./bulyan.js";
import { CenteredClip } from "./centered-clip.js";
import { NormClipped } from "./clipping.js";
import { FedAvg } from "./fedavg.js";
import { FedAvgM } from "./fedavgm.js";
import { FedOpt } from "./fedopt.js";
import { FedProx } from "./fedprox.js";
import { Krum } from "./krum.js";
import { CoordinateMedian } from "./median.js";
import type { Strategy } from "./strategy.js";
import { TrimmedMean } from "./trimmed-mean.js";

export type { ClientUpdate, Strategy } from "./strategy.js";

const FACTORIES: Record<string, (p: Record<string, unknown>) => Strategy> = {
  fedavg: (p) => new FedAvg(p),
  fedprox: (p) => new FedProx(p),
  fedavgm: (p) => new FedAvgM(p),
  fedadam: (p) => new FedOpt("fedadam", p),
  fedyogi: (p) => new FedOpt("fedyogi", p),
  krum: (p) => new Krum("krum", p),
  "multi-krum": (p) => new Krum("multi-krum", p),
  median: (p) => new CoordinateMedian(p),
  "trimmed-mean": (p) => new TrimmedMean(p),
  bulyan: (p) => new Bulyan(p),
  "centered-clip": (p) => new CenteredClip(p),
};

export const STRATEGY_NAMES = Object.keys(FACTORIES);

/** Rules that look at each client's update (not only their mean): incompatible with secure aggregation. */
export const ROBUST_STRATEGIES: ReadonlySet<string> = new Set([
  "krum",
  "multi-krum",
  "median",
  "trimmed-mean",
  "bulyan",
  "centered-clip",
]);

/**
 * Refuses a strategy or server-side DP that needs each client's update under secure aggregation, where
 * the server sees only their sum (the server process and `fed simulate` alike).
 */
export function assertSecureAggregable(strategyName: string, dp: boolean): void {
  if (!ROBUST_STRATEGIES.has(strategyName) && !dp) return;
  throw new VigilError(
    "E_CONFIG",
    `secure aggregation shows the server only the sum of the updates: ${dp ? "server-side DP" : `the robust strategy "${strategyName}"`} needs each update; use a mean-based strategy (fedavg, fedprox, fedavgm, fedadam, fedyogi) without dp`,
    { field: dp ? "dp" : "strategy.name" },
  );
}

export function createStrategy(spec: { name: string; params?: Record<string, unknown> }): Strategy {
  const make = FACTORIES[spec.name];
  if (make === undefined) {
    throw new VigilError(
      "E_CONFIG",
      `unknown strategy "${spec.name}" (known: ${STRATEGY_NAMES.join(", ")})`,
      {
        field: "strategy.name",
      },
    );
  }
  const { clipNorm, ...rest } = spec.params ?? {};
  const inner = make(rest);
  if (clipNorm === undefined) return inner;
  if (typeof clipNorm !== "number" || !(clipNorm > 0)) {
    throw new VigilError("E_CONFIG", `clipNorm must be a positive number, got ${String(clipNorm)}`, {
      field: "strategy.params.clipNorm",
    });
  }
  return new NormClipped(inner, clipNorm);
}
