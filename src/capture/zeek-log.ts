/**
 * Zeek conn.log reader (Zeek's ASCII log format): header lines #separator (escaped, e.g. "\x09"),
 * #set_separator, #empty_field, #unset_field, #path, #fields, #types; then one connection per line.
 * Unset values ("-") become null, the empty field ("(empty)") an empty string. Values are converted
 * by their #types (time/interval → seconds, count/port → integers, bool T/F, addr/string/enum text).
 *
 * Also reads the labelled IoT-23 variant, whose last three columns (tunnel_parents, label,
 * detailed-label) are separated by spaces instead of the separator, in both #fields/#types and data.
 *
 * Records come out in the flow-record shape (src/schemas/flow.ts) with `stats: null`,
 * `end_reason: "external"`, a Community ID computed from the 5-tuple when the log has none, and the
 * IoT-23 labels in `label` / `detailed_label`. A bad line is an E_FORMAT error naming the file, the
 * 1-based line and the field; with `strict: false` it is skipped and counted instead.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { communityId } from "../decode/community-id.js";
import { parseIpBytes } from "../decode/ip-text.js";
import { VigilError } from "../errors.js";
import {
  CONN_STATES,
  type ConnState,
  FLOW_PROTOS,
  type FlowProto,
  type FlowRecord,
} from "../schemas/flow.js";

export interface ZeekLogOptions {
  /** Throw on the first bad line (default) or skip bad lines and count them. */
  strict?: boolean;
  /** Most skipped-line messages kept in `warnings` (default 100). */
  maxWarnings?: number;
  /** Compute community_id when the log has no such column (default true). */
  communityId?: boolean;
}

export interface ZeekLogResult {
  /** Records handed to the callback. */
  records: number;
  /** Data lines skipped as bad (strict: false only). */
  skipped: number;
  /** "line 12 field orig_bytes: ..." for the first skipped lines. */
  warnings: string[];
  /** The #path header ("conn"), or null when absent. */
  path: string | null;
}

const REQUIRED = ["ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto"] as const;
const CONN_STATE_SET: ReadonlySet<string> = new Set(CONN_STATES);
const PROTO_SET: ReadonlySet<string> = new Set(FLOW_PROTOS);

