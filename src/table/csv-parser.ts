/**
 * A streaming RFC 4180 record parser: text arrives in chunks of any size (a record, a quoted field or
 * a CRLF may straddle two chunks); each complete record is handed to `onRecord` as a view of field
 * ranges in the current text, so numeric fields are parsed without allocating a string.
 * - fields are separated by `delimiter` (one character), records by LF, CRLF or a lone CR;
 * - a field that starts with `quote` runs to the matching quote; a doubled quote inside is one quote;
 *   delimiters and line breaks inside quotes belong to the field;
 * - blank lines are skipped;
 * - text after a closing quote, or a quote left open at the end, is an E_FORMAT error naming the line.
 */
import { VigilError } from "../errors.js";
import { parseNumberRange } from "./parse-number.js";

export interface CsvDialect {
  /** One character; default ",". */
  delimiter?: string;
  /** One character; default '"'; null: no quoting (Zeek logs, TSV). */
  quote?: string | null;
}

/** One record, valid only during the `onRecord` call. */
export interface CsvRecord {
  readonly fieldCount: number;
  /** 1-based line where the record starts. */
  readonly line: number;
  /** 0-based record number (blank lines not counted, header included). */
  readonly record: number;
  /** Field text, quotes removed and doubled quotes undone. */
  text(i: number): string;
  /** The field as a number; NaN when it is not one. */
  number(i: number): number;
  /** True when the field's raw text (quotes removed, no escapes) is `value`: compares without slicing. */
  rawEquals(i: number, value: string): boolean;
  /** True when the field is empty (zero characters, unquoted). */
  isEmpty(i: number): boolean;
}

const FLAG_PLAIN = 0;
const FLAG_QUOTED = 1;
const FLAG_QUOTED_ESCAPES = 2;
const LF = 10;
const CR = 13;

export class CsvRecordParser implements CsvRecord {
  private readonly delim: number;
  private readonly quoteCode: number;
  private pending = "";
  private text_ = "";
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private flags = new Uint8Array(64);
  fieldCount = 0;
  line = 1;
  record = 0;
  private nextLine = 1;
  private ended = false;

  constructor(
    dialect: CsvDialect,
    private readonly onRecord: (r: CsvRecord) => void,
  ) {
    const delimiter = dialect.delimiter ?? ",";
    const quote = dialect.quote === undefined ? '"' : dialect.quote;
    if (delimiter.length !== 1 || (quote !== null && (quote.length !== 1 || delimiter === quote))) {
      throw new VigilError("E_CONFIG", `CSV delimiter and quote must be two different single characters`, {
        field: "delimiter",
      });
    }
    this.delim = delimiter.charCodeAt(0);
    this.quoteCode = quote === null ? -1 : quote.charCodeAt(0);
  }

  text(i: number): string {
    const s = this.text_.slice(this.starts[i], this.ends[i]);
    if (this.flags[i] !== FLAG_QUOTED_ESCAPES) return s;
    const q = String.fromCharCode(this.quoteCode);
    return s.split(q + q).join(q);
  }

  number(i: number): number {
    if (this.flags[i] === FLAG_QUOTED_ESCAPES) return Number.NaN;
    return parseNumberRange(this.text_, this.starts[i], this.ends[i]);
  }

