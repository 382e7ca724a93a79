/**
 * Writers for flow records: Zeek's TSV log format (#separator/#fields/#types header lines, '-' for
 * unset, "(empty)" for empty strings, times with microseconds, bools T/F), CSV with a header line,
 * and JSON lines (`JSON.stringify` of the record, Zeek's field names). vigil adds Zeek's optional
 * `community_id` column (as Zeek's policy/protocols/conn/community-id-logging does).
 */
import { type FlowRecord, FlowStatsSchema, ZEEK_CONN_FIELDS, ZEEK_CONN_TYPES } from "../../schemas/flow.js";

const ZEEK_FIELDS = [...ZEEK_CONN_FIELDS, "community_id"] as const;
const ZEEK_TYPES = [...ZEEK_CONN_FIELDS.map((f) => ZEEK_CONN_TYPES[f]), "string"];

function zeekTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

/** The header lines of a Zeek conn log (each ending in "\n"). */
export function zeekHeader(openedAt: Date = new Date()): string {
  return [
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    "#path\tconn",
    `#open\t${zeekTime(openedAt)}`,
    `#fields\t${ZEEK_FIELDS.join("\t")}`,
    `#types\t${ZEEK_TYPES.join("\t")}`,
    "",
  ].join("\n");
}

export function zeekFooter(closedAt: Date = new Date()): string {
  return `#close\t${zeekTime(closedAt)}\n`;
}

function zeekValue(v: unknown, type: string): string {
  if (v === null || v === undefined) return "-";
  if (typeof v === "boolean") return v ? "T" : "F";
  if (typeof v === "number") return type === "time" || type === "interval" ? v.toFixed(6) : String(v);
  const s = String(v);
  if (s === "") return "(empty)";
  return s.replace(/\t/g, "\\x09").replace(/\n/g, "\\x0a");
}

/** One record as a Zeek TSV line (with "\n"). */
export function zeekLine(rec: FlowRecord): string {
  const cols: string[] = [];
  for (let i = 0; i < ZEEK_FIELDS.length; i++) {
    const f = ZEEK_FIELDS[i];
    cols.push(zeekValue((rec as Record<string, unknown>)[f], ZEEK_TYPES[i]));
  }
  return `${cols.join("\t")}\n`;
}

const STATS_KEYS = Object.keys(FlowStatsSchema.shape) as (keyof typeof FlowStatsSchema.shape)[];
const CSV_FIELDS = [...ZEEK_CONN_FIELDS, "ip_proto", "community_id", "end_reason", ...STATS_KEYS];

export function csvHeader(): string {
  return `${CSV_FIELDS.join(",")}\n`;
}

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(";");
  if (typeof v === "boolean") return v ? "true" : "false";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record as a CSV line (with "\n"); stats columns are empty for records without stats. */
export function csvLine(rec: FlowRecord): string {
  const r = rec as Record<string, unknown>;
  const st = rec.stats as Record<string, unknown> | null;
  const cols: string[] = [];
  for (const f of CSV_FIELDS)
    cols.push(csvValue(f in r && f !== "stats" ? r[f] : st === null ? null : st[f]));
  return `${cols.join(",")}\n`;
}
