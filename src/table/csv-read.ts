/**
 * Reads delimited text into a columnar Table, streaming: numeric columns go straight to Float32Array,
 * categorical ones to dictionary codes. Column types are given ("numeric", "categorical", "skip") or
 * inferred ("auto": read as categorical, turned numeric when every distinct value is a number).
 * Bad rows (wrong field count, a non-number in a numeric column) raise an E_FORMAT VigilError naming
 * file, line, record and field, or with `badRows: "skip"` are skipped and counted.
 */
import { VigilError } from "../errors.js";
import {
  type CategoricalColumn,
  CategoricalColumnBuilder,
  type Column,
  type NumericColumn,
  NumericColumnBuilder,
} from "./column.js";
import { type CsvDialect, type CsvRecord, CsvRecordParser } from "./csv-parser.js";
import { parseNumberRange } from "./parse-number.js";
import { type Table, table } from "./table.js";
import type { TextSource } from "./text-source.js";

export type CsvColumnType = "numeric" | "categorical" | "auto" | "skip";

/** Values read as missing (NaN / code -1) unless the caller says otherwise. */
export const DEFAULT_MISSING_VALUES: readonly string[] = [
  "",
  "-",
  "?",
  "NA",
  "N/A",
  "NaN",
  "nan",
  "null",
  "(empty)",
];

export interface CsvReadOptions extends CsvDialect {
  /** true: the first record names the columns; "auto" (default): it does when none of its fields is a number. */
  header?: boolean | "auto";
  /** Column names for a file without a header (or to replace the header's names). */
  columnNames?: string[];
  /** Type per column name; unlisted columns get `defaultType`. */
  columnTypes?: Record<string, CsvColumnType>;
  /** Default "auto". */
  defaultType?: CsvColumnType;
  /** Field values meaning "missing"; default DEFAULT_MISSING_VALUES. */
  missingValues?: readonly string[];
  /** Trim spaces around categorical values (numbers are always trimmed). Default true. */
  trim?: boolean;
  /** "error" (default): the first bad row throws; "skip": bad rows are skipped and counted. */
  badRows?: "error" | "skip";
  /** Columns that must have a value: a missing one makes the row bad (labels). */
  required?: readonly string[];
  /** Stop after this many data rows. */
  maxRows?: number;
  /** Capacity hint. */
  expectedRows?: number;
}

export interface BadRow {
  line: number;
  record: number;
  field?: string;
  message: string;
}

export interface CsvReadResult {
  table: Table;
  /** Column names as read (header or given), before skipping. */
  header: string[];
  /** Bad rows skipped under `badRows: "skip"`. */
  skippedRows: number;
  /** The first few skipped rows, for the report. */
  badRowSamples: BadRow[];
}

const MAX_BAD_SAMPLES = 20;

type Slot =
  | { kind: "numeric"; index: number; name: string; builder: NumericColumnBuilder }
  | { kind: "categorical"; index: number; name: string; builder: CategoricalColumnBuilder; auto: boolean };

class StopReading extends Error {}

