/**
 * The numeric matrix every model sees (models know nothing of packets or flows).
 * Row-major Float32Array: value (r, c) is data[r * cols + c]. Missing values are NaN.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function matrix(rows: number, cols: number, data?: Float32Array): Matrix {
  const d = data ?? new Float32Array(rows * cols);
  if (d.length !== rows * cols) {
    throw new RangeError(`matrix data has ${d.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data: d };
}

/** Builds a matrix from an array of equal-length rows. */
export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const n = rows.length;
  const cols = n === 0 ? 0 : rows[0].length;
  const data = new Float32Array(n * cols);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row.length !== cols) throw new RangeError(`row ${r} has ${row.length} values, expected ${cols}`);
    for (let c = 0; c < cols; c++) data[r * cols + c] = row[c];
  }
  return { rows: n, cols, data };
}

/** The rows at the given indices, copied. */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new Float32Array(idx.length * m.cols);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols);
  }
  return { rows: idx.length, cols: m.cols, data: out };
}

/** A view of one row (no copy). */
export function row(m: Matrix, r: number): Float32Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

/** Column-major copy: column c occupies [c * rows, (c + 1) * rows). Tree learners scan columns. */
export function toColumnMajor(m: Matrix): Float32Array {
  const out = new Float32Array(m.rows * m.cols);
  const { rows, cols, data } = m;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c];
  }
  return out;
}
