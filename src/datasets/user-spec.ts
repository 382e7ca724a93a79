/**
 * A user's own CSV as a dataset, without code: a JSON spec file (written by `vigil dataset inspect`,
 * edited by hand) says how to read the file and what each column is. Validated with zod at load.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { VigilError } from "../errors.js";
import { type CsvColumnType, DEFAULT_MISSING_VALUES, readCsvTable } from "../table/csv-read.js";
import { fileSource, zipEntrySource } from "../table/text-source.js";
import { type Dataset, datasetFromTable, type LoadDatasetOptions } from "./index.js";
import type { DatasetSpec } from "./spec.js";
import { TAXONOMY, type TaxonomyLabel } from "./taxonomy.js";

export const ColumnRoleSchema = z.enum(["numeric", "categorical", "identifier", "ignore"]);
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;

export const UserSpecSchema = z
  .object({
    format: z.literal("vigil-dataset-spec"),
    version: z.literal(1),
    /** Data file, relative to the spec file's folder (a .zip reads its single CSV entry). */
    file: z.string().min(1),
    /** Entry inside a zip (exact name or suffix). */
    zipEntry: z.string().optional(),
    delimiter: z.string().length(1).default(","),
    quote: z.string().length(1).nullable().default('"'),
    header: z.union([z.boolean(), z.literal("auto")]).default("auto"),
    /** Names for a file without a header. */
    columnNames: z.array(z.string()).optional(),
    missingValues: z.array(z.string()).default([...DEFAULT_MISSING_VALUES]),
    badRows: z.enum(["error", "skip"]).default("error"),
    /** Role of each column; columns not listed are ignored. */
    columns: z.record(z.string(), ColumnRoleSchema),
    /** The label column (its values are the fine labels). */
    label: z.string().min(1),
    /** Fine label → taxonomy class; labels absent here are benign when in `benignLabels`, else "other". */
    taxonomy: z.record(z.string(), z.enum(TAXONOMY)).default({}),
    benignLabels: z.array(z.string()).default(["normal", "benign", "0"]),
    /** Column naming each row's group (device, capture, host) for grouped splits. */
    group: z.string().optional(),
    groupKind: z.enum(["device", "capture", "host"]).default("host"),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.label in s.columns && s.columns[s.label] !== "ignore") {
      ctx.addIssue({
        code: "custom",
        path: ["columns", s.label],
        message: "the label column cannot be a feature or identifier",
      });
    }
  });

export type UserSpec = z.infer<typeof UserSpecSchema>;
export type UserSpecInput = z.input<typeof UserSpecSchema>;

/** Reads and validates a spec file; errors name the file and the failing field. */
export async function readUserSpec(path: string): Promise<UserSpec> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === undefined ? "E_FORMAT" : "E_IO";
    throw new VigilError(code, `cannot read spec: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  const parsed = UserSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VigilError("E_SCHEMA", `invalid dataset spec: ${issue.message}`, {
      file: path,
      field: issue.path.join(".") || "(root)",
    });
  }
  return parsed.data;
}

export interface UserDatasetResult {
  dataset: Dataset;
  skippedRows: number;
  badRowSamples: { line: number; field?: string; message: string }[];
}

/** Loads the CSV a spec file describes. `specPath` locates relative data paths. */
export async function loadUserDataset(
  spec: UserSpec,
  specPath: string,
  options: Omit<LoadDatasetOptions, "sharedDir"> = {},
): Promise<UserDatasetResult> {
  const dataPath = isAbsolute(spec.file) ? spec.file : resolve(dirname(specPath), spec.file);
  const source = dataPath.endsWith(".zip") ? zipEntrySource(dataPath, spec.zipEntry) : fileSource(dataPath);
  const columnTypes: Record<string, CsvColumnType> = {};
  for (const [name, role] of Object.entries(spec.columns)) {
    columnTypes[name] = role === "numeric" ? "numeric" : role === "ignore" ? "skip" : "categorical";
  }
  columnTypes[spec.label] = "categorical";
  if (spec.group !== undefined) columnTypes[spec.group] = "categorical";
  const res = await readCsvTable(source, {
    delimiter: spec.delimiter,
    quote: spec.quote,
    header: spec.header,
    columnNames: spec.columnNames,
    missingValues: spec.missingValues,
    columnTypes,
    defaultType: "skip",
    badRows: options.badRows ?? spec.badRows,
    required: [spec.label],
  });
  const roles = Object.entries(spec.columns);
  const benign = new Set(spec.benignLabels.map((b) => b.toLowerCase()));
  const taxonomy = new Map(Object.entries(spec.taxonomy).map(([k, v]) => [k.toLowerCase(), v]));
  const dsSpec: DatasetSpec = {
    id: `file:${dataPath}`,
    title: dataPath,
    files: [dataPath],
    notes: "user dataset",
    numeric: roles.filter(([, r]) => r === "numeric").map(([n]) => n),
    categorical: roles.filter(([, r]) => r === "categorical").map(([n]) => n),
    identifiers: roles.filter(([, r]) => r === "identifier").map(([n]) => n),
    labelDerived: [],
    label: spec.label,
    toTaxonomy: (v): TaxonomyLabel =>
      taxonomy.get(v.toLowerCase()) ?? (benign.has(v.toLowerCase()) ? "benign" : "other"),
    group: spec.group === undefined ? undefined : { column: spec.group, kind: spec.groupKind },
    read: async () => res.table,
  };
  const dataset = datasetFromTable(dsSpec, res.table, options);
  return { dataset, skippedRows: res.skippedRows, badRowSamples: res.badRowSamples };
}
