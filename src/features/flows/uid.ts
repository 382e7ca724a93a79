/**
 * Zeek-style connection uids ("C" + base62 of 96 bits), deterministic: derived from a seed and the
 * flow's sequence number with SplitMix-style mixing, so the same capture gives the same uids.
 */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function flowUid(seed: number, seq: number): string {
  const lo = seq >>> 0;
  const hi = Math.floor(seq / 4294967296) >>> 0;
  let a = mix32(lo ^ 0x9e3779b9 ^ seed);
  let b = mix32(a ^ hi ^ 0x7f4a7c15);
  let c = mix32(b ^ lo ^ 0x94d049bb);
  let out = "C";
  for (let i = 0; i < 17; i++) {
    // base62 of the 96-bit (a, b, c) by repeated division
    let r = 0;
    let t = a + r * 4294967296;
    a = Math.floor(t / 62) >>> 0;
    r = t % 62;
    t = b + r * 4294967296;
    b = Math.floor(t / 62) >>> 0;
    r = t % 62;
    t = c + r * 4294967296;
    c = Math.floor(t / 62) >>> 0;
    r = t % 62;
    out += ALPHABET[r];
  }
  return out;
}
