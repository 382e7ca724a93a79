/**
 * Inference of a dataset spec from a CSV, for `vigil dataset inspect`: each column's type (numeric /
 * categorical) and role (feature, identifier-like, label candidate), the likely label column and its
 * class counts. A heuristic starting point for the user to edit, never trusted silently.
 */
import { basename } from "node:path";
import { type Column, codeCounts } from "../table/column.js";
import { DEFAULT_MISSING_VALUES, readCsvTable } from "../table/csv-read.js";
import { fileSource, zipEntrySource } from "../table/text-source.js";
import type { ColumnRole, UserSpecInput } from "./user-spec.js";

export interface ColumnReport {
  name: string;
  type: "numeric" | "categorical";
  role: ColumnRole;
  distinct: number;
  missing: number;
  /** Why the role was chosen. */
  reason: string;
}

export interface InspectReport {
  file: string;
  rows: number;
  columns: ColumnReport[];
  label?: string;
  labelCandidates: string[];
  classCounts?: Record<string, number>;
  spec: UserSpecInput;
}

export interface InspectOptions {
  delimiter?: string;
  header?: boolean | "auto";
  /** Rows read at most (default: all). */
  maxRows?: number;
  /** Force the label column. */
  label?: string;
  /** File path written into the spec (default: the file's base name, for a spec saved beside it). */
  specFilePath?: string;
}

const LABEL_NAMES = new Set([
  "label",
  "labels",
  "class",
  "attack",
  "attack_cat",
  "attackcategory",
  "attack_category",
  "category",
  "type",
  "target",
  "label_multiclass",
  "label_binary",
  "detailed-label",
  "detailed_label",
  "outcome",
]);

/** Exact names (lower case, spaces removed) of time, id and sequence columns. */
const ID_EXACT = new Set([
  "ts",
  "time",
  "timestamp",
  "date",
  "datetime",
  "stime",
  "ltime",
  "starttime",
  "start_time",
  "endtime",
  "end_time",
  "flow_id",
  "flowid",
  "uid",
  "id",
  "seq",
  "packet_num",
  "frame_number",
  "no.",
]);

/** Name tokens of address and port columns ("src_ip", "SrcAddr", "id.orig_h", "Dport"). */
const ID_TOKENS = new Set([
  "ip",
  "ips",
  "addr",
  "address",
  "mac",
  "port",
  "sport",
  "dport",
  "srcip",
  "dstip",
]);

function tokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

export function identifierReason(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\s+/g, "");
  if (ID_EXACT.has(n)) return "time / id / sequence name";
  if (/^id\.(orig|resp)_[hp]$/.test(n)) return "Zeek endpoint (address / port)";
  const toks = tokens(name);
  // "src_ip", "Sport", "DstMac": addresses and ports ("is_sm_ips_ports" is a flag, not an address)
  if (toks.some((t) => ID_TOKENS.has(t)) && !(toks.length > 2 && toks[0] === "is"))
    return "address / port name";
  return undefined;
}

export async function inspectCsv(path: string, options: InspectOptions = {}): Promise<InspectReport> {
  const source = path.endsWith(".zip") ? zipEntrySource(path) : fileSource(path);
  const missingSet = new Set(DEFAULT_MISSING_VALUES);
  const res = await readCsvTable(source, {
    delimiter: options.delimiter,
    header: options.header ?? "auto",
    defaultType: "auto",
    maxRows: options.maxRows,
  });
  const { table } = res;
  const rows = table.rowCount;
  const labelCandidates = table.columns
    .filter((c) => LABEL_NAMES.has(c.name.toLowerCase().replace(/\s+/g, "_")))
    .map((c) => c.name);
  const label = options.label ?? pickLabel(table.columns, labelCandidates);
  const columns: ColumnReport[] = table.columns.map((c) => {
    let distinct: number;
    let missing = 0;
    if (c.kind === "numeric") {
      const seen = new Set<number>();
      for (const v of c.values) {
        if (Number.isNaN(v)) missing++;
        else if (seen.size <= rows) seen.add(v);
      }
      distinct = seen.size;
    } else {
      distinct = c.dictionary.length;
      for (const code of c.codes) if (code < 0) missing++;
    }
    const base = { name: c.name, type: c.kind, distinct, missing };
    if (c.name === label) return { ...base, role: "ignore", reason: "label" };
    if (labelCandidates.includes(c.name))
      return { ...base, role: "ignore", reason: "another label column (leaks the label)" };
    const idReason = identifierReason(c.name);
    if (idReason !== undefined) return { ...base, role: "identifier", reason: idReason };
    if (c.kind === "numeric") {
      if (rows > 10 && isRowNumber(c.values)) return { ...base, role: "identifier", reason: "row number" };
      return { ...base, role: "numeric", reason: "every value is a number" };
    }
    if (distinct > 100 && distinct > 0.2 * rows) {
      return { ...base, role: "identifier", reason: "free text: most values distinct" };
    }
    return { ...base, role: "categorical", reason: "text with few distinct values" };
  });
  let classCounts: Record<string, number> | undefined;
  const labelCol = table.columns.find((c) => c.name === label);
  if (labelCol !== undefined) {
    if (labelCol.kind === "categorical") {
      const counts = codeCounts(labelCol);
      classCounts = Object.fromEntries(labelCol.dictionary.map((v, k) => [v, counts[k]]));
    } else {
      const m = new Map<string, number>();
      for (const v of labelCol.values) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
      classCounts = Object.fromEntries(m);
    }
  }
  const spec: UserSpecInput = {
    format: "vigil-dataset-spec",
    version: 1,
    file: options.specFilePath ?? basename(path),
    delimiter: options.delimiter ?? ",",
    header: !res.header.every((h, i) => h === `column_${i + 1}`),
    missingValues: [...missingSet],
    badRows: "error",
    columns: Object.fromEntries(columns.map((c) => [c.name, c.role])),
    label: label ?? "(choose the label column)",
  };
  if (spec.header === false) spec.columnNames = res.header;
  return { file: path, rows, columns, label, labelCandidates, classCounts, spec };
}

/** The label candidate with the most classes (multi-class over its binary twin), else the last low-cardinality text column. */
function pickLabel(columns: readonly Column[], candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistinct = -1;
  for (const c of columns) {
    if (!candidates.includes(c.name)) continue;
    const d = c.kind === "categorical" ? c.dictionary.length : 2;
    if (d <= 1000 && d > bestDistinct) {
      best = c.name;
      bestDistinct = d;
    }
  }
  if (best !== undefined) return best;
  for (let i = columns.length - 1; i >= 0; i--) {
    const c = columns[i];
    if (c.kind === "categorical" && c.dictionary.length >= 2 && c.dictionary.length <= 50) return c.name;
  }
  return undefined;
}

/** Consecutive integers (a row id column). */
function isRowNumber(v: Float32Array): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[i - 1] + 1) return false;
  return true;
}
