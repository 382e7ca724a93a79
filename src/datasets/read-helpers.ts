/** Small helpers the dataset specs share: reading a CSV (plain or zipped) with declared column types. */
import { join } from "node:path";
import { type CsvColumnType, type CsvReadOptions, readCsvTable } from "../table/csv-read.js";
import type { Table } from "../table/table.js";
import { fileSource, type TextSource, zipEntrySource } from "../table/text-source.js";
import type { SpecReadContext } from "./spec.js";

export interface SpecColumns {
  numeric?: readonly string[];
  categorical?: readonly string[];
}

/** Column types from lists of numeric and categorical names (anything else: "skip"). */
export function columnTypes(cols: SpecColumns): Record<string, CsvColumnType> {
  const out: Record<string, CsvColumnType> = {};
  for (const n of cols.numeric ?? []) out[n] = "numeric";
  for (const n of cols.categorical ?? []) out[n] = "categorical";
  return out;
}

/** A text source for a dataset file: a `.zip` streams its single (or named) entry. */
export function datasetSource(ctx: SpecReadContext, relPath: string, zipEntry?: string): TextSource {
  const path = join(ctx.datasetsDir, relPath);
  return path.endsWith(".zip") ? zipEntrySource(path, zipEntry) : fileSource(path);
}

/** Reads a dataset CSV keeping only the named columns, with their declared types. */
export async function readSpecCsv(
  ctx: SpecReadContext,
  relPath: string,
  cols: SpecColumns,
  options: Omit<CsvReadOptions, "columnTypes" | "defaultType" | "badRows"> = {},
): Promise<Table> {
  const res = await readCsvTable(datasetSource(ctx, relPath), {
    ...options,
    columnTypes: columnTypes(cols),
    defaultType: "skip",
    badRows: ctx.badRows,
  });
  return res.table;
}
