/**
 * Words for the per-flow features (src/features/flows/vector.ts, FLOW_NUMERIC_FEATURES), so that an
 * alert can say why in a sentence. Each numeric feature gets a verb phrase and a noun with its unit
 * ("sent" + "packets"); each indicator (one-hot) feature a clause that is true when it is 1.
 * Names not listed here fall back to their own words (underscores as spaces, directions spelled out).
 */
const COUNTS: Record<string, [string, string]> = {
  duration_s: ["lasted", "s"],
  orig_bytes: ["sent", "payload bytes"],
  resp_bytes: ["got back", "payload bytes"],
  missed_bytes: ["skipped", "bytes of sequence space"],
  orig_pkts: ["sent", "packets"],
  orig_ip_bytes: ["sent", "IP bytes"],
  resp_pkts: ["got back", "packets"],
  resp_ip_bytes: ["got back", "IP bytes"],
  bidirectional_bytes_per_s: ["moved", "bytes per second"],
  bidirectional_packets_per_s: ["moved", "packets per second"],
  src2dst_payload_bytes: ["sent", "payload bytes"],
  dst2src_payload_bytes: ["got back", "payload bytes"],
};

const CONN_STATE_WORDS: Record<string, string> = {
  S0: "a connection attempt got no reply (S0)",
  S1: "a connection was established and not closed (S1)",
  SF: "a connection was set up and closed normally (SF)",
  REJ: "a connection attempt was rejected (REJ)",
  S2: "a connection was established; only the originator closed it (S2)",
  S3: "a connection was established; only the responder closed it (S3)",
  RSTO: "the originator aborted the connection (RSTO)",
  RSTR: "the responder aborted the connection (RSTR)",
  RSTOS0: "the originator sent a SYN then a RST, no SYN-ACK seen (RSTOS0)",
  RSTRH: "the responder sent a SYN-ACK then a RST (RSTRH)",
  SH: "the originator sent a SYN then a FIN, no SYN-ACK seen (SH)",
  SHR: "the responder sent a SYN-ACK then a FIN (SHR)",
  OTH: "no SYN seen, mid-stream traffic (OTH)",
};

const HISTORY_WORDS: Record<string, string> = {
  S: "a SYN",
  H: "a SYN-ACK",
  A: "a pure ACK",
  D: "payload",
  F: "a FIN",
  R: "a RST",
  T: "a retransmission",
  W: "a zero window",
};

/**
 * A clause for an indicator feature ("the originator sent a RST" when 1, "the originator sent no RST"
 * when 0); null for names that are not indicators.
 */
export function indicatorClause(name: string, on = true): string | null {
  let m = /^conn_state_(\w+)$/.exec(name);
  if (m) {
    if (on) return CONN_STATE_WORDS[m[1]] ?? `the connection state was ${m[1]}`;
    return `the connection did not end in state ${m[1]}`;
  }
  m = /^history_(orig|resp)_(\w)$/.exec(name);
  if (m) {
    const who = m[1] === "orig" ? "originator" : "responder";
    const what = HISTORY_WORDS[m[2].toUpperCase()] ?? m[2];
    return on ? `the ${who} sent ${what}` : `the ${who} sent no ${what.replace(/^an? /, "")}`;
  }
  if (name === "history_flipped") {
    return on ? "the flow's direction was flipped (responder spoke first)" : "the originator spoke first";
  }
  m = /^proto_(tcp|udp|icmp)$/.exec(name);
  if (m) return on ? `it is ${m[1].toUpperCase()}` : `it is not ${m[1].toUpperCase()}`;
  return null;
}

/** Readable words for a feature name: "originator→responder inter-arrival time max (ms)". */
export function featureWords(name: string): string {
  const c = COUNTS[name];
  if (c) return `${c[0]} ${c[1]}`;
  const ind = indicatorClause(name);
  if (ind) return ind;
  return name
    .replace(/^src2dst_/, "originator→responder ")
    .replace(/^dst2src_/, "responder→originator ")
    .replace(/^pkt(\d+)_signed_ip_bytes$/, "size of packet $1 (IP bytes, negative from the responder)")
    .replace(/iat_ms_(\w+)$/, "inter-arrival time $1 (ms)")
    .replace(/ip_bytes_(\w+)$/, "packet size $1 (IP bytes)")
    .replace(/_packets$/, " flags (packets)")
    .replace(/_/g, " ");
}

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a >= 100 || Number.isInteger(v)) return String(Math.round(v));
  if (a >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

/**
 * One clause comparing a feature's value with its usual value: "sent 40x the usual packets (120 vs 3)",
 * "lasted 0.0013 s (usually 12 s)", "the originator sent a RST".
 */
export function compareClause(name: string, value: number, usual: number | undefined): string {
  const ind = indicatorClause(name, value >= 0.5);
  if (ind !== null) return ind;
  const c = COUNTS[name];
  const words = c ? `${c[1]}` : featureWords(name);
  if (name === "duration_s") {
    return usual === undefined
      ? `lasted ${fmt(value)} s`
      : `lasted ${fmt(value)} s (usually ${fmt(usual)} s)`;
  }
  const verb = c ? `${c[0]} ` : "had ";
  if (usual === undefined || !Number.isFinite(usual)) return `${verb}${fmt(value)} ${words}`;
  if (value === usual) return `${verb}the usual ${words} (${fmt(value)})`;
  if (usual > 0 && value > 0) {
    const ratio = value / usual;
    if (ratio >= 1.5) return `${verb}${fmt(ratio)}x the usual ${words} (${fmt(value)} vs ${fmt(usual)})`;
    if (ratio <= 1 / 1.5)
      return `${verb}only ${fmt(ratio)}x the usual ${words} (${fmt(value)} vs ${fmt(usual)})`;
    return `${verb}the usual ${words} (${fmt(value)})`;
  }
  if (usual === 0 && value !== 0) return `${verb}${fmt(value)} ${words} where 0 is usual`;
  return `${verb}${fmt(value)} ${words} (usually ${fmt(usual)})`;
}
