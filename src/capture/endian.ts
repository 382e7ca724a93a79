/** Unsigned reads in a file's byte order (pcap and pcapng files may be either). Callers check bounds. */

/** Unsigned 16-bit at `o`, little-endian when `le`. */
export function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
}

/** Unsigned 32-bit at `o`, little-endian when `le`. */
export function u32(b: Uint8Array, o: number, le: boolean): number {
  return le
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
