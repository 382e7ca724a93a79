/**
 * Table columns → the row-major Matrix models see. Numeric columns are copied as they are (NaN stays
 * NaN); categorical columns become either their codes (missing = NaN) or one-hot indicator columns,
 * one per level (`name=value`); a missing value is all zeros. With `maxLevels`, only the most frequent
 * levels get a column (ties: first seen first) and rarer ones are all zeros too.
 */
import { VigilError } from "../errors.js";
import { type CategoricalColumn, type Column, codeCounts } from "./column.js";
import type { Matrix } from "./matrix.js";
import { getColumn, type Table } from "./table.js";

export interface ToMatrixOptions {
  /** "onehot" (default) or "codes". */
  categorical?: "onehot" | "codes";
  /** Categorical columns always given as codes, whatever `categorical` says (kept identifiers). */
  codesFor?: readonly string[];
  /** One-hot: at most this many levels per column (most frequent first). Default 64. */
  maxLevels?: number;
  /**
   * One-hot: use these levels per column instead of the table's own (so a test table encodes with
   * the training table's columns). Levels absent here are all zeros.
   */
  levels?: Record<string, string[]>;
}

export interface NamedMatrix extends Matrix {
  /** One name per matrix column ("proto=tcp" for a one-hot level). */
  readonly featureNames: string[];
  /** One-hot levels used per categorical column (pass back as `levels` to encode other tables alike). */
  readonly levels: Record<string, string[]>;
}

interface Plan {
  col: Column;
  /** For one-hot: code → output offset within this column's block, or -1. */
  codeToSlot?: Int32Array;
  width: number;
}

export function toMatrix(
  t: Table,
  featureColumns: readonly string[],
  options: ToMatrixOptions = {},
): NamedMatrix {
  const mode = options.categorical ?? "onehot";
  const maxLevels = options.maxLevels ?? 64;
  if (!(maxLevels >= 1)) throw new VigilError("E_CONFIG", "maxLevels must be >= 1", { field: "maxLevels" });
  const featureNames: string[] = [];
  const levels: Record<string, string[]> = {};
  const plans: Plan[] = featureColumns.map((name) => {
    const col = getColumn(t, name);
    if (col.kind === "numeric" || mode === "codes" || options.codesFor?.includes(name)) {
      featureNames.push(name);
      return { col, width: 1 };
    }
    const chosen = options.levels?.[name] ?? topLevels(col, maxLevels);
    levels[name] = chosen;
    const slotOf = new Map(chosen.map((v, k) => [v, k]));
    const codeToSlot = new Int32Array(col.dictionary.length).fill(-1);
    col.dictionary.forEach((v, code) => {
      const k = slotOf.get(v);
      if (k !== undefined) codeToSlot[code] = k;
    });
    for (const v of chosen) featureNames.push(`${name}=${v}`);
    return { col, codeToSlot, width: chosen.length };
  });
  const rows = t.rowCount;
  const cols = featureNames.length;
  const data = new Float32Array(rows * cols);
  // gather sources once, then fill row by row (sequential writes; columns are read sequentially too)
  const numSrc: Float32Array[] = [];
  const numOff: number[] = [];
  const codeSrc: Int32Array[] = [];
  const codeOff: number[] = [];
  const hotSrc: Int32Array[] = [];
  const hotSlots: Int32Array[] = [];
  const hotOff: number[] = [];
  let offset = 0;
  for (const plan of plans) {
    const { col } = plan;
    if (col.kind === "numeric") {
      numSrc.push(col.values);
      numOff.push(offset);
    } else if (plan.codeToSlot === undefined) {
      codeSrc.push(col.codes);
      codeOff.push(offset);
    } else {
      hotSrc.push(col.codes);
      hotSlots.push(plan.codeToSlot);
      hotOff.push(offset);
    }
    offset += plan.width;
  }
  const nNum = numSrc.length;
  const nCode = codeSrc.length;
  const nHot = hotSrc.length;
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    for (let k = 0; k < nNum; k++) data[base + numOff[k]] = numSrc[k][r];
    for (let k = 0; k < nCode; k++) {
      const c = codeSrc[k][r];
      data[base + codeOff[k]] = c < 0 ? Number.NaN : c;
    }
    for (let k = 0; k < nHot; k++) {
      const c = hotSrc[k][r];
      if (c >= 0) {
        const slot = hotSlots[k][c];
        if (slot >= 0) data[base + hotOff[k] + slot] = 1;
      }
    }
  }
  return { rows, cols, data, featureNames, levels };
}

/** The `max` most frequent levels of a categorical column, ties broken by first appearance. */
export function topLevels(col: CategoricalColumn, max: number): string[] {
  const counts = codeCounts(col);
  const order = Array.from(counts.keys()).filter((k) => counts[k] > 0);
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  return order.slice(0, max).map((k) => col.dictionary[k]);
}
