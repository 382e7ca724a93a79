/**
 * The SMOTE step shared by SMOTE, Borderline-SMOTE and ADASYN: a synthetic row on the segment from a
 * base row to one of its same-class neighbours, x = base + lambda (neighbour - base), lambda ~ U[0, 1).
 * Integral columns are rounded (counts stay counts; a one-hot group takes the nearer parent's level);
 * a missing value (NaN) in either parent keeps the base row's value.
 */
import type { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";

export function interpolateInto(
  out: Float32Array,
  outRow: number,
  X: Matrix,
  base: number,
  neighbour: number,
  integral: Uint8Array,
  rng: Rng,
): void {
  const cols = X.cols;
  const lambda = rng.float();
  const a = base * cols;
  const b = neighbour * cols;
  const o = outRow * cols;
  for (let c = 0; c < cols; c++) {
    const va = X.data[a + c];
    const vb = X.data[b + c];
    if (Number.isNaN(va) || Number.isNaN(vb)) {
      out[o + c] = va;
      continue;
    }
    const v = va + lambda * (vb - va);
    out[o + c] = integral[c] === 1 ? Math.round(v) : v;
  }
}

/** A copy of row `r` of X into out at `outRow`. */
export function copyRowInto(out: Float32Array, outRow: number, X: Matrix, r: number): void {
  out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), outRow * X.cols);
}
