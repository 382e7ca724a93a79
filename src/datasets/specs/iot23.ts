/**
 * IoT-23 scenario CTU-IoT-Malware-Capture-34-1 (Mirai): a Zeek conn.log with Stratosphere labels
 * (`label` Benign/Malicious, `detailed-label` C&C, DDoS, PartOfAHorizontalPortScan, ...), read with the
 * project's Zeek reader (src/capture/zeek-log.ts) into flow records, so its features are the same
 * FLOW_NUMERIC_FEATURES as flows vigil computes from packets (per-packet statistics are 0: Zeek logs do
 * not carry them). The fine label is the detailed label, or "Benign". Time, uid, addresses and ports
 * are identifiers; the originating host is the group.
 */
import { join } from "node:path";
import { zeekConnLogRecords } from "../../capture/zeek-log.js";
import { FLOW_NUMERIC_FEATURES } from "../../features/flows/index.js";
import { parseCategoricalAsFloat64 } from "../../table/column.js";
import { getCategorical } from "../../table/table.js";
import { FLOW_IDENTIFIERS, flowRecordsToTable } from "../flow-table.js";
import type { DatasetSpec } from "../spec.js";
import type { TaxonomyLabel } from "../taxonomy.js";

const FILE = "iot23-ctu-iot-malware-capture-34-1/conn.log.labeled";

/** IoT-23's detailed labels (all scenarios) → taxonomy. */
export function iot23Taxonomy(label: string): TaxonomyLabel {
  const l = label.toLowerCase();
  if (l === "benign") return "benign";
  if (l.startsWith("c&c") || l === "okiru" || l === "okiru-attack" || l === "torii" || l === "mirai")
    return "botnet";
  if (l.startsWith("partofahorizontalportscan")) return "scan";
  if (l.startsWith("ddos")) return "ddos";
  if (l === "filedownload") return "malware";
  return "other"; // "Attack" and anything new
}

export const iot23_34_1: DatasetSpec = {
  id: "iot23-34-1",
  title: "IoT-23 CTU-IoT-Malware-Capture-34-1 (Mirai) conn.log",
  files: [FILE],
  notes: "23,145 Zeek flows of one capture; labels from Stratosphere. Group = originating host.",
  numeric: FLOW_NUMERIC_FEATURES,
  categorical: [],
  identifiers: FLOW_IDENTIFIERS,
  labelDerived: ["label", "detailed-label"],
  label: "class",
  toTaxonomy: iot23Taxonomy,
  group: { column: "id.orig_h", kind: "host" },
  timeOf: (t) => parseCategoricalAsFloat64(getCategorical(t, "ts")),
  async read(ctx) {
    const records = await zeekConnLogRecords(join(ctx.datasetsDir, FILE), {
      strict: ctx.badRows === "error",
    });
    return flowRecordsToTable(
      records,
      {},
      {
        label: (r) => r.label,
        "detailed-label": (r) => r.detailed_label,
        // the detailed label where set ("-" is unset), else the label ("Benign")
        class: (r) => r.detailed_label ?? r.label,
      },
    );
  },
};