/** Turns Zeek's escaped separator ("\x09") into the character. */
function unescapeSeparator(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

type Value = string | number | boolean | null;

/** Line-by-line parser (usable on any line source); `push` returns a record, null (header/blank), or throws. */
export class ZeekConnLogParser {
  private sep = "\t";
  private unset = "-";
  private empty = "(empty)";
  private fields: string[] = [];
  private types: string[] = [];
  /** Index in the data line's separator-split columns where space-separated columns start (-1: none). */
  private spaceSplitFrom = -1;
  path: string | null = null;
  private readonly withCommunityId: boolean;

  constructor(
    readonly name: string,
    opts: ZeekLogOptions = {},
  ) {
    this.withCommunityId = opts.communityId ?? true;
  }

  private fail(message: string, line: number, field?: string): VigilError {
    return new VigilError("E_FORMAT", message, { file: this.name, line, field });
  }

  /** Splits a header's value list, expanding a last entry that holds space-separated names (IoT-23). */
  private headerList(rest: string, line: number, what: string): string[] {
    const parts = rest.split(this.sep);
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const sub = parts[i].trim().split(/\s+/);
      if (sub.length > 1) {
        if (i !== parts.length - 1)
          throw this.fail(`${what}: only the last entry may hold space-separated names`, line, what);
        if (this.spaceSplitFrom < 0) this.spaceSplitFrom = i;
      }
      out.push(...sub);
    }
    return out;
  }

  private header(text: string, line: number): void {
    const sp = text.indexOf(text.startsWith("#separator") ? " " : this.sep);
    const key = sp < 0 ? text.slice(1) : text.slice(1, sp);
    const rest = sp < 0 ? "" : text.slice(sp + 1);
    switch (key) {
      case "separator":
        this.sep = unescapeSeparator(rest);
        if (this.sep === "") throw this.fail("empty #separator", line, "#separator");
        break;
      case "unset_field":
        this.unset = rest;
        break;
      case "empty_field":
        this.empty = rest;
        break;
      case "path":
        this.path = rest;
        break;
      case "fields":
        this.spaceSplitFrom = -1;
        this.fields = this.headerList(rest, line, "#fields");
        for (const f of REQUIRED) {
          if (!this.fields.includes(f)) throw this.fail(`#fields lacks required field "${f}"`, line, f);
        }
        break;
      case "types":
        this.types = this.headerList(rest, line, "#types");
        if (this.types.length !== this.fields.length) {
          throw this.fail(
            `#types has ${this.types.length} entries, #fields ${this.fields.length}`,
            line,
            "#types",
          );
        }
        break;
      default:
        break; // #set_separator, #open, #close and unknown headers carry nothing the reader needs
    }
  }

  private columns(text: string, line: number): string[] {
    const cols = text.split(this.sep);
    if (this.spaceSplitFrom >= 0 && cols.length === this.spaceSplitFrom + 1) {
      const tail = cols.pop()!.trim().split(/\s+/);
      cols.push(...tail);
    }
    if (cols.length !== this.fields.length) {
      throw this.fail(
        `${cols.length} columns, #fields names ${this.fields.length}`,
        line,
        this.fields[Math.min(cols.length, this.fields.length) - 1],
      );
    }
    return cols;
  }

  private convert(raw: string, type: string, field: string, line: number): Value {
    if (raw === this.unset) return null;
    switch (type) {
      case "time":
      case "interval":
      case "double": {
        const n = Number(raw);
        if (raw === "" || !Number.isFinite(n))
          throw this.fail(`${type} value "${raw}" is not a number`, line, field);
        return n;
      }
      case "count":
      case "port":
      case "int": {
        if (!/^-?\d+$/.test(raw)) throw this.fail(`${type} value "${raw}" is not an integer`, line, field);
        const n = Number(raw);
        if (type !== "int" && n < 0) throw this.fail(`${type} value "${raw}" is negative`, line, field);
        if (type === "port" && n > 65535) throw this.fail(`port ${raw} > 65535`, line, field);
        return n;
      }
      case "bool":
        if (raw === "T") return true;
        if (raw === "F") return false;
        throw this.fail(`bool value "${raw}" is not T or F`, line, field);
      default:
        return raw === this.empty ? "" : raw;
    }
  }

  /** Parses one line (without its newline); 1-based `line` for errors. */
  push(text: string, line: number): FlowRecord | null {
    if (text === "" || text === "\r") return null;
    if (text.startsWith("#")) {
      this.header(text.replace(/\r$/, ""), line);
      return null;
    }
    if (this.fields.length === 0) throw this.fail("data line before the #fields header", line);
    const cols = this.columns(text.replace(/\r$/, ""), line);
    const v: Record<string, Value> = {};
    for (let i = 0; i < cols.length; i++) {
      const f = this.fields[i];
      v[f] = this.convert(cols[i], this.types[i] ?? "string", f, line);
    }
    return this.toRecord(v, line);
  }

  private toRecord(v: Record<string, Value>, line: number): FlowRecord {
    const req = <T>(f: string, ok: (x: Value) => x is T & Value): T => {
      const x = v[f];
      if (x === null || x === undefined || !ok(x))
        throw this.fail(`required field ${f} is ${x === null ? "unset" : `"${String(x)}"`}`, line, f);
      return x;
    };
    const isNum = (x: Value): x is number => typeof x === "number";
    const isStr = (x: Value): x is string => typeof x === "string";
    const num = (f: string): number | null => {
      const x = v[f];
      if (x === undefined || x === null) return null;
      if (typeof x !== "number") throw this.fail(`${f} is not a number`, line, f);
      return x;
    };
    const str = (f: string): string | null => {
      const x = v[f];
      return x === undefined || x === null ? null : String(x);
    };
    const bool = (f: string): boolean | null => (typeof v[f] === "boolean" ? (v[f] as boolean) : null);
    const proto = req("proto", isStr);
    if (!PROTO_SET.has(proto)) throw this.fail(`unknown proto "${proto}"`, line, "proto");
    const state = str("conn_state");
    if (state !== null && !CONN_STATE_SET.has(state))
      throw this.fail(`unknown conn_state "${state}"`, line, "conn_state");
    const origH = req("id.orig_h", isStr);
    const respH = req("id.resp_h", isStr);
    const origP = req("id.orig_p", isNum);
    const respP = req("id.resp_p", isNum);
    const origBytes = parseIpBytes(origH);
    const respBytes = parseIpBytes(respH);
    if (origBytes === null) throw this.fail(`bad address "${origH}"`, line, "id.orig_h");
    if (respBytes === null) throw this.fail(`bad address "${respH}"`, line, "id.resp_h");
    const v6 = origBytes.length === 16;
    const ipProto =
      num("ip_proto") ??
      (proto === "tcp" ? 6 : proto === "udp" ? 17 : proto === "icmp" ? (v6 ? 58 : 1) : null);
    let cid = str("community_id");
    if (cid === null && this.withCommunityId && ipProto !== null) {
      cid = communityId({ src: origBytes, dst: respBytes, proto: ipProto, srcPort: origP, dstPort: respP });
    }
    const rec: FlowRecord = {
      ts: req("ts", isNum),
      uid: str("uid") ?? `L${line}`,
      "id.orig_h": origH,
      "id.orig_p": origP,
      "id.resp_h": respH,
      "id.resp_p": respP,
      proto: proto as FlowProto,
      service: str("service"),
      duration: num("duration"),
      orig_bytes: num("orig_bytes"),
      resp_bytes: num("resp_bytes"),
      conn_state: state as ConnState | null,
      local_orig: bool("local_orig"),
      local_resp: bool("local_resp"),
      missed_bytes: num("missed_bytes") ?? 0,
      history: str("history"),
      orig_pkts: num("orig_pkts"),
      orig_ip_bytes: num("orig_ip_bytes"),
      resp_pkts: num("resp_pkts"),
      resp_ip_bytes: num("resp_ip_bytes"),
      ip_proto: ipProto,
      community_id: cid,
      end_reason: "external",
      stats: null,
    };
    if ("label" in v) rec.label = str("label");
    if ("detailed-label" in v) rec.detailed_label = str("detailed-label");
    return rec;
  }
}

