/**
 * A minimal protocol-buffers writer (wire format only): varints, length-delimited fields, fixed32
 * floats, packed repeated scalars. Enough to write ONNX's ModelProto; nested messages are encoded to
 * bytes first and written as length-delimited fields.
 */
const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;
const utf8 = new TextEncoder();

export class ProtoWriter {
  private buf = new Uint8Array(256);
  private n = 0;
  private readonly view = () => new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);

  private ensure(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }

  /** Unsigned or signed integer as a varint (negative numbers as 10-byte two's complement, like int64). */
  rawVarint(v: number): void {
    this.ensure(10);
    if (v < 0) {
      let big = BigInt.asUintN(64, BigInt(Math.trunc(v)));
      while (big >= 0x80n) {
        this.buf[this.n++] = Number(big & 0x7fn) | 0x80;
        big >>= 7n;
      }
      this.buf[this.n++] = Number(big);
      return;
    }
    let x = Math.trunc(v);
    while (x >= 0x80) {
      this.buf[this.n++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.buf[this.n++] = x;
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire);
  }

  varint(field: number, v: number): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(v);
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.rawVarint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8.encode(s));
  }

  float(field: number, v: number): this {
    this.tag(field, WIRE_FIXED32);
    this.ensure(4);
    this.view().setFloat32(this.n, v, true);
    this.n += 4;
    return this;
  }

  /** Packed repeated float (fixed32). */
  packedFloats(field: number, vs: ArrayLike<number>): this {
    const b = new Uint8Array(vs.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) dv.setFloat32(i * 4, vs[i], true);
    return this.bytes(field, b);
  }

  /** Packed repeated varints (int64 / int32 / enums). */
  packedVarints(field: number, vs: ArrayLike<number>): this {
    const inner = new ProtoWriter();
    for (let i = 0; i < vs.length; i++) inner.rawVarint(vs[i]);
    return this.bytes(field, inner.finish());
  }

  /** A nested message. */
  message(field: number, m: ProtoWriter | Uint8Array): this {
    return this.bytes(field, m instanceof ProtoWriter ? m.finish() : m);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}
