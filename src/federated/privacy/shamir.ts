/**
 * Shamir secret sharing (Shamir 1979) over the prime field GF(p), p = 2^521 - 1 (a Mersenne prime), so
 * a 32-byte secret (an X25519 private key, a mask seed) is one field element. A degree t-1 polynomial
 * with random coefficients (node:crypto) hides the secret at x = 0; any t shares recover it by Lagrange
 * interpolation, fewer reveal nothing.
 */
import { randomBytes } from "node:crypto";
import { VigilError } from "../../errors.js";

export const FIELD_PRIME = (1n << 521n) - 1n;

export interface Share {
  /** Evaluation point, 1..n. */
  x: number;
  y: bigint;
}

function mod(a: bigint): bigint {
  const r = a % FIELD_PRIME;
  return r < 0n ? r + FIELD_PRIME : r;
}

function randomElement(): bigint {
  return mod(BigInt(`0x${randomBytes(66).toString("hex")}`));
}

function inverse(a: bigint): bigint {
  // extended Euclid
  let [r0, r1] = [mod(a), FIELD_PRIME];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new VigilError("E_INTERNAL", "no inverse in the field");
  return mod(s0);
}

export function bytesToElement(b: Uint8Array): bigint {
  if (b.length > 64)
    throw new VigilError("E_CONFIG", `secret of ${b.length} bytes exceeds 64`, { field: "secret" });
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString("hex")}`);
}

export function elementToBytes(e: bigint, length: number): Uint8Array {
  const hex = e.toString(16).padStart(length * 2, "0");
  if (hex.length > length * 2) {
    throw new VigilError("E_FORMAT", `reconstructed secret does not fit ${length} bytes (wrong shares?)`);
  }
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** n shares of `secret`, any `threshold` of which recover it. */
export function splitSecret(secret: Uint8Array, threshold: number, n: number): Share[] {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > n) {
    throw new VigilError("E_CONFIG", `threshold ${threshold} must be in 1..${n}`, { field: "threshold" });
  }
  const coef = [bytesToElement(secret)];
  for (let i = 1; i < threshold; i++) coef.push(randomElement());
  const shares: Share[] = [];
  for (let x = 1; x <= n; x++) {
    let y = 0n;
    const bx = BigInt(x);
    for (let i = coef.length - 1; i >= 0; i--) y = mod(y * bx + coef[i]);
    shares.push({ x, y });
  }
  return shares;
}

/** The secret from at least `threshold` shares (distinct x); `length` bytes. */
export function combineShares(shares: readonly Share[], length: number): Uint8Array {
  const xs = new Set(shares.map((s) => s.x));
  if (xs.size !== shares.length)
    throw new VigilError("E_SCHEMA", "duplicate share points", { field: "shares" });
  let acc = 0n;
  for (const si of shares) {
    let num = 1n;
    let den = 1n;
    for (const sj of shares) {
      if (sj.x === si.x) continue;
      num = mod(num * BigInt(-sj.x));
      den = mod(den * BigInt(si.x - sj.x));
    }
    acc = mod(acc + si.y * num * inverse(den));
  }
  return elementToBytes(acc, length);
}
