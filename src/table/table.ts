/**
 * A columnar table: equal-length numeric (Float32Array) and dictionary-encoded categorical columns.
 * Models never see it directly: `toMatrix` turns chosen columns into the row-major Matrix.
 */
import { VigilError } from "../errors.js";
import type { CategoricalColumn, Column, NumericColumn } from "./column.js";

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

export function table(columns: Column[]): Table {
  const rowCount = columns.length === 0 ? 0 : columnLength(columns[0]);
  const seen = new Set<string>();
  for (const c of columns) {
    if (columnLength(c) !== rowCount) {
      throw new VigilError(
        "E_INTERNAL",
        `column ${c.name} has ${columnLength(c)} rows, expected ${rowCount}`,
        {
          field: c.name,
        },
      );
    }
    if (seen.has(c.name))
      throw new VigilError("E_SCHEMA", `duplicate column name ${c.name}`, { field: c.name });
    seen.add(c.name);
  }
  return { rowCount, columns };
}

export function columnLength(c: Column): number {
  return c.kind === "numeric" ? c.values.length : c.codes.length;
}

export function columnNames(t: Table): string[] {
  return t.columns.map((c) => c.name);
}

export function hasColumn(t: Table, name: string): boolean {
  return t.columns.some((c) => c.name === name);
}

export function getColumn(t: Table, name: string): Column {
  const c = t.columns.find((col) => col.name === name);
  if (c === undefined) {
    throw new VigilError("E_SCHEMA", `no column named "${name}" (columns: ${columnNames(t).join(", ")})`, {
      field: name,
    });
  }
  return c;
}

export function getNumeric(t: Table, name: string): NumericColumn {
  const c = getColumn(t, name);
  if (c.kind !== "numeric")
    throw new VigilError("E_SCHEMA", `column "${name}" is not numeric`, { field: name });
  return c;
}

export function getCategorical(t: Table, name: string): CategoricalColumn {
  const c = getColumn(t, name);
  if (c.kind !== "categorical") {
    throw new VigilError("E_SCHEMA", `column "${name}" is not categorical`, { field: name });
  }
  return c;
}

/** The rows at `idx`, copied (dictionaries are shared, codes copied). */
export function takeTableRows(t: Table, idx: ArrayLike<number>): Table {
  const n = idx.length;
  const columns: Column[] = t.columns.map((c) => {
    if (c.kind === "numeric") {
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = c.values[idx[i]];
      return { kind: "numeric", name: c.name, values };
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.codes[idx[i]];
    return { kind: "categorical", name: c.name, codes, dictionary: c.dictionary };
  });
  return { rowCount: n, columns };
}

/**
 * Tables stacked row-wise (categorical dictionaries merged). By default every table must have the same
 * columns; with `union`, a column absent from a table is filled with missing values (NaN / -1).
 */
export function concatTables(parts: Table[], options: { union?: boolean } = {}): Table {
  if (parts.length === 0) return { rowCount: 0, columns: [] };
  const rowCount = parts.reduce((s, p) => s + p.rowCount, 0);
  const kinds = new Map<string, Column["kind"]>();
  for (const p of parts) {
    for (const c of p.columns) {
      const k = kinds.get(c.name);
      if (k !== undefined && k !== c.kind) {
        throw new VigilError(
          "E_SCHEMA",
          `cannot stack tables: column ${c.name} is ${k} in one, ${c.kind} in another`,
          {
            field: c.name,
          },
        );
      }
      kinds.set(c.name, c.kind);
    }
  }
  if (!options.union) {
    for (const p of parts) {
      if (p.columns.length !== kinds.size) {
        const names = p.columns.map((c) => c.name);
        const absent = [...kinds.keys()].filter((n) => !names.includes(n));
        throw new VigilError("E_SCHEMA", `cannot stack tables: columns differ (${absent.join(", ")})`, {
          field: absent[0],
        });
      }
    }
  }
  const columns: Column[] = [...kinds].map(([name, kind]) => {
    const pieces = parts.map((p) => ({ rows: p.rowCount, col: p.columns.find((c) => c.name === name) }));
    if (kind === "numeric") {
      const values = new Float32Array(rowCount).fill(Number.NaN);
      let off = 0;
      for (const { rows, col } of pieces) {
        if (col !== undefined) values.set((col as NumericColumn).values, off);
        off += rows;
      }
      return { kind: "numeric", name, values };
    }
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(rowCount).fill(-1);
    let off = 0;
    for (const { rows, col } of pieces) {
      if (col !== undefined) {
        const c = col as CategoricalColumn;
        const remap = new Int32Array(c.dictionary.length);
        c.dictionary.forEach((v, k) => {
          let code = index.get(v);
          if (code === undefined) {
            code = dictionary.length;
            index.set(v, code);
            dictionary.push(v);
          }
          remap[k] = code;
        });
        for (let i = 0; i < c.codes.length; i++) codes[off + i] = c.codes[i] < 0 ? -1 : remap[c.codes[i]];
      }
      off += rows;
    }
    return { kind: "categorical", name, codes, dictionary };
  });
  return { rowCount, columns };
}

/** The table with `col` added (or replacing the column of the same name). */
export function withColumn(t: Table, col: Column): Table {
  if (columnLength(col) !== t.rowCount) {
    throw new VigilError(
      "E_INTERNAL",
      `column ${col.name} has ${columnLength(col)} rows, table ${t.rowCount}`,
      {
        field: col.name,
      },
    );
  }
  const i = t.columns.findIndex((c) => c.name === col.name);
  const columns = t.columns.slice();
  if (i >= 0) columns[i] = col;
  else columns.push(col);
  return { rowCount: t.rowCount, columns };
}

/** A categorical column with every value passed through `map` (undefined = missing); codes re-merged. */
export function recodeCategorical(
  col: CategoricalColumn,
  map: (value: string) => string | undefined,
  name = col.name,
): CategoricalColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const remap = new Int32Array(col.dictionary.length);
  col.dictionary.forEach((v, k) => {
    const m = map(v);
    if (m === undefined) {
      remap[k] = -1;
      return;
    }
    let code = index.get(m);
    if (code === undefined) {
      code = dictionary.length;
      index.set(m, code);
      dictionary.push(m);
    }
    remap[k] = code;
  });
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = col.codes[i] < 0 ? -1 : remap[col.codes[i]];
  return { kind: "categorical", name, codes, dictionary };
}

/** A categorical column holding one value on every row (a file's class, a device name). */
export function constantCategorical(name: string, value: string, rows: number): CategoricalColumn {
  return { kind: "categorical", name, codes: new Int32Array(rows), dictionary: [value] };
}
