/**
 * Helpers shared by vigil's classical learners (linear, bayes, neighbors, svm, ensemble, preprocess):
 * fit-input checks that name the record and column, class weights, and a numerically safe softmax.
 * (Params parsing and the predict-width check are models/base.ts's parseParams and checkFeatures.)
 */
import { z } from "zod";
import { NotFittedError, VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { decodeArray, type EncodedArray } from "../codec.js";
import { checkArtifact } from "../registry.js";

/** Class weights: "balanced" (n / (k * count)), an explicit array, or none. */
export const classWeightSchema = z.union([z.literal("balanced"), z.array(z.number().positive())]).optional();
export type ClassWeight = z.infer<typeof classWeightSchema>;

/**
 * Checks a fit input and returns the number of classes (max label + 1, at least `minClasses`).
 * Every value of X must be finite unless `allowNaN`; the error names the record and the column.
 */
export function checkFitInput(
  kind: string,
  X: Matrix,
  y: Int32Array,
  opts: { allowNaN?: boolean } = {},
): number {
  if (y.length !== X.rows) {
    throw new VigilError("E_SCHEMA", `${kind}: X has ${X.rows} rows but y has ${y.length} labels`, {
      field: "y",
    });
  }
  if (X.rows === 0) throw new VigilError("E_CONFIG", `${kind}: cannot fit on zero rows`, { field: "X" });
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v < 0) throw new VigilError("E_SCHEMA", `${kind}: label ${v} is negative`, { record: i, field: "y" });
    if (v + 1 > k) k = v + 1;
  }
  checkFinite(kind, X, opts.allowNaN === true);
  return k;
}

/** Throws naming the record and column of the first non-finite value (NaN allowed when asked). */
export function checkFinite(kind: string, X: Matrix, allowNaN = false): void {
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!Number.isFinite(v) && !(allowNaN && Number.isNaN(v))) {
      throw new VigilError(
        "E_SCHEMA",
        `${kind}: value ${v} is not finite${allowNaN ? "" : " (impute missing values first)"}`,
        { record: Math.floor(i / X.cols), field: `column ${i % X.cols}` },
      );
    }
  }
}

export function requireFitted<T>(kind: string, state: T | undefined): T {
  if (state === undefined) throw new NotFittedError(kind);
  return state;
}

/** Per-row weights: sampleWeight times the class weight of the row's class (Float64Array, length n). */
export function rowWeights(
  y: Int32Array,
  nClasses: number,
  classWeight: ClassWeight,
  sampleWeight?: Float32Array,
): Float64Array {
  const n = y.length;
  if (sampleWeight !== undefined && sampleWeight.length !== n) {
    throw new VigilError("E_CONFIG", `sampleWeight has ${sampleWeight.length} values for ${n} rows`, {
      field: "sampleWeight",
    });
  }
  const cw = classWeightVector(y, nClasses, classWeight);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = cw[y[i]] * (sampleWeight ? sampleWeight[i] : 1);
  return w;
}

/** Weight of each class: 1, "balanced" = n / (k * count_c) as scikit-learn, or the given array. */
export function classWeightVector(y: Int32Array, nClasses: number, classWeight: ClassWeight): Float64Array {
  const cw = new Float64Array(nClasses).fill(1);
  if (classWeight === "balanced") {
    const counts = new Float64Array(nClasses);
    for (let i = 0; i < y.length; i++) counts[y[i]]++;
    let present = 0;
    for (let c = 0; c < nClasses; c++) if (counts[c] > 0) present++;
    for (let c = 0; c < nClasses; c++) cw[c] = counts[c] > 0 ? y.length / (present * counts[c]) : 1;
  } else if (Array.isArray(classWeight)) {
    if (classWeight.length !== nClasses) {
      throw new VigilError(
        "E_CONFIG",
        `classWeight has ${classWeight.length} values for ${nClasses} classes`,
        {
          field: "classWeight",
        },
      );
    }
    for (let c = 0; c < nClasses; c++) cw[c] = classWeight[c];
  }
  return cw;
}

/** In-place softmax of z[off .. off+k). */
export function softmaxInPlace(z: Float64Array | Float32Array, off: number, k: number): void {
  let m = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) if (z[off + c] > m) m = z[off + c];
  let s = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(z[off + c] - m);
    z[off + c] = e;
    s += e;
  }
  for (let c = 0; c < k; c++) z[off + c] /= s;
}

/** Arg-max of each row of a rows x k probability (or score) matrix. */
export function argmaxRows(P: { rows: number; cols: number; data: ArrayLike<number> }): Int32Array {
  const out = new Int32Array(P.rows);
  const k = P.cols;
  for (let r = 0; r < P.rows; r++) {
    let best = 0;
    let bv = P.data[r * k];
    for (let c = 1; c < k; c++) {
      const v = P.data[r * k + c];
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/** Checks an artifact's envelope and returns its state, typed as the caller expects (fields checked there). */
export function artifactState(a: ModelArtifact, kind: string, version: number): Record<string, unknown> {
  checkArtifact(a, kind, [version]);
  return a.state;
}

/** A field of an artifact state that must be present; errors name the field. */
export function stateField<T>(state: Record<string, unknown>, name: string, kind: string): T {
  const v = state[name];
  if (v === undefined || v === null) {
    throw new VigilError("E_MODEL", `artifact of "${kind}" lacks state field "${name}"`, {
      field: `state.${name}`,
    });
  }
  return v as T;
}

/** A typed array stored in an artifact state field, checked for dtype (and length when given). */
export function stateArray<T extends Float64Array | Float32Array | Int32Array>(
  state: Record<string, unknown>,
  name: string,
  kind: string,
  ctor: { new (n: number): T; name: string },
  length?: number,
): T {
  const enc = stateField<EncodedArray>(state, name, kind);
  let arr: unknown;
  try {
    arr = decodeArray(enc);
  } catch (cause) {
    throw new VigilError(
      "E_MODEL",
      `artifact of "${kind}" has a bad array in "${name}"`,
      { field: `state.${name}` },
      {
        cause,
      },
    );
  }
  if (!(arr instanceof (ctor as unknown as typeof Float64Array))) {
    throw new VigilError("E_MODEL", `artifact of "${kind}": state.${name} is not a ${ctor.name}`, {
      field: `state.${name}`,
    });
  }
  const a = arr as unknown as T;
  if (length !== undefined && a.length !== length) {
    throw new VigilError(
      "E_MODEL",
      `artifact of "${kind}": state.${name} has ${a.length} values, expected ${length}`,
      {
        field: `state.${name}`,
      },
    );
  }
  return a;
}

/** A non-negative integer state field. */
export function stateInt(state: Record<string, unknown>, name: string, kind: string): number {
  const v = stateField<unknown>(state, name, kind);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new VigilError("E_MODEL", `artifact of "${kind}": state.${name} must be a non-negative integer`, {
      field: `state.${name}`,
    });
  }
  return v;
}
