/**
 * CICIoT2023 per-capture CSVs (the 12 present): the same 39 features, no label column; the class is the
 * file name without its capture number ("DDoS-ACK_Fragmentation12.pcap.csv" → "DDoS-ACK_Fragmentation").
 * The file is the group (capture). There is no benign file: binary labels are all "attack".
 */
import { concatTables, constantCategorical, type Table, withColumn } from "../../table/table.js";
import { readSpecCsv } from "../read-helpers.js";
import type { DatasetSpec } from "../spec.js";
import { type TaxonomyLabel, taxonomyMapper } from "../taxonomy.js";
import { CICIOT2023_FEATURES } from "./ciciot2023-sample.js";

const DIR = "ciciot2023-per-attack";

export const CICIOT2023_PER_ATTACK_FILES = [
  "Backdoor_Malware.pcap.csv",
  "BrowserHijacking.pcap.csv",
  "CommandInjection.pcap.csv",
  "DDoS-ACK_Fragmentation12.pcap.csv",
  "DDoS-UDP_Fragmentation12.pcap.csv",
  "DictionaryBruteForce.pcap.csv",
  "Mirai-greip_flood21.pcap.csv",
  "Mirai-udpplain24.pcap.csv",
  "Recon-PingSweep.pcap.csv",
  "SqlInjection.pcap.csv",
  "Uploading_Attack.pcap.csv",
  "XSS.pcap.csv",
] as const;

/** "Mirai-udpplain24.pcap.csv" → "Mirai-udpplain". */
export function classFromFileName(file: string): string {
  return file
    .replace(/\.pcap\.csv$/i, "")
    .replace(/\.csv$/i, "")
    .replace(/\d+$/, "");
}

/** CICIoT2023's published grouping of its 33 attacks into 7 categories, on to the taxonomy. */
export function ciciotAttackTaxonomy(cls: string): TaxonomyLabel {
  const c = cls.toLowerCase();
  if (c.startsWith("ddos-")) return "ddos";
  if (c.startsWith("dos-")) return "dos";
  if (c.startsWith("mirai-")) return "botnet";
  if (c.startsWith("recon-") || c === "vulnerabilityscan") return "scan";
  if (c === "dictionarybruteforce") return "bruteforce";
  if (c === "dns_spoofing" || c === "mitm-arpspoofing") return "spoofing";
  if (c === "backdoor_malware") return "malware";
  return byName(c);
}

const byName = taxonomyMapper({
  benigntraffic: "benign",
  browserhijacking: "injection",
  commandinjection: "injection",
  sqlinjection: "injection",
  uploading_attack: "injection",
  xss: "injection",
});

export const ciciot2023PerAttack: DatasetSpec = {
  id: "ciciot2023-per-attack",
  title: "CICIoT2023 per-attack capture CSVs (12 files)",
  files: CICIOT2023_PER_ATTACK_FILES.map((f) => `${DIR}/${f}`),
  notes:
    "12 of the ~300 per-capture CSVs; class = file name; no benign file. Uploading_Attack likely overlaps the sample's Uploading rows.",
  numeric: CICIOT2023_FEATURES,
  categorical: [],
  identifiers: [],
  labelDerived: [],
  label: "class",
  toTaxonomy: ciciotAttackTaxonomy,
  group: { column: "capture", kind: "capture" },
  async read(ctx) {
    const parts: Table[] = [];
    for (const file of CICIOT2023_PER_ATTACK_FILES) {
      let t = await readSpecCsv(ctx, `${DIR}/${file}`, { numeric: CICIOT2023_FEATURES }, { header: true });
      t = withColumn(t, constantCategorical("class", classFromFileName(file), t.rowCount));
      parts.push(withColumn(t, constantCategorical("capture", file, t.rowCount)));
    }
    return concatTables(parts);
  },
};
