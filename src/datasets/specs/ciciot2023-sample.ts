/**
 * CICIoT2023 stratified sample: 39 window features computed over packet windows (no addresses or
 * times), `label_multiclass` (10 classes), `label_binary` (its twin, dropped).
 */
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec } from "../spec.js";
import { type TaxonomyLabel, taxonomyMapper } from "../taxonomy.js";

/** The 39 CICIoT2023 features, in file order (also the per-attack files' columns). */
export const CICIOT2023_FEATURES = [
  "Header_Length",
  "Protocol Type",
  "Time_To_Live",
  "Rate",
  "fin_flag_number",
  "syn_flag_number",
  "rst_flag_number",
  "psh_flag_number",
  "ack_flag_number",
  "ece_flag_number",
  "cwr_flag_number",
  "ack_count",
  "syn_count",
  "fin_count",
  "rst_count",
  "HTTP",
  "HTTPS",
  "DNS",
  "Telnet",
  "SMTP",
  "SSH",
  "IRC",
  "TCP",
  "UDP",
  "DHCP",
  "ARP",
  "ICMP",
  "IGMP",
  "IPv",
  "LLC",
  "Tot sum",
  "Min",
  "Max",
  "AVG",
  "Std",
  "Tot size",
  "IAT",
  "Number",
  "Variance",
] as const;

/**
 * CICIoT2023's seven attack categories plus benign; the sample splits Mirai and Uploading out.
 * Web-based attacks (WebAttack, Uploading: SQL injection, XSS, command injection, upload) → injection.
 */
export const CICIOT2023_TAXONOMY: Record<string, TaxonomyLabel> = {
  benign: "benign",
  bruteforce: "bruteforce",
  ddos: "ddos",
  dos: "dos",
  malware: "malware",
  mirai: "botnet",
  recon: "scan",
  spoofing: "spoofing",
  uploading: "injection",
  webattack: "injection",
};

export const ciciot2023Sample: DatasetSpec = {
  id: "ciciot2023-sample",
  title: "CICIoT2023 stratified sample",
  files: ["ciciot2023-sample/CICIoT2023_sample.csv"],
  notes:
    "19,252 rows, an author's stratified sample (2,000 per class, Uploading 1,252): not the full set's balance.",
  numeric: CICIOT2023_FEATURES,
  categorical: [],
  identifiers: [],
  labelDerived: ["label_binary"],
  label: "label_multiclass",
  toTaxonomy: taxonomyMapper(CICIOT2023_TAXONOMY),
  read: (ctx) =>
    readSpecCsv(
      ctx,
      "ciciot2023-sample/CICIoT2023_sample.csv",
      { numeric: [...CICIOT2023_FEATURES, "label_binary"], categorical: ["label_multiclass"] },
      { header: true, expectedRows: 19_252 },
    ),
};
