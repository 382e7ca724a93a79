/**
 * Big-endian reads on byte arrays for the decoders. Callers check bounds first; these never allocate.
 */

/** Unsigned 16-bit big-endian at `o`. */
export function u16be(d: Uint8Array, o: number): number {
  return (d[o] << 8) | d[o + 1];
}

/** Unsigned 32-bit big-endian at `o`. */
export function u32be(d: Uint8Array, o: number): number {
  return ((d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]) >>> 0;
}

/** 48-bit MAC address at `o` as a number (exact: below 2^53). */
export function mac48(d: Uint8Array, o: number): number {
  return ((d[o] << 8) | d[o + 1]) * 0x100000000 + u32be(d, o + 2);
}

/** Payload bytes present: the captured remainder, at most the wire length, never negative. */
export function clampCap(present: number, wireLen: number): number {
  if (present <= 0) return 0;
  return Math.min(present, wireLen);
}

/** Copies 16 bytes from d[o..o+16) into `to` without allocating a view. */
export function copy16(d: Uint8Array, o: number, to: Uint8Array): void {
  for (let i = 0; i < 16; i++) to[i] = d[o + i];
}
