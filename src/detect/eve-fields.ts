/** Small helpers that turn packet numbers into Suricata EVE field values. */
import { createHash } from "node:crypto";

/** Suricata's timestamp form: "2020-06-12T09:40:01.290201+0000" (UTC). */
export function eveTimestamp(tsSec: number, tsNsec: number): string {
  const d = new Date(tsSec * 1000);
  const iso = d.toISOString(); // 2020-06-12T09:40:01.000Z
  const micros = Math.floor(tsNsec / 1000)
    .toString()
    .padStart(6, "0");
  return `${iso.slice(0, 19)}.${micros}+0000`;
}

const PROTO_NAMES: Record<number, string> = {
  1: "ICMP",
  6: "TCP",
  17: "UDP",
  58: "IPv6-ICMP",
  132: "SCTP",
  47: "GRE",
};

/** Suricata's proto names; the number as text for others; "ARP" / "L2" without IP. */
export function protoName(ipProto: number, isArp: boolean): string {
  if (ipProto < 0) return isArp ? "ARP" : "L2";
  return PROTO_NAMES[ipProto] ?? String(ipProto);
}

/**
 * A stable 53-bit flow id from the community id string (direction-independent, like Suricata's
 * flow_id, which is a per-process hash; ours is the same across runs and machines).
 */
export function flowIdFromCommunityId(communityId: string): number {
  const h = createHash("sha1").update(communityId).digest();
  // 53 bits: 21 high bits + 32 low bits.
  return (h.readUInt32BE(0) & 0x1fffff) * 0x100000000 + h.readUInt32BE(4);
}
