/**
 * The IPFIX / NetFlow v9 information elements vigil understands (IANA registry ids; NetFlow v9 uses the
 * same numbers for these), and how each fills a NetflowFlow. RFC 5103 reverse elements (enterprise
 * 29305) fill the reverse counters of a biflow. Everything else is skipped by its template length.
 */
import type { ByteReader } from "./byte-reader.js";
import type { NetflowFlow } from "./netflow-flow.js";

export const IE = {
  octetDeltaCount: 1,
  packetDeltaCount: 2,
  protocolIdentifier: 4,
  tcpControlBits: 6,
  sourceTransportPort: 7,
  sourceIPv4Address: 8,
  destinationTransportPort: 11,
  destinationIPv4Address: 12,
  flowEndSysUpTime: 21,
  flowStartSysUpTime: 22,
  sourceIPv6Address: 27,
  destinationIPv6Address: 28,
  icmpTypeCodeIPv4: 32,
  octetTotalCount: 85,
  packetTotalCount: 86,
  icmpTypeCodeIPv6: 139,
  flowStartSeconds: 150,
  flowEndSeconds: 151,
  flowStartMilliseconds: 152,
  flowEndMilliseconds: 153,
  flowStartMicroseconds: 154,
  flowEndMicroseconds: 155,
  flowStartNanoseconds: 156,
  flowEndNanoseconds: 157,
  systemInitTimeMilliseconds: 160,
} as const;

/** RFC 5103 reverse information element private enterprise number. */
export const REVERSE_PEN = 29305;

/** Seconds between the NTP era (1900) and the Unix epoch. */
const NTP_UNIX_OFFSET_S = 2208988800;

/** Times in a record before they can be resolved (sysUpTime needs the header or IE 160). */
export interface RecordTimes {
  startUptimeMs: number;
  endUptimeMs: number;
  sysInitMs: number;
}

function ntpMs(r: ByteReader, off: number, field: string): number {
  const secs = r.u32(off, field);
  const frac = r.u32(off + 4, field);
  return (secs - NTP_UNIX_OFFSET_S) * 1000 + (frac / 4294967296) * 1000;
}

/** Applies one field (value at `off`, `len` bytes) to `f`. */
export function applyElement(
  f: NetflowFlow,
  t: RecordTimes,
  id: number,
  enterprise: number,
  r: ByteReader,
  off: number,
  len: number,
): void {
  if (enterprise === REVERSE_PEN) {
    if (id === IE.octetDeltaCount || id === IE.octetTotalCount)
      f.reverseOctets = r.uint(off, len, "reverseOctetCount");
    else if (id === IE.packetDeltaCount || id === IE.packetTotalCount)
      f.reversePackets = r.uint(off, len, "reversePacketCount");
    return;
  }
  if (enterprise !== 0) return;
  switch (id) {
    case IE.octetDeltaCount:
    case IE.octetTotalCount:
      f.octets = r.uint(off, len, "octetCount");
      break;
    case IE.packetDeltaCount:
    case IE.packetTotalCount:
      f.packets = r.uint(off, len, "packetCount");
      break;
    case IE.protocolIdentifier:
      f.proto = r.uint(off, len, "protocolIdentifier");
      break;
    case IE.tcpControlBits:
      f.tcpFlags = r.uint(off, len, "tcpControlBits") & 0x1ff;
      break;
    case IE.sourceTransportPort:
      f.srcPort = r.uint(off, len, "sourceTransportPort");
      break;
    case IE.destinationTransportPort:
      f.dstPort = r.uint(off, len, "destinationTransportPort");
      break;
    case IE.sourceIPv4Address:
    case IE.destinationIPv4Address:
      if (len !== 4) throw r.fail(`IPv4 address element with length ${len}`, off, "ipv4Address");
      r.need(off, 4, "ipv4Address");
      (id === IE.sourceIPv4Address ? f.src : f.dst).set(r.buf.subarray(off, off + 4));
      f.ipVersion = 4;
      break;
    case IE.sourceIPv6Address:
    case IE.destinationIPv6Address:
      if (len !== 16) throw r.fail(`IPv6 address element with length ${len}`, off, "ipv6Address");
      r.need(off, 16, "ipv6Address");
      (id === IE.sourceIPv6Address ? f.src : f.dst).set(r.buf.subarray(off, off + 16));
      f.ipVersion = 6;
      break;
    case IE.icmpTypeCodeIPv4:
    case IE.icmpTypeCodeIPv6:
      f.icmpTypeCode = r.uint(off, len, "icmpTypeCode") & 0xffff;
      break;
    case IE.flowStartSysUpTime:
      t.startUptimeMs = r.uint(off, len, "flowStartSysUpTime");
      break;
    case IE.flowEndSysUpTime:
      t.endUptimeMs = r.uint(off, len, "flowEndSysUpTime");
      break;
    case IE.systemInitTimeMilliseconds:
      t.sysInitMs = r.uint(off, len, "systemInitTimeMilliseconds");
      break;
    case IE.flowStartSeconds:
      f.startMs = r.uint(off, len, "flowStartSeconds") * 1000;
      break;
    case IE.flowEndSeconds:
      f.endMs = r.uint(off, len, "flowEndSeconds") * 1000;
      break;
    case IE.flowStartMilliseconds:
      f.startMs = r.uint(off, len, "flowStartMilliseconds");
      break;
    case IE.flowEndMilliseconds:
      f.endMs = r.uint(off, len, "flowEndMilliseconds");
      break;
    case IE.flowStartMicroseconds:
    case IE.flowStartNanoseconds:
      if (len === 8) f.startMs = ntpMs(r, off, "flowStartNtp");
      break;
    case IE.flowEndMicroseconds:
    case IE.flowEndNanoseconds:
      if (len === 8) f.endMs = ntpMs(r, off, "flowEndNtp");
      break;
    default:
      break;
  }
}
