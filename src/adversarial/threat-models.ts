/**
 * Per-dataset threat models: which features an attacker sending the flows can change, how, and what
 * follows from the change. Everything not listed is "fixed" (victim replies, protocol semantics,
 * categorical levels: changing them changes what the attack does, not how it looks).
 *
 * ton-iot-network (Zeek conn records, the attacker is the originator):
 * - duration: increase (the attacker can hold the connection open / delay its packets);
 * - src_bytes: increase, integer (payload padding; capped so padding fits the packets, MSS 1460 B each);
 * - src_pkts: increase, integer (added packets, e.g. empty ACKs or keep-alives);
 * - src_ip_bytes: derived = x0 + added payload + added packets x header bytes (40 TCP, 28 UDP/ICMP: IPv4
 *   20 + TCP 20 / UDP 8 / ICMP 8), so IP bytes >= payload + 20 x packets stays true;
 * - dst_bytes, dst_pkts, dst_ip_bytes, missed_bytes: fixed (the victim's replies and the sensor's view);
 * - dns_*, http_*, ssl_*, weird_*, proto, service, conn_state: fixed (application semantics, categories).
 *
 * ciciot2023-sample (per-window packet statistics of the attacker's traffic):
 * - Header_Length: increase (IP/TCP options pad headers);
 * - Min, Max, AVG, Tot size: increase (per-packet payload padding shifts every length up);
 *   repaired so Min <= AVG <= Max; Tot sum derived = x0 + (AVG - AVG0) x Number (padding per packet x
 *   packets in the window); Std and Variance fixed (uniform padding shifts lengths without spreading them);
 * - IAT: increase (added delay between packets); Rate derived = Rate0 x IAT0 / IAT (send rate falls as
 *   gaps grow);
 * - flags, flag counts, protocol indicators, Protocol Type, Time_To_Live, Number: fixed.
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import { type Control, type FeatureRule, medianNonZeroMagnitudes, type ThreatModel } from "./constraints.js";

interface RuleSpec {
  control: Control;
  integer?: boolean;
  derived?: boolean;
  why: string;
}

const FIXED_WHY = "not attacker-controlled (victim reply, protocol semantics or category)";

const TON_RULES: Record<string, RuleSpec> = {
  duration: { control: "increase", why: "attacker delays packets / holds the connection open" },
  src_bytes: { control: "increase", integer: true, why: "payload padding (bounded by 1460 B per packet)" },
  src_pkts: { control: "increase", integer: true, why: "added packets (keep-alives, empty ACKs)" },
  src_ip_bytes: {
    control: "fixed",
    integer: true,
    derived: true,
    why: "derived: x0 + added payload + added packets x header bytes",
  },
};

const CIC_RULES: Record<string, RuleSpec> = {
  Header_Length: { control: "increase", why: "IP/TCP option padding" },
  Min: { control: "increase", why: "per-packet payload padding" },
  Max: { control: "increase", why: "per-packet payload padding" },
  AVG: { control: "increase", why: "per-packet payload padding" },
  "Tot size": { control: "increase", why: "per-packet payload padding" },
  "Tot sum": { control: "fixed", derived: true, why: "derived: Tot sum0 + padding per packet x Number" },
  IAT: { control: "increase", why: "added inter-packet delay" },
  Rate: { control: "fixed", derived: true, why: "derived: Rate0 x IAT0 / IAT" },
};

const MSS = 1460;

function rulesFor(names: string[], spec: Record<string, RuleSpec>): FeatureRule[] {
  return names.map((n) => {
    const s = spec[n];
    return s === undefined
      ? { control: "fixed", integer: false, min: 0, why: FIXED_WHY }
      : { control: s.control, integer: s.integer ?? false, min: 0, why: s.why, derived: s.derived };
  });
}

function col(names: string[], name: string, model: string): number {
  const j = names.indexOf(name);
  if (j < 0) {
    throw new VigilError("E_SCHEMA", `threat model "${model}" needs feature "${name}"`, { field: name });
  }
  return j;
}

function tonIot(names: string[], floor: Float32Array): ThreatModel {
  const m = "ton-iot-network";
  col(names, "duration", m);
  const [bytes, pkts, ipBytes] = ["src_bytes", "src_pkts", "src_ip_bytes"].map((n) => col(names, n, m));
  const tcp = names.indexOf("proto=tcp");
  return {
    name: m,
    featureNames: names,
    rules: rulesFor(names, TON_RULES),
    floor,
    repair: (x0, x) => {
      if (!Number.isFinite(x0[pkts]) || !Number.isFinite(x0[bytes])) return;
      // padding must fit into the packets sent: payload growth <= MSS x packets after the change
      const maxBytes = Math.max(x0[bytes], x0[bytes] + MSS * x[pkts]);
      if (x[bytes] > maxBytes) x[bytes] = maxBytes;
      const header = tcp >= 0 && x0[tcp] === 1 ? 40 : 28;
      if (Number.isFinite(x0[ipBytes]))
        x[ipBytes] = x0[ipBytes] + (x[bytes] - x0[bytes]) + header * (x[pkts] - x0[pkts]);
    },
  };
}

function cicIot(names: string[], floor: Float32Array): ThreatModel {
  const m = "ciciot2023-sample";
  const [mn, mx, avg, sum, num, iat, rate] = ["Min", "Max", "AVG", "Tot sum", "Number", "IAT", "Rate"].map(
    (n) => col(names, n, m),
  );
  return {
    name: m,
    featureNames: names,
    rules: rulesFor(names, CIC_RULES),
    floor,
    repair: (x0, x) => {
      if (x[mn] > x[avg]) x[avg] = x[mn];
      if (x[avg] > x[mx]) x[mx] = x[avg];
      if (Number.isFinite(x0[sum]) && Number.isFinite(x0[num]))
        x[sum] = x0[sum] + (x[avg] - x0[avg]) * Math.max(0, x0[num]);
      if (Number.isFinite(x0[rate]))
        x[rate] = x0[iat] > 0 && x[iat] > 0 ? (x0[rate] * x0[iat]) / x[iat] : x0[rate];
    },
  };
}

const BUILDERS: Record<string, (names: string[], floor: Float32Array) => ThreatModel> = {
  "ton-iot-network": tonIot,
  "ciciot2023-sample": cicIot,
};

export const THREAT_MODEL_DATASETS = Object.keys(BUILDERS);

/**
 * The threat model of a dataset, its budget floors taken from reference rows (training data).
 * Unknown datasets are E_CONFIG (their controllable features must be written down first).
 */
export function threatModelFor(datasetId: string, featureNames: string[], reference: Matrix): ThreatModel {
  const b = BUILDERS[datasetId];
  if (b === undefined) {
    throw new VigilError(
      "E_CONFIG",
      `no threat model for dataset "${datasetId}" (have: ${THREAT_MODEL_DATASETS.join(", ")})`,
      { field: "dataset" },
    );
  }
  if (reference.cols !== featureNames.length) {
    throw new VigilError(
      "E_SCHEMA",
      `reference rows have ${reference.cols} columns for ${featureNames.length} names`,
      {
        field: "features",
      },
    );
  }
  return b(featureNames, medianNonZeroMagnitudes(reference));
}
