/**
 * Built-in datasets: `loadDataset(id)` reads a public dataset through its spec into a Table, then the
 * feature Matrix, labels at the chosen level, groups and times; `listDatasets()` names them.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import { getCategorical, hasColumn, type Table } from "../table/table.js";
import { toMatrix } from "../table/to-matrix.js";
import { type CodedLabels, encodeLabels } from "./labels.js";
import { allSpecs, findSpec } from "./registry.js";
import { datasetsDir, defaultSharedDir } from "./shared-dir.js";
import type { DatasetSpec } from "./spec.js";
import type { LabelLevel, TaxonomyLabel } from "./taxonomy.js";

export type { CodedLabels } from "./labels.js";
export { classCounts } from "./labels.js";
export type { DatasetSpec } from "./spec.js";
export { BINARY_CLASSES, type LabelLevel, TAXONOMY, type TaxonomyLabel } from "./taxonomy.js";

export interface LoadDatasetOptions {
  /** Folder holding datasets/ (default $VIGIL_SHARED_DIR or ../shared from the project root). */
  sharedDir?: string;
  /** Put identifier columns (addresses, ports, timestamps, ids) into the features (text ones as codes). Default false. */
  keepIdentifiers?: boolean;
  /** Default "fine". */
  labelLevel?: LabelLevel;
  /** Categorical features as one-hot columns (default) or as codes. */
  categorical?: "onehot" | "codes";
  /** One-hot: most frequent levels kept per column. Default 64. */
  maxLevels?: number;
  /** "error" (default): a bad row throws, naming file/line/field; "skip": skipped and counted. */
  badRows?: "error" | "skip";
}

export interface Dataset {
  id: string;
  title: string;
  notes: string;
  X: Matrix;
  /** Class index per row, at `labelLevel`. */
  y: Int32Array;
  classes: string[];
  labelLevel: LabelLevel;
  featureNames: string[];
  /** The dataset's own labels, per row. */
  fineLabels: CodedLabels;
  /** The common taxonomy class per row (only classes present are named). */
  taxonomyLabels: CodedLabels;
  /** Group index per row (device / capture / host) for grouped splits. */
  groups?: Int32Array;
  groupNames?: string[];
  groupKind?: "device" | "capture" | "host";
  /** Epoch seconds per row, for temporal splits (where the dataset has times). */
  time?: Float64Array;
  /** Every column read, identifiers and labels included. */
  table: Table;
  /** One-hot levels used (to encode other tables the same way). */
  levels: Record<string, string[]>;
}

export interface DatasetInfo {
  id: string;
  title: string;
  files: string[];
  notes: string;
  label: string;
  /** Whether its files are present under the shared dir. */
  available: boolean;
}

export function listDatasets(options: { sharedDir?: string } = {}): DatasetInfo[] {
  const dir = datasetsDir(options.sharedDir ?? defaultSharedDir());
  return allSpecs().map((s) => ({
    id: s.id,
    title: s.title,
    files: [...s.files],
    notes: s.notes,
    label: s.label,
    available: s.files.every((f) => existsSync(join(dir, f))),
  }));
}

export function datasetSpec(id: string): DatasetSpec {
  const spec = findSpec(id);
  if (spec === undefined) {
    const ids = allSpecs()
      .map((s) => s.id)
      .join(", ");
    throw new VigilError("E_CONFIG", `unknown dataset "${id}" (known: ${ids})`, { field: "dataset" });
  }
  return spec;
}

export async function loadDataset(id: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const spec = datasetSpec(id);
  const dir = datasetsDir(options.sharedDir ?? defaultSharedDir());
  const absent = spec.files.filter((f) => !existsSync(join(dir, f)));
  if (absent.length > 0) {
    throw new VigilError("E_IO", `dataset ${id}: files absent (${absent.join(", ")})`, {
      file: join(dir, absent[0]),
    });
  }
  let table: Table;
  try {
    table = await spec.read({ datasetsDir: dir, badRows: options.badRows ?? "error" });
  } catch (e) {
    if (e instanceof VigilError) throw e.withContext({ dataset: id });
    throw e;
  }
  return datasetFromTable(spec, table, options);
}

/** Features, labels, groups and times of a table read by `spec`. */
export function datasetFromTable(spec: DatasetSpec, table: Table, options: LoadDatasetOptions = {}): Dataset {
  const level = options.labelLevel ?? "fine";
  const features = [...spec.numeric, ...spec.categorical];
  if (options.keepIdentifiers) for (const c of spec.identifiers) if (hasColumn(table, c)) features.push(c);
  // kept identifiers (addresses, uids) are codes: a one-hot column per address would swamp the matrix
  const X = toMatrix(table, features, {
    categorical: options.categorical ?? "onehot",
    maxLevels: options.maxLevels,
    codesFor: spec.identifiers,
  });

  const fineCol = getCategorical(table, spec.label);
  const taxCol = getCategorical(table, spec.taxonomySource ?? spec.label);
  const taxOfCode: TaxonomyLabel[] = taxCol.dictionary.map((v) => spec.toTaxonomy(v));
  const labels = encodeLabels(
    fineCol,
    (r) => (taxCol.codes[r] < 0 ? "other" : taxOfCode[taxCol.codes[r]]),
    level,
    spec.id,
  );

  const out: Dataset = {
    id: spec.id,
    title: spec.title,
    notes: spec.notes,
    X: { rows: X.rows, cols: X.cols, data: X.data },
    y: labels.y,
    classes: labels.classes,
    labelLevel: level,
    featureNames: X.featureNames,
    fineLabels: labels.fine,
    taxonomyLabels: labels.taxonomy,
    table,
    levels: X.levels,
  };
  if (spec.group !== undefined && hasColumn(table, spec.group.column)) {
    const g = getCategorical(table, spec.group.column);
    const groups = new Int32Array(g.codes.length);
    let missing = -1;
    for (let i = 0; i < groups.length; i++) {
      if (g.codes[i] >= 0) groups[i] = g.codes[i];
      else {
        if (missing < 0) missing = g.dictionary.length;
        groups[i] = missing;
      }
    }
    out.groups = groups;
    out.groupNames = missing < 0 ? [...g.dictionary] : [...g.dictionary, "(missing)"];
    out.groupKind = spec.group.kind;
  }
  if (spec.timeOf !== undefined) out.time = spec.timeOf(table);
  return out;
}
