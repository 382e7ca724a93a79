/**
 * One device's running state in the inventory, and its public record (schemas.ts DeviceRecord):
 * the identification is the majority label of the recent window verdicts; confidence is that label's
 * share of them times its mean forest probability (1 for "unknown").
 */
import { formatMac } from "../decode/packet.js";
import type { BehaviourTracker } from "./behaviour.js";
import type { EnrolledDevice } from "./model-file.js";
import type { DeviceRecord } from "./schemas.js";

export interface Info {
  mac: number;
  firstSeenS: number;
  lastSeenS: number;
  sent: number;
  recv: number;
  bytesSent: number;
  bytesRecv: number;
  windows: number;
  unknownWindows: number;
  recent: { label: string; probability: number }[];
  behaviour: BehaviourTracker;
  alerts: number;
  unknownReported: boolean;
  mismatchActive: boolean;
}

export function deviceRecord(
  d: Info,
  e: EnrolledDevice | undefined,
  hasModel: boolean,
  ips: string[],
  dnsNames: string[],
): DeviceRecord {
  let type = "unclassified";
  let confidence = 0;
  if (hasModel && d.recent.length > 0) {
    const votes = new Map<string, number>();
    for (const r of d.recent) votes.set(r.label, (votes.get(r.label) ?? 0) + 1);
    [type] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
    const agree = d.recent.filter((r) => r.label === type);
    const meanP = type === "unknown" ? 1 : agree.reduce((s, r) => s + r.probability, 0) / agree.length;
    confidence = Math.round((agree.length / d.recent.length) * meanP * 1000) / 1000;
  }
  return {
    mac: formatMac(d.mac),
    ips,
    name: e?.name ?? null,
    enrolled: e !== undefined,
    type,
    confidence,
    firstSeenS: d.firstSeenS,
    lastSeenS: d.lastSeenS,
    packetsSent: d.sent,
    packetsReceived: d.recv,
    bytesSent: d.bytesSent,
    bytesReceived: d.bytesRecv,
    windows: d.windows,
    unknownWindows: d.unknownWindows,
    dnsNames: [...dnsNames],
    alerts: d.alerts,
  };
}

export function macNumber(text: string): number {
  let v = 0;
  for (const part of text.split(":")) v = v * 256 + Number.parseInt(part, 16);
  return v;
}
