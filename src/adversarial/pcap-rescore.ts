/**
 * End-to-end re-scoring of a capture with a flow model: capture → decode → vigil's flow table →
 * FLOW_NUMERIC_FEATURES vectors → model; reports how many of the attacker's flows (its address on
 * either side) the model calls an attack (predicted class != benign). Used to compare a capture with
 * its mutated copy (./pcap-mutate.ts).
 */
import { FLOW_NUMERIC_FEATURES, flowRecordsFromCapture, flowToVector } from "../features/flows/index.js";
import type { Classifier } from "../models/base.js";
import type { FlowRecord } from "../schemas/flow.js";
import type { Matrix } from "../table/matrix.js";

export function flowMatrix(records: FlowRecord[]): Matrix {
  const M = FLOW_NUMERIC_FEATURES.length;
  const data = new Float32Array(records.length * M);
  records.forEach((r, i) => {
    flowToVector(r, data, i * M);
  });
  return { rows: records.length, cols: M, data };
}

export interface RescoreResult {
  flows: number;
  attackerFlows: number;
  attackerFlowsDetected: number;
  detectionRate: number | null;
  /** Mean originator payload bytes and duration of the attacker's flows (to show the mutation). */
  meanAttackerOrigBytes: number | null;
  meanAttackerDurationS: number | null;
}

export async function rescoreCapture(
  model: Classifier,
  path: string,
  attackerIp: string,
  benignClass: number,
): Promise<RescoreResult> {
  const recs = await flowRecordsFromCapture(path);
  const pred = model.predict(flowMatrix(recs));
  let n = 0;
  let det = 0;
  let bytes = 0;
  let dur = 0;
  recs.forEach((r, i) => {
    if (r["id.orig_h"] !== attackerIp && r["id.resp_h"] !== attackerIp) return;
    n++;
    if (pred[i] !== benignClass) det++;
    bytes += r.orig_bytes ?? 0;
    dur += r.duration ?? 0;
  });
  return {
    flows: recs.length,
    attackerFlows: n,
    attackerFlowsDetected: det,
    detectionRate: n > 0 ? det / n : null,
    meanAttackerOrigBytes: n > 0 ? bytes / n : null,
    meanAttackerDurationS: n > 0 ? dur / n : null,
  };
}
