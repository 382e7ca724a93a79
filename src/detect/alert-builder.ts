/** Turns one packet over threshold into an EVE alert record (the schema is src/schemas/alert.ts). */
import { communityId, ip4Bytes } from "../decode/community-id.js";
import { dstIpText, formatIp4, formatMac, type Packet, srcIpText } from "../decode/packet.js";
import type { Alert, AlertExplanation, Contribution } from "../schemas/alert.js";
import { eveTimestamp, flowIdFromCommunityId, protoName } from "./eve-fields.js";

/** vigil's signature ids live in Suricata's local range (1,000,000-1,999,999). */
export const SID_PACKET_ANOMALY = 1_000_001;

export interface AlertInput {
  p: Packet;
  score: number;
  threshold: number;
  packetsOverThreshold: number;
  iface?: string;
  topAutoencoders?: Contribution[];
  topFeatures?: Contribution[];
  reason?: string;
  explanation?: AlertExplanation;
}

/** A direction-independent host-pair key: alerts are rate-limited per host pair, so a scan of 1,000
 * ports from one host raises one alert per interval, not 1,000 (Suricata's `track by_both`). */
export function hostPairKey(p: Packet): string {
  if (p.ipVersion === 0) {
    const a = p.arpOp !== 0 ? p.arpSenderIp4 : p.srcMac;
    const b = p.arpOp !== 0 ? p.arpTargetIp4 : p.dstMac;
    return a < b ? `l2:${a}:${b}` : `l2:${b}:${a}`;
  }
  const a = srcIpText(p);
  const b = dstIpText(p);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** A direction-independent flow key (5-tuple) for flow ids when there is no Community ID. */
export function flowKey(p: Packet): string {
  if (p.ipVersion === 0) return `l2:${p.srcMac}>${p.dstMac}`;
  const a = srcIpText(p);
  const b = dstIpText(p);
  const ap = p.srcPort;
  const bp = p.dstPort;
  return a < b || (a === b && ap <= bp)
    ? `${p.ipProto}:${a}:${ap}>${b}:${bp}`
    : `${p.ipProto}:${b}:${bp}>${a}:${ap}`;
}

function communityIdOf(p: Packet): string | undefined {
  if (p.ipVersion === 0) return undefined;
  const v4 = p.ipVersion === 4;
  const isIcmp = p.ipProto === 1 || p.ipProto === 58;
  return communityId({
    src: v4 ? ip4Bytes(p.src4) : p.src6,
    dst: v4 ? ip4Bytes(p.dst4) : p.dst6,
    proto: p.ipProto,
    srcPort: isIcmp ? p.icmpType : p.srcPort,
    dstPort: isIcmp ? p.icmpCode : p.dstPort,
  });
}

function severityOf(score: number, threshold: number): number {
  const ratio = threshold > 0 ? score / threshold : Number.POSITIVE_INFINITY;
  return ratio >= 10 ? 1 : ratio >= 2 ? 2 : 3;
}

export function buildAlert(a: AlertInput): Alert {
  const { p } = a;
  const isArp = p.arpOp !== 0;
  const cid = communityIdOf(p);
  const src = p.ipVersion !== 0 ? srcIpText(p) : isArp ? formatIp4(p.arpSenderIp4) : formatMac(p.srcMac);
  const dst = p.ipVersion !== 0 ? dstIpText(p) : isArp ? formatIp4(p.arpTargetIp4) : formatMac(p.dstMac);
  const alert: Alert = {
    timestamp: eveTimestamp(p.tsSec, p.tsNsec),
    flow_id: flowIdFromCommunityId(cid ?? flowKey(p)),
    ...(a.iface !== undefined ? { in_iface: a.iface } : {}),
    event_type: "alert",
    src_ip: src,
    ...(p.srcPort >= 0 ? { src_port: p.srcPort } : {}),
    dest_ip: dst,
    ...(p.dstPort >= 0 ? { dest_port: p.dstPort } : {}),
    proto: protoName(p.ipProto, isArp),
    ...(cid !== undefined ? { community_id: cid } : {}),
    alert: {
      action: "allowed",
      gid: 1,
      signature_id: SID_PACKET_ANOMALY,
      rev: 1,
      signature: "VIGIL ANOMALY packet statistics unlike the learned baseline (KitNET)",
      category: "Anomalous traffic",
      severity: severityOf(a.score, a.threshold),
    },
    vigil: {
      detector: "kitnet",
      score: a.score,
      threshold: a.threshold,
      packet_index: p.index,
      packets_over_threshold: a.packetsOverThreshold,
      ...(a.topAutoencoders ? { top_autoencoders: a.topAutoencoders } : {}),
      ...(a.topFeatures ? { top_features: a.topFeatures } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.explanation ? { explanation: a.explanation } : {}),
    },
  };
  return alert;
}
