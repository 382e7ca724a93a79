/**
 * The flow pipeline: capture -> decode -> flow table -> FlowDetector -> alert limiter (per host pair) ->
 * explained EVE alert. Runs until the source ends (or is stopped); every finished flow is classified.
 */
import type { CaptureSource, CaptureStats } from "../capture/source.js";
import type { FlowTableCounters } from "../features/flows/flow-table.js";
import { flowsFromSource } from "../features/flows/from-capture.js";
import type { Alert } from "../schemas/alert.js";
import { AlertLimiter } from "./alert-limiter.js";
import { buildFlowAlert } from "./flow-alert.js";
import type { FlowDetector } from "./flow-detector.js";

export interface FlowDetectionOptions {
  source: CaptureSource;
  detector: FlowDetector;
  onAlert: (a: Alert) => void;
  /** At most one alert per host pair per this many capture seconds (0: one per attack flow). */
  alertIntervalS: number;
  iface?: string;
}

export interface FlowDetectionSummary {
  flows: number;
  attackFlows: number;
  alerts: number;
  alertsSuppressed: number;
  /** Attack flows per predicted class. */
  classes: Record<string, number>;
  explainer: string;
  /** Mean milliseconds spent explaining one alert. */
  explainMsPerAlert: number;
  capture: CaptureStats;
  flowTable: FlowTableCounters;
  elapsedS: number;
}

export async function runFlowDetection(o: FlowDetectionOptions): Promise<FlowDetectionSummary> {
  const det = o.detector;
  const limiter = new AlertLimiter(o.alertIntervalS);
  const classes: Record<string, number> = {};
  let alerts = 0;
  let explainNs = 0n;
  let index = 0;
  const t0 = process.hrtime.bigint();
  const run = await flowsFromSource(o.source, (rec) => {
    const flowIndex = index++;
    const v = det.classify(rec);
    if (!v.isAttack) return;
    classes[v.className] = (classes[v.className] ?? 0) + 1;
    const a = rec["id.orig_h"];
    const b = rec["id.resp_h"];
    const d = limiter.offer(a < b ? `${a}|${b}` : `${b}|${a}`, rec.ts + (rec.duration ?? 0));
    if (!d.emit) return;
    const e0 = process.hrtime.bigint();
    const explanation = det.explainLast(rec, v.classIndex);
    explainNs += process.hrtime.bigint() - e0;
    alerts++;
    o.onAlert(
      buildFlowAlert({
        rec,
        flowIndex,
        className: v.className,
        score: v.score,
        threshold: v.benignProbability,
        flowsFlagged: d.packetsOverThreshold,
        modelKind: det.model.kind,
        explanation,
        iface: o.iface,
      }),
    );
  });
  return {
    flows: det.flows,
    attackFlows: det.attacks,
    alerts,
    alertsSuppressed: limiter.suppressed,
    classes,
    explainer: det.explainerName,
    explainMsPerAlert: alerts > 0 ? Number(explainNs) / 1e6 / alerts : 0,
    capture: run.capture,
    flowTable: run.flows,
    elapsedS: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}
