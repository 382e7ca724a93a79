/**
 * Columns of a table: numeric columns are Float32Array (missing = NaN); categorical columns are
 * dictionary-encoded (Int32Array codes into `dictionary`, missing = -1). Builders grow by doubling.
 */
export interface NumericColumn {
  readonly kind: "numeric";
  readonly name: string;
  readonly values: Float32Array;
}

export interface CategoricalColumn {
  readonly kind: "categorical";
  readonly name: string;
  /** Index into `dictionary` per row; -1 for a missing value. */
  readonly codes: Int32Array;
  /** Distinct values in order of first appearance. */
  readonly dictionary: string[];
}

export type Column = NumericColumn | CategoricalColumn;

/** Code of a missing categorical value. */
export const MISSING_CODE = -1;

export class NumericColumnBuilder {
  private values: Float32Array;
  length = 0;

  constructor(
    readonly name: string,
    initialCapacity = 1024,
  ) {
    this.values = new Float32Array(Math.max(16, initialCapacity));
  }

  push(v: number): void {
    if (this.length === this.values.length) {
      const grown = new Float32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }

  /** Drops values pushed after `length` (used to roll back a rejected row). */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  finish(): NumericColumn {
    return { kind: "numeric", name: this.name, values: this.values.slice(0, this.length) };
  }
}

export class CategoricalColumnBuilder {
  private codes: Int32Array;
  private readonly index = new Map<string, number>();
  readonly dictionary: string[] = [];
  length = 0;

  constructor(
    readonly name: string,
    initialCapacity = 1024,
  ) {
    this.codes = new Int32Array(Math.max(16, initialCapacity));
  }

  /** Pushes a value (`undefined` = missing) and returns its code. */
  push(value: string | undefined): number {
    let code = MISSING_CODE;
    if (value !== undefined) {
      const known = this.index.get(value);
      if (known === undefined) {
        code = this.dictionary.length;
        this.index.set(value, code);
        this.dictionary.push(value);
      } else {
        code = known;
      }
    }
    if (this.length === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length++] = code;
    return code;
  }

  /** Pushes a code already returned by `push` (or -1). */
  pushCode(code: number): void {
    if (this.length === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.length++] = code;
  }

  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  finish(): CategoricalColumn {
    return {
      kind: "categorical",
      name: this.name,
      codes: this.codes.slice(0, this.length),
      dictionary: this.dictionary.slice(),
    };
  }
}

/** A categorical column from per-row strings (convenience for small inputs and tests). */
export function categoricalFromStrings(
  name: string,
  values: ArrayLike<string | undefined>,
): CategoricalColumn {
  const b = new CategoricalColumnBuilder(name, values.length);
  for (let i = 0; i < values.length; i++) b.push(values[i]);
  return b.finish();
}

/** The string value of row `r` of a categorical column (undefined when missing). */
export function categoricalValue(col: CategoricalColumn, r: number): string | undefined {
  const c = col.codes[r];
  return c < 0 ? undefined : col.dictionary[c];
}

/** Rows per dictionary code (index = code); missing values are not counted. */
export function codeCounts(col: CategoricalColumn): Int32Array {
  const counts = new Int32Array(col.dictionary.length);
  const { codes } = col;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) counts[c]++;
  }
  return counts;
}

/** Per-row numbers parsed from a categorical column's text (each distinct value parsed once, as a double). */
export function parseCategoricalAsFloat64(
  col: CategoricalColumn,
  parse: (s: string) => number = Number,
): Float64Array {
  const byCode = Float64Array.from(col.dictionary, (s) => parse(s));
  const out = new Float64Array(col.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = col.codes[i] < 0 ? Number.NaN : byCode[col.codes[i]];
  return out;
}
