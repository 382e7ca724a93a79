/**
 * Bounds-checked big-endian reads over one datagram. Every read names the field, so a short or
 * malformed export packet becomes an E_FORMAT error with the exporter, byte offset and field.
 */
import { VigilError } from "../../errors.js";

export class ByteReader {
  constructor(
    readonly buf: Uint8Array,
    /** Exporter "ip:port" for error messages. */
    readonly source: string,
  ) {}

  need(off: number, len: number, field: string): void {
    if (off < 0 || off + len > this.buf.length) {
      throw new VigilError(
        "E_FORMAT",
        `datagram too short for ${field} (${len} bytes at ${off}, datagram ${this.buf.length} bytes)`,
        {
          file: this.source,
          byteOffset: off,
          field,
        },
      );
    }
  }

  u8(off: number, field: string): number {
    this.need(off, 1, field);
    return this.buf[off];
  }

  u16(off: number, field: string): number {
    this.need(off, 2, field);
    return (this.buf[off] << 8) | this.buf[off + 1];
  }

  u32(off: number, field: string): number {
    this.need(off, 4, field);
    return (
      ((this.buf[off] << 24) | (this.buf[off + 1] << 16) | (this.buf[off + 2] << 8) | this.buf[off + 3]) >>> 0
    );
  }

  /** Unsigned integer of 1..8 bytes (exact below 2^53). */
  uint(off: number, len: number, field: string): number {
    this.need(off, len, field);
    let v = 0;
    for (let i = 0; i < len; i++) v = v * 256 + this.buf[off + i];
    return v;
  }

  fail(message: string, off: number, field: string): VigilError {
    return new VigilError("E_FORMAT", message, { file: this.source, byteOffset: off, field });
  }
}
