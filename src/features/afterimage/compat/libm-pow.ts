/**
 * pow() as Kitsune's Python computes it, bit for bit: 2^x (decay factors, math.pow(2, x)) and x^2
 * (math.pow(v, 2) and `v ** 2` in AfterImage.py).
 *
 * Python's math.pow is glibc's pow() (the reference ran Debian 12, glibc 2.36, on an x86-64 CPU with
 * FMA, where glibc selects its FMA build). glibc's pow is accurate to ~0.52 ulp, not correctly
 * rounded: ~0.07 % of 2^x and ~0.09 % of x^2 differ from the correctly rounded value (and V8's
 * Math.pow differs from glibc for ~6 % of 2^x). AfterImage subtracts nearly equal numbers
 * (variance = CF2/w - mean^2), so one such last-bit difference turns a variance of exactly 0 into
 * 1e-12 and a pcc of 0 into -0.15. This module therefore re-evaluates glibc's published algorithm
 * (ARM optimized-routines pow, MIT licence; Szabolcs Nagy 2018):
 *   log x = k ln2 + log c + log1p(z/c - 1)  with x = 2^k z and a 128-entry table of c, then
 *   exp(y log x) = 2^(j/128 + m) exp(r)     with |r| <= ln2/256 and a 128-entry table of 2^(j/128),
 * with each multiply-add that GCC fuses in the FMA build evaluated as an exact fused multiply-add
 * (emulated with Dekker's product and a round-to-odd sum, Boldo & Melquiond 2008). Both tables are
 * rebuilt here from their documented definitions with BigInt fixed-point arithmetic; only the two
 * minimax polynomials are published constants. The test beside this file compares results with
 * values printed by Python's math.pow. Slow (~0.5 us a call): compatibility mode only.
 */

// ---------------- exact fused multiply-add ----------------
const SPLITTER = 134217729; // 2^27 + 1
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[0] low word, u32[1] high word

/** x + y rounded to odd: exact when representable, else the neighbour whose last bit is 1. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const e = x - (s - bb) + (y - bb);
  if (e === 0) return s;
  f64[0] = s;
  if ((u32[0] & 1) === 1) return s;
  if (s > 0 === e > 0) {
    u32[0] = (u32[0] + 1) >>> 0;
    if (u32[0] === 0) u32[1] = (u32[1] + 1) >>> 0;
  } else {
    if (u32[0] === 0) u32[1] = (u32[1] - 1) >>> 0;
    u32[0] = (u32[0] - 1) >>> 0;
  }
  return f64[0];
}

/** a * b + c with one rounding (valid away from overflow and underflow). */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = al * bl - (p - ah * bh - al * bh - ah * bl);
  const th = c + p;
  const bb = th - c;
  const tl = c - (th - bb) + (p - bb);
  return th + addRoundToOdd(tl, pl);
}

// ---------------- constants ----------------
const LN2_HI = 0.6931471805598903; // ln 2 rounded to 42 bits: k * LN2_HI is exact
const LN2_LO = 5.497923018708371e-14; // ln 2 - LN2_HI
// log1p polynomial of the pow log (published minimax coefficients, scaled as evaluated)
const A0 = -0.5;
const A1 = 0.3333333333333339 * -2;
const A2 = -0.25000000000000033 * -2;
const A3 = 0.1999999998830994 * 4;
const A4 = -0.16666666658719348 * 4;
const A5 = 0.14286370355743763 * -8;
const A6 = -0.12500519079594427 * -8;
// exp
const N = 128;
const INV_LN2_N = Math.LOG2E * N; // 1/ln2 rounded, times N
const SHIFT = 6755399441055744.0; // 1.5 * 2^52
const NEG_LN2_HI_N = -0.005415212348111709; // -ln2/N rounded to 36 bits
const NEG_LN2_LO_N = -1.2864023111638346e-14;
const C2 = 0.49999999999996786; // exp polynomial (published minimax coefficients)
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const OFF_HI = 0x3fe69555; // high word of 0x3fe6955500000000 (the low word is 0)

// ---------------- tables, rebuilt from their definitions ----------------
const FRAC = 230n; // fixed-point fraction bits
/** 2^(j/128) ~= EXP_H[j] * (1 + EXP_T[j]), EXP_H rounded to nearest, EXP_T the rounded relative rest. */
const EXP_H = new Float64Array(N);
const EXP_T = new Float64Array(N);
/** log table: z in subinterval i (by bits) uses c with 1/c = LOG_INVC[i], log c = LOG_C[i] + LOG_CTAIL[i]. */
const LOG_INVC = new Float64Array(N);
const LOG_C = new Float64Array(N);
const LOG_CTAIL = new Float64Array(N);

