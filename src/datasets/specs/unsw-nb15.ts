/**
 * UNSW-NB15 partition CSV (inside a zip): 42 Argus/Bro flow features, `attack_cat` (10 classes) and
 * `label` (binary twin, dropped). The `id` column is a row number (rows are grouped by class: it leaks).
 */
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec } from "../spec.js";
import { taxonomyMapper } from "../taxonomy.js";

const numeric = [
  "dur",
  "spkts",
  "dpkts",
  "sbytes",
  "dbytes",
  "rate",
  "sttl",
  "dttl",
  "sload",
  "dload",
  "sloss",
  "dloss",
  "sinpkt",
  "dinpkt",
  "sjit",
  "djit",
  "swin",
  "stcpb",
  "dtcpb",
  "dwin",
  "tcprtt",
  "synack",
  "ackdat",
  "smean",
  "dmean",
  "trans_depth",
  "response_body_len",
  "ct_srv_src",
  "ct_state_ttl",
  "ct_dst_ltm",
  "ct_src_dport_ltm",
  "ct_dst_sport_ltm",
  "ct_dst_src_ltm",
  "is_ftp_login",
  "ct_ftp_cmd",
  "ct_flw_http_mthd",
  "ct_src_ltm",
  "ct_srv_dst",
  "is_sm_ips_ports",
] as const;

const categorical = ["proto", "service", "state"] as const;

export const unswNb15: DatasetSpec = {
  id: "unsw-nb15",
  title: "UNSW-NB15 partition (82,332 rows)",
  files: ["unsw-nb15/UNSW_NB15_training-set.zip"],
  notes:
    "The file is named training-set but holds 82,332 rows, the count published for the testing partition (the known swapped naming).",
  numeric,
  categorical,
  identifiers: ["id"],
  labelDerived: ["label"],
  label: "attack_cat",
  toTaxonomy: taxonomyMapper({
    normal: "benign",
    dos: "dos",
    reconnaissance: "scan",
    analysis: "scan", // port scans, spam and HTML-file probing
    backdoor: "malware",
    worms: "malware",
    shellcode: "injection", // code injected into an exploited process
    exploits: "other",
    fuzzers: "other",
    generic: "other", // block-cipher attacks
  }),
  read: (ctx) =>
    readSpecCsv(
      ctx,
      "unsw-nb15/UNSW_NB15_training-set.zip",
      { numeric: [...numeric, "id", "label"], categorical: [...categorical, "attack_cat"] },
      { header: true, expectedRows: 82_332 },
    ),
};