/** Streams a conn.log (path, or a Readable) line by line into `onRecord`. */
export async function readZeekConnLog(
  source: string | Readable,
  onRecord: (rec: FlowRecord) => void,
  opts: ZeekLogOptions = {},
): Promise<ZeekLogResult> {
  const name = typeof source === "string" ? source : "stream";
  const parser = new ZeekConnLogParser(name, opts);
  const strict = opts.strict ?? true;
  const maxWarnings = opts.maxWarnings ?? 100;
  const result: ZeekLogResult = { records: 0, skipped: 0, warnings: [], path: null };
  if (typeof source === "string") {
    try {
      await stat(source);
    } catch (e) {
      throw new VigilError(
        "E_IO",
        `cannot read Zeek log: ${(e as Error).message}`,
        { file: name },
        { cause: e },
      );
    }
  }
  const input = typeof source === "string" ? createReadStream(source) : source;
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      let rec: FlowRecord | null;
      try {
        rec = parser.push(text, line);
      } catch (e) {
        if (strict || !(e instanceof VigilError) || text.startsWith("#")) throw e;
        result.skipped++;
        if (result.warnings.length < maxWarnings) result.warnings.push(e.message);
        continue;
      }
      if (rec !== null) {
        result.records++;
        onRecord(rec);
      }
    }
  } catch (e) {
    if (e instanceof VigilError) throw e;
    throw new VigilError(
      "E_IO",
      `cannot read Zeek log: ${(e as Error).message}`,
      { file: name, line },
      { cause: e },
    );
  } finally {
    rl.close();
  }
  result.path = parser.path;
  return result;
}

/** All records of a conn.log (small logs; datasets). */
export async function zeekConnLogRecords(path: string, opts: ZeekLogOptions = {}): Promise<FlowRecord[]> {
  const out: FlowRecord[] = [];
  await readZeekConnLog(path, (r) => out.push(r), opts);
  return out;
}
