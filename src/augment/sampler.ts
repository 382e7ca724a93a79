/**
 * The Sampler seam (DESIGN.md convention 1): every re-sampler (random over/under-sampling, SMOTE,
 * Borderline-SMOTE, ADASYN, GAN oversampling) implements `resample(X, y, seed)` and returns the new
 * training rows with a `synthetic` flag per row (1 = made or duplicated by the sampler, 0 = an input row
 * kept as is). Samplers are only ever applied to TRAINING rows (a training fold, the training side of a
 * hold-out split): never to rows that are later scored (see src/evaluate/crossval.ts `resample`).
 *
 * Shared rules: labels are class indices 0..k-1; the input is never mutated; the same seed gives the
 * same output; columns whose input values are all integers (counts, one-hot indicators) stay integral
 * in synthetic rows (rounded to the nearest integer, so a one-hot group takes one parent's level).
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";

export interface ResampleResult {
  X: Matrix;
  y: Int32Array;
  /** 1 per row the sampler added (synthetic or duplicated), 0 per input row kept. */
  synthetic: Uint8Array;
}

export interface Sampler {
  /** Registry name ("smote", ...). */
  readonly name: string;
  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult;
}

/** Checks sampler input (non-empty, one label per row, labels >= 0); returns the class count. */
export function checkResampleInput(X: Matrix, y: Int32Array, name: string): number {
  if (X.rows === 0 || X.cols === 0) {
    throw new VigilError("E_SCHEMA", `${name}: cannot resample an empty matrix (${X.rows} x ${X.cols})`, {
      field: "X",
    });
  }
  if (y.length !== X.rows) {
    throw new VigilError("E_SCHEMA", `${name}: y has ${y.length} labels for ${X.rows} rows`, { field: "y" });
  }
  let max = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 0 || !Number.isInteger(y[i])) {
      throw new VigilError("E_SCHEMA", `${name}: bad class label ${y[i]}`, { field: "y", record: i });
    }
    if (y[i] > max) max = y[i];
  }
  return max + 1;
}

/** Row indices per class. */
export function rowsByClass(y: Int32Array, nClasses: number): Int32Array[] {
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const out = Array.from({ length: nClasses }, (_, c) => new Int32Array(counts[c]));
  const fill = new Int32Array(nClasses);
  for (let i = 0; i < y.length; i++) out[y[i]][fill[y[i]]++] = i;
  return out;
}

/**
 * Oversampling targets: each present class with fewer rows than `ratio` x the majority count is raised
 * to that count (ratio 1 = imbalanced-learn's "not majority"). Returns rows to add per class.
 */
export function oversampleDeficits(byClass: Int32Array[], ratio: number): Int32Array {
  let major = 0;
  for (const r of byClass) if (r.length > major) major = r.length;
  const target = Math.round(ratio * major);
  return Int32Array.from(byClass, (r) => (r.length === 0 ? 0 : Math.max(0, target - r.length)));
}

/** True per column when every finite input value is an integer (counts, flags, one-hot indicators). */
export function integralColumns(X: Matrix): Uint8Array {
  const out = new Uint8Array(X.cols).fill(1);
  const { rows, cols, data } = X;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      const v = data[base + c];
      if (out[c] === 1 && Number.isFinite(v) && v !== Math.round(v)) out[c] = 0;
    }
  }
  return out;
}

/**
 * The output: the kept input rows (in the given order, synthetic = 0) followed by the new rows
 * (synthetic = 1) whose values are in `newData` (row-major, `newY.length` rows).
 */
export function assemble(
  X: Matrix,
  y: Int32Array,
  keep: Int32Array,
  newData: Float32Array,
  newY: Int32Array,
): ResampleResult {
  const cols = X.cols;
  const n = keep.length + newY.length;
  const data = new Float32Array(n * cols);
  const outY = new Int32Array(n);
  for (let i = 0; i < keep.length; i++) {
    const r = keep[i];
    data.set(X.data.subarray(r * cols, (r + 1) * cols), i * cols);
    outY[i] = y[r];
  }
  data.set(newData.subarray(0, newY.length * cols), keep.length * cols);
  outY.set(newY, keep.length);
  const synthetic = new Uint8Array(n);
  synthetic.fill(1, keep.length);
  return { X: { rows: n, cols, data }, y: outY, synthetic };
}

/** Every input row index, in order. */
export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
