/** Typed arrays to and from base64 for model artifacts (little-endian, as every target of Node is). */
export type TypedArrayKind = "f32" | "f64" | "i32" | "u32" | "u8" | "i16" | "u16";
type AnyTyped =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Uint8Array
  | Int16Array
  | Uint16Array;

export interface EncodedArray {
  dtype: TypedArrayKind;
  length: number;
  b64: string;
}

export function encodeArray(a: AnyTyped): EncodedArray {
  const dtype: TypedArrayKind =
    a instanceof Float32Array
      ? "f32"
      : a instanceof Float64Array
        ? "f64"
        : a instanceof Int32Array
          ? "i32"
          : a instanceof Uint32Array
            ? "u32"
            : a instanceof Int16Array
              ? "i16"
              : a instanceof Uint16Array
                ? "u16"
                : "u8";
  const b64 = Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
  return { dtype, length: a.length, b64 };
}

export function decodeArray(e: EncodedArray): AnyTyped {
  const buf = Buffer.from(e.b64, "base64");
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  const ab = copy.buffer;
  const out =
    e.dtype === "f32"
      ? new Float32Array(ab)
      : e.dtype === "f64"
        ? new Float64Array(ab)
        : e.dtype === "i32"
          ? new Int32Array(ab)
          : e.dtype === "u32"
            ? new Uint32Array(ab)
            : e.dtype === "i16"
              ? new Int16Array(ab)
              : e.dtype === "u16"
                ? new Uint16Array(ab)
                : new Uint8Array(ab);
  if (out.length !== e.length) {
    throw new RangeError(`encoded ${e.dtype} array declares ${e.length} values but holds ${out.length}`);
  }
  return out;
}
