/**
 * TON_IoT network flows (train_test_network.csv, inside a zip): Zeek conn fields plus dns/ssl/http/weird
 * fields, one row per flow; `type` is the attack class, `label` its binary twin (dropped).
 */
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec } from "../spec.js";
import { taxonomyMapper } from "../taxonomy.js";

const numeric = [
  "duration", // seconds
  "src_bytes", // originator payload bytes
  "dst_bytes", // responder payload bytes
  "missed_bytes",
  "src_pkts",
  "src_ip_bytes", // originator IP-level bytes
  "dst_pkts",
  "dst_ip_bytes",
  "dns_qclass",
  "dns_qtype",
  "dns_rcode",
  "http_trans_depth",
  "http_request_body_len",
  "http_response_body_len",
  "http_status_code",
] as const;

const categorical = [
  "proto",
  "service",
  "conn_state",
  "dns_AA",
  "dns_RD",
  "dns_RA",
  "dns_rejected",
  "ssl_version",
  "ssl_cipher",
  "ssl_resumed",
  "ssl_established",
  "http_method",
  "http_version",
  "http_orig_mime_types",
  "http_resp_mime_types",
  "weird_name",
  "weird_addl",
  "weird_notice",
] as const;

/** Addresses and ports, and free-text fields that name endpoints (domains, certificates, URIs, agents). */
const identifiers = [
  "src_ip",
  "src_port",
  "dst_ip",
  "dst_port",
  "dns_query",
  "ssl_subject",
  "ssl_issuer",
  "http_uri",
  "http_user_agent",
] as const;

export const tonIotNetwork: DatasetSpec = {
  id: "ton-iot-network",
  title: "TON_IoT network (train_test_network)",
  files: ["ton-iot-network/train_test_network.zip"],
  notes: "211,043 flows; the Train_Test subset of TON_IoT, not the full capture. mitm has 1,043 rows only.",
  numeric,
  categorical,
  identifiers,
  labelDerived: ["label"],
  label: "type",
  toTaxonomy: taxonomyMapper({
    normal: "benign",
    backdoor: "malware",
    ddos: "ddos",
    dos: "dos",
    injection: "injection",
    password: "bruteforce",
    ransomware: "malware",
    scanning: "scan",
    xss: "injection",
    mitm: "spoofing",
  }),
  group: { column: "src_ip", kind: "host" },
  read: (ctx) =>
    readSpecCsv(
      ctx,
      "ton-iot-network/train_test_network.zip",
      {
        numeric: [...numeric, "src_port", "dst_port", "label"],
        categorical: [
          ...categorical,
          "src_ip",
          "dst_ip",
          "dns_query",
          "ssl_subject",
          "ssl_issuer",
          "http_uri",
          "http_user_agent",
          "type",
        ],
      },
      { header: true, expectedRows: 211_043 },
    ),
};