function isqrtBig(n: bigint): bigint {
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1); // >= sqrt(n)
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) {
      while (x * x > n) x -= 1n;
      return x;
    }
    x = y;
  }
}

/** ln(a / b) * 2^FRAC for positive integers a, b (2 atanh((a-b)/(a+b)) series). */
function lnRationalFixed(a: bigint, b: bigint): bigint {
  if (a < b) return -lnRationalFixed(b, a); // keep the series positive (BigInt >> floors negatives)
  const s = ((a - b) << FRAC) / (a + b);
  const s2 = (s * s) >> FRAC;
  let term = s;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * s2) >> FRAC;
  }
  return 2n * sum;
}

/** Nearest double to v / 2^FRAC for a fixed-point BigInt v. */
function fixedToDouble(v: bigint): number {
  return Number(v) / 2 ** Number(FRAC);
}

function bitsToDouble(hi: number, lo: number): number {
  u32[1] = hi >>> 0;
  u32[0] = lo >>> 0;
  return f64[0];
}

{
  const one = 1n << FRAC;
  // exp table: 2^(j/128) as a product of repeated square roots of 2
  const roots: bigint[] = [];
  let r = isqrtBig(2n << (2n * FRAC));
  for (let k = 0; k < 7; k++) {
    roots.push(r);
    r = isqrtBig(r << FRAC);
  }
  for (let j = 0; j < N; j++) {
    let x = one;
    for (let bit = 0; bit < 7; bit++) {
      if ((j >> (6 - bit)) & 1) x = (x * roots[bit]) >> FRAC;
    }
    const hScaled = Number(x); // correctly rounded to 53 bits
    const hBig = BigInt(hScaled);
    EXP_H[j] = hScaled / 2 ** Number(FRAC);
    EXP_T[j] = Number(((x - hBig) << 120n) / hBig) / 2 ** 120;
  }
  // log table: subinterval i of z in [0x1.69555p-1, 0x1.69555p0) holds the doubles whose bits are
  // OFF + [i, i+1) * 2^45; c is near its centre with 1/c = round(N/centre)/N below 1, round(2N/centre)/2N above
  const scale = 2 ** 60;
  for (let i = 0; i < N; i++) {
    const loBits = OFF_HI * 2 ** 32 + i * 2 ** 45;
    const hiBits = OFF_HI * 2 ** 32 + (i + 1) * 2 ** 45;
    const zlo = bitsToDouble(Math.floor(loBits / 2 ** 32), loBits % 2 ** 32);
    const zhi = bitsToDouble(Math.floor(hiBits / 2 ** 32), hiBits % 2 ** 32);
    const sum = BigInt(zlo * scale) + BigInt(zhi * scale); // 2 * centre * 2^60, exact
    const below = sum < 2n << 60n;
    const den = below ? N : 2 * N;
    // round(den / centre) = round(2 * den * 2^60 / sum)
    const num2 = BigInt(2 * den) << 61n; // 2 * (2 * den * 2^60)
    const jInt = (num2 / sum + 1n) >> 1n;
    const invc = Number(jInt) / den;
    LOG_INVC[i] = invc;
    // log c = -ln(invc) = ln(den / jInt)
    const logC = lnRationalFixed(BigInt(den), jInt);
    const shift = FRAC - 43n;
    const logcFixed = ((logC + (1n << (shift - 1n))) >> shift) << shift; // round(2^43 log c) / 2^43
    LOG_C[i] = fixedToDouble(logcFixed);
    LOG_CTAIL[i] = fixedToDouble(logC - logcFixed);
  }
}

// ---------------- log and exp kernels ----------------
let logTail = 0;