  rawEquals(i: number, value: string): boolean {
    const start = this.starts[i];
    const len = this.ends[i] - start;
    if (len !== value.length || this.flags[i] === FLAG_QUOTED_ESCAPES) return false;
    const s = this.text_;
    for (let k = 0; k < len; k++) if (s.charCodeAt(start + k) !== value.charCodeAt(k)) return false;
    return true;
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i] && this.flags[i] === FLAG_PLAIN;
  }

  /** Feeds the next piece of text. */
  push(chunk: string): void {
    if (this.ended) throw new VigilError("E_INTERNAL", "CsvRecordParser.push after end()");
    const s = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.pending = "";
    this.parse(s, false);
  }

  /** Marks the end of the input: a last record without a line break is emitted. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const s = this.pending;
    this.pending = "";
    if (s.length > 0) this.parse(s, true);
  }

  private addField(start: number, end: number, flag: number): void {
    const n = this.fieldCount;
    if (n === this.starts.length) {
      const grow = n * 2;
      const st = new Int32Array(grow);
      st.set(this.starts);
      this.starts = st;
      const en = new Int32Array(grow);
      en.set(this.ends);
      this.ends = en;
      const fl = new Uint8Array(grow);
      fl.set(this.flags);
      this.flags = fl;
    }
    this.starts[n] = start;
    this.ends[n] = end;
    this.flags[n] = flag;
    this.fieldCount = n + 1;
  }

  private parse(s: string, final: boolean): void {
    this.text_ = s;
    const len = s.length;
    const delim = this.delim;
    const quote = this.quoteCode;
    let pos = 0;
    let line = this.nextLine;
    while (pos < len) {
      const recordStart = pos;
      const recordLine = line;
      this.fieldCount = 0;
      let i = pos;
      let complete = false;
      let next = 0; // position after the record's line break
      // blank line
      const c0 = s.charCodeAt(i);
      if (c0 === LF || c0 === CR) {
        if (c0 === CR) {
          if (i + 1 === len && !final) break;
          if (i + 1 < len && s.charCodeAt(i + 1) === LF) i++;
        }
        pos = i + 1;
        line++;
        continue;
      }
      for (;;) {
        // one field starting at i
        if (i < len && s.charCodeAt(i) === quote) {
          const fieldStart = i + 1;
          let j = fieldStart;
          let escapes = false;
          let closed = false;
          while (j < len) {
            const c = s.charCodeAt(j);
            if (c === quote) {
              if (j + 1 < len && s.charCodeAt(j + 1) === quote) {
                escapes = true;
                j += 2;
                continue;
              }
              if (j + 1 === len && !final) break; // a doubled quote may straddle chunks
              closed = true;
              break;
            }
            if (c === LF) line++;
            else if (c === CR && !(j + 1 < len && s.charCodeAt(j + 1) === LF)) line++;
            j++;
          }
          if (!closed) {
            if (final) {
              throw new VigilError("E_FORMAT", "quoted field is never closed", {
                line: recordLine,
                record: this.record,
                field: `#${this.fieldCount + 1}`,
              });
            }
            break; // incomplete: wait for more text
          }
          this.addField(fieldStart, j, escapes ? FLAG_QUOTED_ESCAPES : FLAG_QUOTED);
          i = j + 1;
          if (i === len) {
            if (!final) break;
            complete = true;
            next = len;
            break;
          }
          const c = s.charCodeAt(i);
          if (c === delim) {
            i++;
            continue;
          }
          if (c === LF || c === CR) {
            if (c === CR) {
              if (i + 1 === len && !final) break;
              if (i + 1 < len && s.charCodeAt(i + 1) === LF) i++;
            }
            complete = true;
            next = i + 1;
            line++;
            break;
          }
          throw new VigilError(
            "E_FORMAT",
            `unexpected character ${JSON.stringify(s[i])} after a closing quote`,
            {
              line,
              record: this.record,
              field: `#${this.fieldCount}`,
            },
          );
        }
        // unquoted field
        let j = i;
        let c = 0;
        while (j < len) {
          c = s.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        if (j === len) {
          if (!final) break;
          this.addField(i, j, FLAG_PLAIN);
          complete = true;
          next = len;
          break;
        }
        this.addField(i, j, FLAG_PLAIN);
        if (c === delim) {
          i = j + 1;
          continue;
        }
        if (c === CR) {
          if (j + 1 === len && !final) break;
          if (j + 1 < len && s.charCodeAt(j + 1) === LF) j++;
        }
        complete = true;
        next = j + 1;
        line++;
        break;
      }
      if (!complete) {
        this.pending = s.slice(recordStart);
        line = recordLine;
        break;
      }
      this.line = recordLine;
      this.onRecord(this);
      this.record++;
      pos = next;
    }
    this.nextLine = line;
    this.text_ = "";
  }
}
