/**
 * WUSTL-EHMS-2020 (healthcare IoMT): Argus flow features plus patient biometrics; `Attack Category`
 * (normal, Spoofing, Data Alteration), `Label` its binary twin (dropped).
 */
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec } from "../spec.js";
import { taxonomyMapper } from "../taxonomy.js";

const numeric = [
  "SrcBytes",
  "DstBytes",
  "SrcLoad",
  "DstLoad",
  "SrcGap",
  "DstGap",
  "SIntPkt",
  "DIntPkt",
  "SIntPktAct",
  "DIntPktAct",
  "SrcJitter",
  "DstJitter",
  "sMaxPktSz",
  "dMaxPktSz",
  "sMinPktSz",
  "dMinPktSz",
  "Dur",
  "Trans",
  "TotPkts",
  "TotBytes",
  "Load",
  "Loss",
  "pLoss",
  "pSrcLoss",
  "pDstLoss",
  "Rate",
  // patient biometrics
  "Temp",
  "SpO2",
  "Pulse_Rate",
  "SYS",
  "DIA",
  "Heart_rate",
  "Resp_Rate",
  "ST",
] as const;

const categorical = ["Dir", "Flgs"] as const;

/** Addresses, ports, MAC addresses and the capture's packet sequence number. */
const identifiers = ["SrcAddr", "DstAddr", "Sport", "Dport", "SrcMac", "DstMac", "Packet_num"] as const;

export const wustlEhms2020: DatasetSpec = {
  id: "wustl-ehms-2020",
  title: "WUSTL-EHMS-2020 (IoMT flows + biometrics)",
  files: ["wustl-ehms-2020/wustl-ehms-2020_with_attacks_categories.csv"],
  notes: "16,318 rows; attacks are man-in-the-middle spoofing and data alteration (false data injection).",
  numeric,
  categorical,
  identifiers,
  labelDerived: ["Label"],
  label: "Attack Category",
  // data alteration = false data injection into the patient readings in transit
  toTaxonomy: taxonomyMapper({ normal: "benign", spoofing: "spoofing", "data alteration": "injection" }),
  group: { column: "SrcAddr", kind: "host" },
  read: (ctx) =>
    readSpecCsv(
      ctx,
      "wustl-ehms-2020/wustl-ehms-2020_with_attacks_categories.csv",
      {
        numeric: [...numeric, "Packet_num", "Label"],
        // Argus writes well-known ports by service name ("dircproxy"): ports are text here
        categorical: [
          ...categorical,
          "SrcAddr",
          "DstAddr",
          "Sport",
          "Dport",
          "SrcMac",
          "DstMac",
          "Attack Category",
        ],
      },
      { header: true, expectedRows: 16_318 },
    ),
};