/** log(x) as hi (returned) + logTail, for a positive normal x. */
function logInline(x: number): number {
  f64[0] = x;
  const hiWord = u32[1];
  const loWord = u32[0];
  // tmp = bits(x) - OFF; i = (tmp >> 45) % 128; k = tmp >> 52 (arithmetic); z = x / 2^k
  const tmpHi = (hiWord - OFF_HI) | 0; // the low word of OFF is 0, so no borrow
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  const zHi = (hiWord - (tmpHi & 0xfff00000)) >>> 0;
  const z = bitsToDouble(zHi, loWord);
  const kd = k;
  const invc = LOG_INVC[i];
  const r = fusedMultiplyAdd(z, invc, -1.0);
  const t1 = kd * LN2_HI + LOG_C[i];
  const t2 = t1 + r;
  const lo1 = fusedMultiplyAdd(kd, LN2_LO, LOG_CTAIL[i]);
  const lo2 = t1 - t2 + r;
  const ar = A0 * r;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  const lo3 = fusedMultiplyAdd(ar, r, -ar2);
  const lo4 = t2 - hi + ar2;
  const inner = fusedMultiplyAdd(
    ar2,
    fusedMultiplyAdd(ar2, fusedMultiplyAdd(r, A6, A5), fusedMultiplyAdd(r, A4, A3)),
    fusedMultiplyAdd(r, A2, A1),
  );
  const lo = fusedMultiplyAdd(ar3, inner, lo1 + lo2 + lo3 + lo4);
  const y = hi + lo;
  logTail = hi - y + lo;
  return y;
}

function pow2Int(k: number): number {
  return bitsToDouble(((k + 1023) << 20) >>> 0, 0);
}

/** exp(x + xtail) with glibc's rounding. */
function expInline(x: number, xtail: number): number {
  const ax = Math.abs(x);
  let special = false;
  if (!(ax >= 2 ** -54 && ax < 512)) {
    if (ax < 2 ** -54) return 1.0;
    if (ax >= 1024) return x < 0 ? 0 : Number.POSITIVE_INFINITY;
    special = true;
  }
  const k = fusedMultiplyAdd(INV_LN2_N, x, SHIFT) - SHIFT;
  let r = fusedMultiplyAdd(k, NEG_LN2_LO_N, fusedMultiplyAdd(k, NEG_LN2_HI_N, x));
  r += xtail;
  const j = ((k % N) + N) % N;
  const m = (k - j) / N;
  const tail = EXP_T[j];
  const r2 = r * r;
  const tmp = fusedMultiplyAdd(
    r2 * r2,
    fusedMultiplyAdd(r, C5, C4),
    fusedMultiplyAdd(r2, fusedMultiplyAdd(r, C3, C2), tail + r),
  );
  if (!special) {
    const scale = EXP_H[j] * pow2Int(m);
    return fusedMultiplyAdd(scale, tmp, scale);
  }
  if (k > 0) {
    const scale = EXP_H[j] * pow2Int(m - 1009);
    return 2 ** 1009 * fusedMultiplyAdd(scale, tmp, scale);
  }
  // k < 0 and the result may be subnormal: compute at 2^1022 times the size, round once, scale down
  // here scale * tmp is shared with a branch, so GCC does not fuse it: two roundings
  const scale = EXP_H[j] * pow2Int(m + 1022);
  const st = scale * tmp;
  let out = scale + st;
  if (Math.abs(out) < 1.0) {
    const one = out < 0 ? -1.0 : 1.0;
    let lo = scale - out + st;
    const hi = one + out;
    lo = one - hi + out + lo;
    out = hi + lo - one;
  }
  return 2 ** -1022 * out;
}

const MIN_NORMAL = 2 ** -1022;

/** glibc pow(x, y) for x > 0 normal and finite y with |y| in [2^-65, 2^63) (what AfterImage needs). */
function powPositive(x: number, y: number): number {
  const hi = logInline(x);
  const lo = logTail;
  const ehi = y * hi;
  const elo = fusedMultiplyAdd(y, lo, fusedMultiplyAdd(y, hi, -ehi));
  return expInline(ehi, elo);
}

/** Python's math.pow(2, x) on glibc: the decay factor 2^x. */
export function libmExp2(x: number): number {
  if (x === 0) return 1;
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 2 ** -65) return 1.0 + x;
  if (ax >= 2 ** 63) return x > 0 ? Number.POSITIVE_INFINITY : 0;
  return powPositive(2, x);
}

/** Python's math.pow(x, 2) (and x ** 2) on glibc. */
export function libmSquare(x: number): number {
  const ax = Math.abs(x);
  if (ax === 0 || !Number.isFinite(ax)) return x * x;
  if (ax < MIN_NORMAL) return x * x; // subnormal input: glibc normalises first; not reached by AfterImage
  return powPositive(ax, 2);
}
