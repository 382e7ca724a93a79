/**
 * The intermediate flow every NetFlow/IPFIX decoder fills (one per data record), and its conversion to
 * the common flow-record shape. NetFlow counts are per direction of one record ("src" = orig); IPFIX
 * biflows (RFC 5103 reverse elements) also fill the reverse counters (resp_*).
 */
import { communityId } from "../../decode/community-id.js";
import { formatIp4, formatIp6 } from "../../decode/packet.js";
import { flowUid } from "../../features/flows/uid.js";
import type { FlowProto, FlowRecord } from "../../schemas/flow.js";

export interface NetflowFlow {
  /** 5 (NetFlow v5), 9 (NetFlow v9) or 10 (IPFIX). */
  version: number;
  /** Exporter "ip:port" and observation domain / source id / engine. */
  exporter: string;
  domain: number;
  ipVersion: 0 | 4 | 6;
  src: Uint8Array;
  dst: Uint8Array;
  srcPort: number;
  dstPort: number;
  proto: number;
  /** ICMP type * 256 + code when the exporter gave one (-1 otherwise). */
  icmpTypeCode: number;
  /** Union of TCP flags seen. */
  tcpFlags: number;
  octets: number;
  packets: number;
  reverseOctets: number;
  reversePackets: number;
  /** Flow start and end, milliseconds since the epoch (NaN when the record had no time). */
  startMs: number;
  endMs: number;
}

export function emptyNetflowFlow(version: number, exporter: string, domain: number): NetflowFlow {
  return {
    version,
    exporter,
    domain,
    ipVersion: 0,
    src: new Uint8Array(16),
    dst: new Uint8Array(16),
    srcPort: 0,
    dstPort: 0,
    proto: 0,
    icmpTypeCode: -1,
    tcpFlags: 0,
    octets: 0,
    packets: 0,
    reverseOctets: 0,
    reversePackets: 0,
    startMs: Number.NaN,
    endMs: Number.NaN,
  };
}

function protoName(p: number): FlowProto {
  return p === 6 ? "tcp" : p === 17 ? "udp" : p === 1 || p === 58 ? "icmp" : "unknown_transport";
}

/** The common flow-record shape; fields NetFlow does not carry (payload bytes, state, history) are null. */
export function netflowToFlowRecord(f: NetflowFlow, seq: number, uidSeed = 0): FlowRecord | null {
  if (f.ipVersion === 0) return null;
  const v4 = f.ipVersion === 4;
  const src = v4 ? f.src.subarray(0, 4) : f.src;
  const dst = v4 ? f.dst.subarray(0, 4) : f.dst;
  const text = (b: Uint8Array) =>
    v4 ? formatIp4(((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0) : formatIp6(b);
  const icmp = f.proto === 1 || f.proto === 58;
  // NetFlow exporters put ICMP type/code in the destination port (type * 256 + code) when no IE carries it
  const typeCode = f.icmpTypeCode >= 0 ? f.icmpTypeCode : f.dstPort;
  const origP = icmp ? typeCode >> 8 : f.srcPort;
  const respP = icmp ? typeCode & 255 : f.dstPort;
  const hasTime = Number.isFinite(f.startMs) && Number.isFinite(f.endMs);
  const duration = hasTime ? Math.max(0, f.endMs - f.startMs) / 1000 : 0;
  const hasPorts = f.proto === 6 || f.proto === 17 || icmp;
  return {
    ts: hasTime ? f.startMs / 1000 : 0,
    uid: flowUid(uidSeed, seq),
    "id.orig_h": text(src),
    "id.orig_p": origP,
    "id.resp_h": text(dst),
    "id.resp_p": respP,
    proto: protoName(f.proto),
    service: null,
    duration: duration > 0 ? duration : null,
    orig_bytes: null,
    resp_bytes: null,
    conn_state: null,
    local_orig: null,
    local_resp: null,
    missed_bytes: 0,
    history: null,
    orig_pkts: f.packets,
    orig_ip_bytes: f.octets,
    resp_pkts: f.reversePackets,
    resp_ip_bytes: f.reverseOctets,
    ip_proto: f.proto,
    community_id: communityId({
      src,
      dst,
      proto: f.proto,
      srcPort: hasPorts ? origP : -1,
      dstPort: hasPorts ? respP : -1,
    }),
    end_reason: "external",
    stats: null,
  };
}
