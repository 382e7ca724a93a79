/**
 * The flow record: one bidirectional connection, with Zeek conn.log's fields under Zeek's own names
 * (so JSON lines read like Zeek's JSON logs and a Zeek conn.log parses into the same shape), plus
 * vigil's per-direction statistics. Produced by the flow table (features/flows), the Zeek conn.log
 * reader (capture/zeek-log) and the NetFlow/IPFIX collector (capture/netflow).
 *
 * Direction: "orig" is the side that sent the first packet (for TCP the SYN sender, after Zeek's
 * flip heuristics); "src2dst" = orig → resp, "dst2src" = resp → orig. Unset values are `null`
 * (Zeek's "-").
 */
import { z } from "zod";

/** Zeek's conn_state values (scripts/base/protocols/conn/main.zeek). */
export const CONN_STATES = [
  "S0", // connection attempt seen, no reply
  "S1", // established, not terminated
  "SF", // normal establishment and termination (UDP: both directions seen)
  "REJ", // attempt rejected
  "S2", // established, close attempt by originator seen, no reply from responder
  "S3", // established, close attempt by responder seen, no reply from originator
  "RSTO", // established, originator aborted (sent a RST)
  "RSTR", // responder sent a RST
  "RSTOS0", // originator sent a SYN then a RST, no SYN-ACK seen
  "RSTRH", // responder sent a SYN-ACK then a RST, no SYN from the originator seen
  "SH", // originator sent a SYN then a FIN, no SYN-ACK seen ("half" open)
  "SHR", // responder sent a SYN-ACK then a FIN, no SYN from the originator seen
  "OTH", // no SYN seen, midstream traffic (and every ICMP / other-protocol flow)
] as const;
export type ConnState = (typeof CONN_STATES)[number];

/** Zeek's transport_proto enum as written in conn.log. */
export const FLOW_PROTOS = ["tcp", "udp", "icmp", "unknown_transport"] as const;
export type FlowProto = (typeof FLOW_PROTOS)[number];

/** Why a flow record was emitted. */
export const FLOW_END_REASONS = [
  "idle", // no packet for the idle timeout of its protocol/state
  "active", // lasted longer than the active timeout (the next packet starts a new record)
  "cap", // evicted (least recently seen) because the table hit maxFlows
  "end", // the input ended
  "reuse", // a new SYN on a closed TCP connection's 5-tuple started a new connection
  "external", // record read from another tool (Zeek log, NetFlow/IPFIX)
] as const;
export type FlowEndReason = (typeof FLOW_END_REASONS)[number];

const count = z.number().int().nonnegative();
const nullableCount = count.nullable();
const port = z.number().int().min(0).max(65535);

/** Per-direction statistics (vigil's, not Zeek's): all nullable because other inputs lack them. */
export const FlowStatsSchema = z.object({
  /** Sum of transport payload bytes (TCP/UDP payload, ICMP body after its 8-byte header), every packet incl. retransmissions. */
  src2dst_payload_bytes: count,
  dst2src_payload_bytes: count,
  /** Packet size as IP total length, bytes: min / mean / population std / max per direction (0 when no packet). */
  src2dst_ip_bytes_min: z.number(),
  src2dst_ip_bytes_mean: z.number(),
  src2dst_ip_bytes_std: z.number(),
  src2dst_ip_bytes_max: z.number(),
  dst2src_ip_bytes_min: z.number(),
  dst2src_ip_bytes_mean: z.number(),
  dst2src_ip_bytes_std: z.number(),
  dst2src_ip_bytes_max: z.number(),
  /** Inter-arrival time between consecutive packets of one direction, milliseconds (0 when < 2 packets). */
  src2dst_iat_ms_min: z.number(),
  src2dst_iat_ms_mean: z.number(),
  src2dst_iat_ms_std: z.number(),
  src2dst_iat_ms_max: z.number(),
  dst2src_iat_ms_min: z.number(),
  dst2src_iat_ms_mean: z.number(),
  dst2src_iat_ms_std: z.number(),
  dst2src_iat_ms_max: z.number(),
  /** Count of packets with each TCP flag set, per direction. */
  src2dst_syn_packets: count,
  src2dst_ack_packets: count,
  src2dst_fin_packets: count,
  src2dst_rst_packets: count,
  src2dst_psh_packets: count,
  src2dst_urg_packets: count,
  dst2src_syn_packets: count,
  dst2src_ack_packets: count,
  dst2src_fin_packets: count,
  dst2src_rst_packets: count,
  dst2src_psh_packets: count,
  dst2src_urg_packets: count,
  /** IP total length of the flow's first N packets, bytes, in arrival order. */
  first_packets_ip_bytes: z.array(count),
  /** Direction of each of the first N packets: 1 = src2dst (orig), -1 = dst2src (resp). */
  first_packets_direction: z.array(z.union([z.literal(1), z.literal(-1)])),
});
export type FlowStats = z.infer<typeof FlowStatsSchema>;

