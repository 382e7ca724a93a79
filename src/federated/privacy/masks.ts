/**
 * Masking arithmetic of secure aggregation: vectors are fixed-point integers in the ring Z_2^32
 * (value * 2^fractionalBits, rounded), masks are AES-256-CTR keystreams expanded from 32-byte seeds, and
 * pairwise seeds come from X25519 agreement passed through HKDF-SHA256.
 */
import { createCipheriv, diffieHellman, hkdfSync, type KeyObject } from "node:crypto";
import { VigilError } from "../../errors.js";

/** Default fixed-point precision: 2^-24 ~ 6e-8 per value; |sum| must stay below 2^31 / 2^24 = 128. */
export const DEFAULT_FRACTIONAL_BITS = 24;

/** x -> round(x 2^bits) mod 2^32. Throws E_CONFIG when |x| could overflow a sum of `parties` values. */
export function encodeFixed(x: ArrayLike<number>, bits: number, parties: number): Uint32Array {
  const scale = 2 ** bits;
  const limit = 2 ** (31 - bits) / parties;
  const out = new Uint32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(Math.abs(v) < limit)) {
      throw new VigilError(
        "E_CONFIG",
        `secure aggregation: value ${v} at ${i} outside ±${limit} (2^${31 - bits} / ${parties} parties); clip the update or lower fractionalBits`,
        { field: "update", record: i },
      );
    }
    out[i] = Math.round(v * scale) >>> 0;
  }
  return out;
}

/** Ring element -> signed value / 2^bits. */
export function decodeFixed(r: Uint32Array, bits: number): Float64Array {
  const scale = 2 ** bits;
  const out = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = (r[i] | 0) / scale;
  return out;
}

/** `length` uint32 words of AES-256-CTR keystream under a 32-byte seed (zero IV: each seed used once per round). */
export function prg(seed: Uint8Array, length: number): Uint32Array {
  const c = createCipheriv("aes-256-ctr", seed, Buffer.alloc(16));
  const ks = c.update(Buffer.alloc(length * 4));
  const out = new Uint32Array(length);
  new Uint8Array(out.buffer).set(ks);
  return out;
}

/** acc += sign * mask, mod 2^32 (in place). */
export function addMask(acc: Uint32Array, mask: Uint32Array, sign: 1 | -1): void {
  if (sign === 1) for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] + mask[i]) >>> 0;
  else for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] - mask[i]) >>> 0;
}

/** A 32-byte key from an X25519 agreement, bound to the round and a purpose ("mask" or "enc"). */
export function agreedKey(priv: KeyObject, pub: KeyObject, round: number, purpose: string): Uint8Array {
  const shared = diffieHellman({ privateKey: priv, publicKey: pub });
  return new Uint8Array(
    hkdfSync("sha256", shared, Buffer.from(`vigil-secagg-r${round}`), `vigil-secagg-${purpose}`, 32),
  );
}
