/**
 * Parameter vectors on the wire (Float32 little-endian, base64) and the small vector algebra the
 * strategies share (L2 norm, clipping, weighted mean), all in Float64 accumulators.
 */
import { endianness } from "node:os";
import { VigilError } from "../errors.js";
import type { EncodedVector } from "../schemas/federated.js";

if (endianness() !== "LE")
  throw new VigilError("E_UNSUPPORTED", "federated vectors need a little-endian host");

export function encodeVector(v: Float32Array): EncodedVector {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return { dtype: "f32", length: v.length, base64: b.toString("base64") };
}

/** Decodes and checks the length and that every value is finite; errors name `field`. */
export function decodeVector(e: EncodedVector, field: string, expectedLength?: number): Float32Array {
  const bytes = Buffer.from(e.base64, "base64");
  if (bytes.length !== e.length * 4) {
    throw new VigilError("E_SCHEMA", `${field}: ${bytes.length} bytes for ${e.length} float32 values`, {
      field,
    });
  }
  if (expectedLength !== undefined && e.length !== expectedLength) {
    throw new VigilError("E_SCHEMA", `${field}: ${e.length} values, expected ${expectedLength}`, { field });
  }
  const out = new Float32Array(e.length);
  new Uint8Array(out.buffer).set(bytes);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new VigilError("E_SCHEMA", `${field}: value ${out[i]} at index ${i} is not finite`, {
        field,
        record: i,
      });
    }
  }
  return out;
}

export function l2Norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Scales v in place so that |v|_2 <= maxNorm; returns the original norm. */
export function clipInPlace(v: Float32Array | Float64Array, maxNorm: number): number {
  const n = l2Norm(v);
  if (n > maxNorm && n > 0) {
    const s = maxNorm / n;
    for (let i = 0; i < v.length; i++) v[i] *= s;
  }
  return n;
}

/** Squared Euclidean distance. */
export function sqDist(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s;
}

/** sum_k w_k v_k / sum_k w_k, in Float64. */
export function weightedMean(vs: readonly Float32Array[], ws: readonly number[]): Float64Array {
  const out = new Float64Array(vs[0].length);
  let total = 0;
  for (let k = 0; k < vs.length; k++) {
    const v = vs[k];
    const w = ws[k];
    total += w;
    for (let i = 0; i < out.length; i++) out[i] += w * v[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}