export async function readCsvTable(source: TextSource, options: CsvReadOptions = {}): Promise<CsvReadResult> {
  const missing = new Set(options.missingValues ?? DEFAULT_MISSING_VALUES);
  const trim = options.trim ?? true;
  const policy = options.badRows ?? "error";
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const capacity = Math.min(options.expectedRows ?? 4096, 1 << 24);
  const types = options.columnTypes ?? {};
  const defaultType = options.defaultType ?? "auto";

  let header: string[] | undefined;
  let slots: Slot[] = [];
  let numericSlots: Slot[] = [];
  let categoricalSlots: Slot[] = [];
  let requiredSlots: Slot[] = [];
  let lastRaw: string[] = [];
  let lastCode = new Int32Array(0);
  let scratch = new Float64Array(0);
  let rows = 0;
  let skippedRows = 0;
  const badRowSamples: BadRow[] = [];

  const setup = (names: string[]): void => {
    header = dedupe(names);
    for (const name of Object.keys(types)) {
      if (!header.includes(name)) {
        throw new VigilError("E_SCHEMA", `column "${name}" is typed but not in the file`, {
          file: source.name,
          field: name,
        });
      }
    }
    slots = [];
    header.forEach((name, index) => {
      const t = types[name] ?? defaultType;
      if (t === "skip") return;
      if (t === "numeric")
        slots.push({ kind: "numeric", index, name, builder: new NumericColumnBuilder(name, capacity) });
      else {
        const builder = new CategoricalColumnBuilder(name, capacity);
        slots.push({ kind: "categorical", index, name, builder, auto: t === "auto" });
      }
    });
    numericSlots = slots.filter((s) => s.kind === "numeric");
    categoricalSlots = slots.filter((s) => s.kind === "categorical");
    scratch = new Float64Array(numericSlots.length);
    lastRaw = categoricalSlots.map(() => "\u0000");
    lastCode = new Int32Array(categoricalSlots.length);
    const required = new Set(options.required ?? []);
    for (const name of required) {
      if (
        !header.includes(name) ||
        types[name] === "skip" ||
        (types[name] === undefined && defaultType === "skip")
      ) {
        throw new VigilError("E_SCHEMA", `required column "${name}" is not read`, {
          file: source.name,
          field: name,
        });
      }
    }
    requiredSlots = slots.filter((s) => required.has(s.name));
  };

  const bad = (r: CsvRecord, message: string, field?: string): void => {
    if (policy === "error") {
      throw new VigilError("E_FORMAT", message, { file: source.name, line: r.line, record: r.record, field });
    }
    skippedRows++;
    if (badRowSamples.length < MAX_BAD_SAMPLES)
      badRowSamples.push({ line: r.line, record: r.record, field, message });
  };

  const onRecord = (r: CsvRecord): void => {
    if (header === undefined) {
      const isHeader =
        options.header === "auto" || options.header === undefined ? looksLikeHeader(r) : options.header;
      if (isHeader) {
        const names: string[] = [];
        for (let i = 0; i < r.fieldCount; i++) names.push(r.text(i).trim());
        setup(options.columnNames ?? names);
        if (header!.length !== r.fieldCount) {
          throw new VigilError(
            "E_SCHEMA",
            `${header!.length} column names given, header has ${r.fieldCount}`,
            {
              file: source.name,
              line: r.line,
            },
          );
        }
        return;
      }
      const names = options.columnNames ?? Array.from({ length: r.fieldCount }, (_, i) => `column_${i + 1}`);
      setup(names);
    }
    if (rows >= maxRows) throw new StopReading();
    const expected = header!.length;
    if (r.fieldCount !== expected) {
      bad(r, `expected ${expected} fields, found ${r.fieldCount}`);
      return;
    }
    // validate and parse numbers first, so a rejected row leaves no partial values behind
    for (let k = 0; k < requiredSlots.length; k++) {
      const t = r.text(requiredSlots[k].index).trim();
      if (missing.has(t)) {
        bad(r, `column "${requiredSlots[k].name}" has no value`, requiredSlots[k].name);
        return;
      }
    }
    for (let k = 0; k < numericSlots.length; k++) {
      const idx = numericSlots[k].index;
      let v = r.number(idx);
      if (Number.isNaN(v)) {
        const t = r.text(idx);
        if (!missing.has(t) && !missing.has(t.trim())) {
          bad(
            r,
            `column "${numericSlots[k].name}": ${JSON.stringify(t)} is not a number`,
            numericSlots[k].name,
          );
          return;
        }
        v = Number.NaN;
      }
      scratch[k] = v;
    }
    for (let k = 0; k < numericSlots.length; k++)
      (numericSlots[k].builder as NumericColumnBuilder).push(scratch[k]);
    for (let k = 0; k < categoricalSlots.length; k++) {
      const slot = categoricalSlots[k];
      const builder = slot.builder as CategoricalColumnBuilder;
      // runs of one value are common ("-", "tcp"): compare with the last raw text before slicing
      if (r.rawEquals(slot.index, lastRaw[k])) {
        builder.pushCode(lastCode[k]);
        continue;
      }
      const raw = r.text(slot.index);
      const t = trim ? raw.trim() : raw;
      lastRaw[k] = raw;
      lastCode[k] = builder.push(missing.has(t) ? undefined : t);
    }
    rows++;
  };

  const parser = new CsvRecordParser(options, onRecord);
  try {
    for await (const chunk of source.chunks()) parser.push(chunk);
    parser.end();
  } catch (e) {
    if (!(e instanceof StopReading)) {
      if (e instanceof VigilError) throw e.context.file ? e : e.withContext({ file: source.name });
      throw e;
    }
  }
  if (header === undefined) {
    if (options.columnNames === undefined) {
      throw new VigilError("E_FORMAT", "no records: the file is empty", { file: source.name });
    }
    setup(options.columnNames);
  }
  const columns: Column[] = slots.map((slot) => {
    if (slot.kind === "numeric") return slot.builder.finish();
    const col = slot.builder.finish();
    return slot.auto ? (numericIfAllNumbers(col, missing) ?? col) : col;
  });
  return { table: table(columns), header: header!, skippedRows, badRowSamples };
}

/** A header row has no field that reads as a number. */
function looksLikeHeader(r: CsvRecord): boolean {
  for (let i = 0; i < r.fieldCount; i++) {
    const v = r.number(i);
    if (!Number.isNaN(v)) return false;
  }
  return true;
}

/** The column as numbers when every distinct (non-missing) value is one; undefined otherwise. */
export function numericIfAllNumbers(col: CategoricalColumn, missing: Set<string>): NumericColumn | undefined {
  const dictValues = new Float32Array(col.dictionary.length);
  for (let k = 0; k < col.dictionary.length; k++) {
    const s = col.dictionary[k];
    const v = parseNumberRange(s, 0, s.length);
    if (Number.isNaN(v)) {
      if (missing.has(s)) dictValues[k] = Number.NaN;
      else return undefined;
    } else dictValues[k] = v;
  }
  const values = new Float32Array(col.codes.length);
  for (let i = 0; i < values.length; i++) {
    const c = col.codes[i];
    values[i] = c < 0 ? Number.NaN : dictValues[c];
  }
  return { kind: "numeric", name: col.name, values };
}

function dedupe(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw === "" ? `column_${i + 1}` : raw;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}_${n + 1}`;
  });
}
