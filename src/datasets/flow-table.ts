/**
 * Flow records (from the flow engine or a Zeek log) → a Table: FLOW_NUMERIC_FEATURES as numeric columns,
 * plus the identifiers (ts as text: a Float32 cannot hold epoch seconds; uid, addresses, ports) and
 * class / capture / label columns.
 */
import { join } from "node:path";
import { VigilError } from "../errors.js";
import {
  FLOW_NUMERIC_FEATURES,
  type FlowRecord,
  flowRecordsFromCapture,
  flowToVector,
} from "../features/flows/index.js";
import { CategoricalColumnBuilder, type Column, NumericColumnBuilder } from "../table/column.js";
import { concatTables, constantCategorical, type Table, table } from "../table/table.js";

export const FLOW_IDENTIFIERS = ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"] as const;

/**
 * @param constants columns holding one value on every row (class, capture)
 * @param perRecord categorical columns computed from each record (labels carried by the input)
 */
export function flowRecordsToTable(
  records: readonly FlowRecord[],
  constants: Record<string, string> = {},
  perRecord: Record<string, (rec: FlowRecord) => string | null | undefined> = {},
): Table {
  const n = records.length;
  const width = FLOW_NUMERIC_FEATURES.length;
  const values = FLOW_NUMERIC_FEATURES.map(() => new Float32Array(n));
  const vec = new Float32Array(width);
  const ts = new CategoricalColumnBuilder("ts", n);
  const uid = new CategoricalColumnBuilder("uid", n);
  const origH = new CategoricalColumnBuilder("id.orig_h", n);
  const respH = new CategoricalColumnBuilder("id.resp_h", n);
  const origP = new NumericColumnBuilder("id.orig_p", n);
  const respP = new NumericColumnBuilder("id.resp_p", n);
  for (let r = 0; r < n; r++) {
    const rec = records[r];
    flowToVector(rec, vec);
    for (let k = 0; k < width; k++) values[k][r] = vec[k];
    ts.push(String(rec.ts));
    uid.push(rec.uid);
    origH.push(rec["id.orig_h"]);
    respH.push(rec["id.resp_h"]);
    origP.push(rec["id.orig_p"]);
    respP.push(rec["id.resp_p"]);
  }
  const columns: Column[] = FLOW_NUMERIC_FEATURES.map((name, k) => ({
    kind: "numeric",
    name,
    values: values[k],
  }));
  columns.push(ts.finish(), uid.finish(), origH.finish(), origP.finish(), respH.finish(), respP.finish());
  for (const [name, value] of Object.entries(constants)) columns.push(constantCategorical(name, value, n));
  for (const [name, get] of Object.entries(perRecord)) {
    const b = new CategoricalColumnBuilder(name, n);
    for (let r = 0; r < n; r++) b.push(get(records[r]) ?? undefined);
    columns.push(b.finish());
  }
  return table(columns);
}

/**
 * Captures → one flow table: each file through the flow engine, its rows tagged with a class and the
 * capture's file name (`class`, `capture` columns). Paths are relative to `dir`.
 */
export async function flowTableFromCaptures(
  dir: string,
  captures: readonly { file: string; cls: string }[],
): Promise<Table> {
  const parts: Table[] = [];
  for (const { file, cls } of captures) {
    const path = join(dir, file);
    let records: FlowRecord[];
    try {
      records = await flowRecordsFromCapture(path);
    } catch (e) {
      if (e instanceof VigilError) throw e.withContext({ file: path });
      throw e;
    }
    parts.push(flowRecordsToTable(records, { class: cls, capture: file }));
  }
  return concatTables(parts);
}