export const FlowRecordSchema = z.object({
  /** Time of the first packet, seconds since the epoch. */
  ts: z.number(),
  /** Unique connection id (Zeek style: "C" + base62). */
  uid: z.string().min(1),
  /** Originator address (text). */
  "id.orig_h": z.string(),
  /** Originator port (ICMP: message type). */
  "id.orig_p": port,
  /** Responder address (text). */
  "id.resp_h": z.string(),
  /** Responder port (ICMP: message code, or the counterpart type for request/reply pairs). */
  "id.resp_p": port,
  proto: z.enum(FLOW_PROTOS),
  /** Application protocol (vigil: guessed from the responder port when the responder answered; Zeek: DPD). */
  service: z.string().nullable(),
  /** Seconds from first to last productive packet (Zeek: unset when 0). */
  duration: z.number().nonnegative().nullable(),
  /** Originator payload bytes (TCP: from sequence numbers; UDP: payload). Zeek: unset when duration is 0. */
  orig_bytes: nullableCount,
  /** Responder payload bytes (as orig_bytes). */
  resp_bytes: nullableCount,
  conn_state: z.enum(CONN_STATES).nullable(),
  /** Originator inside the configured local networks (null when none configured). */
  local_orig: z.boolean().nullable(),
  local_resp: z.boolean().nullable(),
  /** Bytes skipped in sequence space (vigil: forward sequence jumps; Zeek: content gaps from reassembly). */
  missed_bytes: count,
  /** Zeek's state history letters (upper case = originator). */
  history: z.string().nullable(),
  orig_pkts: nullableCount,
  /** Sum of IP total lengths the originator sent, bytes. */
  orig_ip_bytes: nullableCount,
  resp_pkts: nullableCount,
  resp_ip_bytes: nullableCount,
  /** IP protocol number from the header. */
  ip_proto: z.number().int().min(0).max(255).nullable(),
  /** Community ID v1 of the 5-tuple (null when the input had no addresses to hash). */
  community_id: z.string().nullable(),
  /** Why the record was emitted. */
  end_reason: z.enum(FLOW_END_REASONS),
  /** vigil's per-direction statistics; null for records read from Zeek logs or NetFlow. */
  stats: FlowStatsSchema.nullable(),
  /** Ground-truth labels carried by labelled inputs (IoT-23: label, detailed-label). */
  label: z.string().nullable().optional(),
  detailed_label: z.string().nullable().optional(),
});
export type FlowRecord = z.infer<typeof FlowRecordSchema>;

/** Zeek conn.log column order (the fields vigil writes in Zeek format, then its own). */
export const ZEEK_CONN_FIELDS = [
  "ts",
  "uid",
  "id.orig_h",
  "id.orig_p",
  "id.resp_h",
  "id.resp_p",
  "proto",
  "service",
  "duration",
  "orig_bytes",
  "resp_bytes",
  "conn_state",
  "local_orig",
  "local_resp",
  "missed_bytes",
  "history",
  "orig_pkts",
  "orig_ip_bytes",
  "resp_pkts",
  "resp_ip_bytes",
] as const;
export type ZeekConnField = (typeof ZEEK_CONN_FIELDS)[number];

/** Zeek's #types for those columns. */
export const ZEEK_CONN_TYPES: Record<ZeekConnField, string> = {
  ts: "time",
  uid: "string",
  "id.orig_h": "addr",
  "id.orig_p": "port",
  "id.resp_h": "addr",
  "id.resp_p": "port",
  proto: "enum",
  service: "string",
  duration: "interval",
  orig_bytes: "count",
  resp_bytes: "count",
  conn_state: "string",
  local_orig: "bool",
  local_resp: "bool",
  missed_bytes: "count",
  history: "string",
  orig_pkts: "count",
  orig_ip_bytes: "count",
  resp_pkts: "count",
  resp_ip_bytes: "count",
};
