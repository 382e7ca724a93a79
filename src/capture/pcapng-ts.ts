/**
 * pcapng timestamps: a 64-bit count of units since the epoch, where an interface's if_tsresol option
 * sets the unit (10^-n seconds when the high bit is clear, 2^-n when set; default 10^-6) and
 * if_tsoffset adds whole seconds. Split exactly into seconds + nanoseconds without BigInt on the usual
 * path (values above 2^53, e.g. nanosecond units, use 16-bit long division).
 */

/** An interface's timestamp unit. */
export interface TsUnit {
  /** Units per second (10^n or 2^n). */
  perSec: number;
  /** The same, exact, for the rare resolutions above 2^31 units per second. */
  perSecBig: bigint;
  /** Seconds added to every timestamp (if_tsoffset). */
  offsetSec: number;
}

/** The unit described by an if_tsresol byte. */
export function tsUnitFromResol(resol: number, offsetSec = 0): TsUnit {
  const exp = resol & 0x7f;
  const perSecBig = resol & 0x80 ? 1n << BigInt(exp) : 10n ** BigInt(exp);
  return { perSec: Number(perSecBig), perSecBig, offsetSec };
}

/** The default unit: microseconds. */
export function defaultTsUnit(): TsUnit {
  return tsUnitFromResol(6);
}

/** Module-level result of splitTs (read right after the call). */
export const tsOut = { sec: 0, nsec: 0 };

const TWO32 = 4294967296;

/** Long-division state (module-level so the split allocates nothing). */
let divSec = 0;
let divRem = 0;

function divStep(limb: number, u: number): void {
  const cur = divRem * 65536 + limb;
  let q = Math.floor(cur / u);
  let r = cur - q * u;
  if (r < 0) {
    q--;
    r += u;
  } else if (r >= u) {
    q++;
    r -= u;
  }
  divSec = divSec * 65536 + q;
  divRem = r;
}

/** Splits the 64-bit timestamp hi:lo in `unit` into tsOut.sec / tsOut.nsec. */
export function splitTs(hi: number, lo: number, unit: TsUnit): void {
  const u = unit.perSec;
  let sec: number;
  let rem: number;
  if (hi < 0x200000) {
    const v = hi * TWO32 + lo;
    sec = Math.floor(v / u);
    rem = v - sec * u;
    if (rem < 0) {
      sec--;
      rem += u;
    } else if (rem >= u) {
      sec++;
      rem -= u;
    }
  } else if (u <= 0x7fffffff) {
    // Long division by 16-bit limbs keeps every intermediate below 2^47: exact.
    divSec = 0;
    divRem = 0;
    divStep(hi >>> 16, u);
    divStep(hi & 0xffff, u);
    divStep(lo >>> 16, u);
    divStep(lo & 0xffff, u);
    sec = divSec;
    rem = divRem;
  } else {
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    sec = Number(v / unit.perSecBig);
    rem = Number(v % unit.perSecBig);
  }
  tsOut.sec = sec + unit.offsetSec;
  if (u === 1e9) tsOut.nsec = rem;
  else if (u < 1e9 && 1e9 % u === 0) tsOut.nsec = rem * (1e9 / u);
  else tsOut.nsec = Math.floor((rem / u) * 1e9);
}
