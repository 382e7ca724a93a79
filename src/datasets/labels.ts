/**
 * Label encoding for a loaded dataset: fine labels (the dataset's own), their taxonomy class, and the
 * class indices `y` at the chosen level. Class order is deterministic: benign labels first, then
 * alphabetical (fine); taxonomy order (taxonomy); ["benign", "attack"] (binary).
 */
import { VigilError } from "../errors.js";
import type { CategoricalColumn } from "../table/column.js";
import { BINARY_CLASSES, type LabelLevel, TAXONOMY, type TaxonomyLabel } from "./taxonomy.js";

export interface CodedLabels {
  /** Index into `names` per row. */
  codes: Int32Array;
  names: string[];
}

export interface EncodedLabels {
  fine: CodedLabels;
  taxonomy: CodedLabels;
  y: Int32Array;
  classes: string[];
}

/**
 * @param fineCol the fine label column (no missing values allowed)
 * @param taxonomyOfRow taxonomy class of row r
 */
export function encodeLabels(
  fineCol: CategoricalColumn,
  taxonomyOfRow: (r: number) => TaxonomyLabel,
  level: LabelLevel,
  datasetId: string,
): EncodedLabels {
  const rows = fineCol.codes.length;
  const taxCodes = new Int32Array(rows);
  const taxIndex = new Map(TAXONOMY.map((t, i) => [t, i]));
  const taxPresent = new Uint8Array(TAXONOMY.length);
  const benignFine = new Set<number>();
  for (let r = 0; r < rows; r++) {
    const c = fineCol.codes[r];
    if (c < 0) {
      throw new VigilError("E_FORMAT", `row ${r} has no label`, {
        record: r,
        field: fineCol.name,
        dataset: datasetId,
      });
    }
    const t = taxIndex.get(taxonomyOfRow(r))!;
    taxCodes[r] = t;
    taxPresent[t] = 1;
    if (t === 0) benignFine.add(c);
  }
  // fine: benign labels first, then alphabetical
  const order = fineCol.dictionary
    .map((name, code) => ({ name, code }))
    .sort(
      (a, b) =>
        Number(benignFine.has(b.code)) - Number(benignFine.has(a.code)) || a.name.localeCompare(b.name),
    );
  const fineRemap = new Int32Array(fineCol.dictionary.length);
  order.forEach((o, i) => {
    fineRemap[o.code] = i;
  });
  const fineCodes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) fineCodes[r] = fineRemap[fineCol.codes[r]];
  const fine: CodedLabels = { codes: fineCodes, names: order.map((o) => o.name) };

  // taxonomy: only classes present, in taxonomy order
  const taxRemap = new Int32Array(TAXONOMY.length).fill(-1);
  const taxNames: string[] = [];
  TAXONOMY.forEach((t, i) => {
    if (taxPresent[i]) {
      taxRemap[i] = taxNames.length;
      taxNames.push(t);
    }
  });
  const taxonomyCodes = new Int32Array(rows);
  for (let r = 0; r < rows; r++) taxonomyCodes[r] = taxRemap[taxCodes[r]];
  const taxonomy: CodedLabels = { codes: taxonomyCodes, names: taxNames };

  if (level === "fine") return { fine, taxonomy, y: fine.codes, classes: fine.names };
  if (level === "taxonomy") return { fine, taxonomy, y: taxonomy.codes, classes: taxonomy.names };
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) y[r] = taxCodes[r] === 0 ? 0 : 1;
  return { fine, taxonomy, y, classes: [...BINARY_CLASSES] };
}

/** Rows per class name. */
export function classCounts(y: Int32Array, classes: readonly string[]): Record<string, number> {
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return Object.fromEntries(classes.map((c, i) => [c, counts[i]]));
}
