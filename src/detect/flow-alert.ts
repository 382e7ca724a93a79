/** Turns one flow a model classified as an attack into an EVE alert record (schema: src/schemas/alert.ts). */
import type { Alert, AlertExplanation } from "../schemas/alert.js";
import type { FlowRecord } from "../schemas/flow.js";
import { eveTimestamp, flowIdFromCommunityId } from "./eve-fields.js";

/** Flow-model alerts: Suricata's local sid range, after the packet detector's 1,000,001. */
export const SID_FLOW_MODEL = 1_000_002;

export interface FlowAlertInput {
  rec: FlowRecord;
  /** 0-based index of the flow among the finished flows of this run. */
  flowIndex: number;
  className: string;
  /** Probability of the predicted class. */
  score: number;
  /** Probability of the benign class (what the prediction beat). */
  threshold: number;
  /** Flows of this host pair classified as attacks since its previous alert (rate limiting). */
  flowsFlagged: number;
  modelKind: string;
  explanation?: AlertExplanation;
  iface?: string;
}

const PROTO: Record<string, string> = { tcp: "TCP", udp: "UDP", icmp: "ICMP" };

function severity(score: number): number {
  return score >= 0.9 ? 1 : score >= 0.7 ? 2 : 3;
}

export function buildFlowAlert(a: FlowAlertInput): Alert {
  const r = a.rec;
  const sec = Math.floor(r.ts);
  const nsec = Math.round((r.ts - sec) * 1e9);
  const key =
    r.community_id ?? `${r.proto}:${r["id.orig_h"]}:${r["id.orig_p"]}>${r["id.resp_h"]}:${r["id.resp_p"]}`;
  const isIcmp = r.proto === "icmp";
  return {
    timestamp: eveTimestamp(sec, Math.min(999_999_999, nsec)),
    flow_id: flowIdFromCommunityId(key),
    ...(a.iface !== undefined ? { in_iface: a.iface } : {}),
    event_type: "alert",
    src_ip: r["id.orig_h"],
    ...(isIcmp ? {} : { src_port: r["id.orig_p"] }),
    dest_ip: r["id.resp_h"],
    ...(isIcmp ? {} : { dest_port: r["id.resp_p"] }),
    proto: PROTO[r.proto] ?? (r.ip_proto !== null ? String(r.ip_proto) : r.proto),
    ...(r.community_id !== null ? { community_id: r.community_id } : {}),
    alert: {
      action: "allowed",
      gid: 1,
      signature_id: SID_FLOW_MODEL,
      rev: 1,
      signature: `VIGIL FLOW ${a.className} (flow classifier ${a.modelKind})`,
      category: "Flow classified as attack",
      severity: severity(a.score),
    },
    vigil: {
      detector: a.modelKind,
      score: a.score,
      threshold: a.threshold,
      packet_index: a.flowIndex,
      packets_over_threshold: a.flowsFlagged,
      class: a.className,
      ...(a.explanation !== undefined ? { reason: a.explanation.reason, explanation: a.explanation } : {}),
    },
  };
}
