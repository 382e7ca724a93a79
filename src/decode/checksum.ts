/**
 * The Internet checksum (RFC 1071): one's-complement sum of 16-bit big-endian words. Used to build
 * valid frames and to verify them; `sum16` lets callers add a pseudo-header before folding.
 */

/** Adds the bytes [off, end) as big-endian 16-bit words to `acc` (an odd last byte is padded with 0). */
export function sum16(d: Uint8Array, off: number, end: number, acc = 0): number {
  let s = acc;
  let i = off;
  for (; i + 1 < end; i += 2) s += (d[i] << 8) | d[i + 1];
  if (i < end) s += d[i] << 8;
  return s;
}

/** Folds a running sum to 16 bits and complements it: the value to store in a checksum field. */
export function foldChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** The checksum of [off, end): 0 when computed over bytes that already include a correct checksum. */
export function internetChecksum(d: Uint8Array, off = 0, end = d.length): number {
  return foldChecksum(sum16(d, off, end));
}
