/**
 * The numeric per-flow features models train on: no addresses, ports or timestamps (they identify a
 * host or a moment, not a behaviour). `flowToVector` writes them into a caller-owned Float32Array in
 * FLOW_NUMERIC_FEATURES order; unset values (Zeek's "-", stats absent for Zeek/NetFlow inputs) are 0.
 */
import { CONN_STATES, type FlowRecord } from "../../schemas/flow.js";

const BASE = [
  "duration_s", // seconds, first to last productive packet
  "orig_bytes", // originator payload bytes (TCP: sequence space)
  "resp_bytes",
  "missed_bytes",
  "orig_pkts",
  "orig_ip_bytes",
  "resp_pkts",
  "resp_ip_bytes",
  "proto_tcp", // 1 when TCP, else 0 (one-hot)
  "proto_udp",
  "proto_icmp",
] as const;

const STATE_FEATURES = CONN_STATES.map((s) => `conn_state_${s}`); // one-hot

/** History letters present (1/0): originator upper case, responder lower case. */
const HISTORY_LETTERS = ["S", "H", "A", "D", "F", "R", "T", "W", "s", "h", "a", "d", "f", "r", "t", "w", "^"];
const HISTORY_FEATURES = HISTORY_LETTERS.map(
  (c) => `history_${c === "^" ? "flipped" : c === c.toUpperCase() ? `orig_${c}` : `resp_${c}`}`,
);

/** Per-direction statistics taken from `stats` as they are (names carry direction and unit). */
const STATS_FEATURES = [
  "src2dst_payload_bytes",
  "dst2src_payload_bytes",
  "src2dst_ip_bytes_min",
  "src2dst_ip_bytes_mean",
  "src2dst_ip_bytes_std",
  "src2dst_ip_bytes_max",
  "dst2src_ip_bytes_min",
  "dst2src_ip_bytes_mean",
  "dst2src_ip_bytes_std",
  "dst2src_ip_bytes_max",
  "src2dst_iat_ms_min",
  "src2dst_iat_ms_mean",
  "src2dst_iat_ms_std",
  "src2dst_iat_ms_max",
  "dst2src_iat_ms_min",
  "dst2src_iat_ms_mean",
  "dst2src_iat_ms_std",
  "dst2src_iat_ms_max",
  "src2dst_syn_packets",
  "src2dst_ack_packets",
  "src2dst_fin_packets",
  "src2dst_rst_packets",
  "src2dst_psh_packets",
  "src2dst_urg_packets",
  "dst2src_syn_packets",
  "dst2src_ack_packets",
  "dst2src_fin_packets",
  "dst2src_rst_packets",
  "dst2src_psh_packets",
  "dst2src_urg_packets",
] as const;

/** First packets: IP size times direction (+ orig, − resp), 0 past the flow's end. */
export const FLOW_VECTOR_FIRST_PACKETS = 8;
const FIRST_FEATURES = Array.from(
  { length: FLOW_VECTOR_FIRST_PACKETS },
  (_, i) => `pkt${i + 1}_signed_ip_bytes`,
);

export const FLOW_NUMERIC_FEATURES: string[] = [
  ...BASE,
  ...STATE_FEATURES,
  ...HISTORY_FEATURES,
  "bidirectional_bytes_per_s", // (orig_ip_bytes + resp_ip_bytes) / duration_s, 0 when duration is 0
  "bidirectional_packets_per_s",
  ...STATS_FEATURES,
  ...FIRST_FEATURES,
];

/** Writes rec's features into out[offset ..] (FLOW_NUMERIC_FEATURES.length values); returns out. */
export function flowToVector(rec: FlowRecord, out: Float32Array, offset = 0): Float32Array {
  let i = offset;
  const duration = rec.duration ?? 0;
  const op = rec.orig_pkts ?? 0;
  const rp = rec.resp_pkts ?? 0;
  const oib = rec.orig_ip_bytes ?? 0;
  const rib = rec.resp_ip_bytes ?? 0;
  out[i++] = duration;
  out[i++] = rec.orig_bytes ?? 0;
  out[i++] = rec.resp_bytes ?? 0;
  out[i++] = rec.missed_bytes;
  out[i++] = op;
  out[i++] = oib;
  out[i++] = rp;
  out[i++] = rib;
  out[i++] = rec.proto === "tcp" ? 1 : 0;
  out[i++] = rec.proto === "udp" ? 1 : 0;
  out[i++] = rec.proto === "icmp" ? 1 : 0;
  for (const s of CONN_STATES) out[i++] = rec.conn_state === s ? 1 : 0;
  const h = rec.history ?? "";
  for (const c of HISTORY_LETTERS) out[i++] = h.includes(c) ? 1 : 0;
  out[i++] = duration > 0 ? (oib + rib) / duration : 0;
  out[i++] = duration > 0 ? (op + rp) / duration : 0;
  const st = rec.stats;
  for (const name of STATS_FEATURES) out[i++] = st === null ? 0 : st[name];
  for (let k = 0; k < FLOW_VECTOR_FIRST_PACKETS; k++) {
    if (st !== null && k < st.first_packets_ip_bytes.length) {
      out[i++] = st.first_packets_ip_bytes[k] * st.first_packets_direction[k];
    } else out[i++] = 0;
  }
  return out;
}
