/**
 * Number parsing straight from a range of a string, without slicing it (the CSV hot loop).
 * Plain decimals with at most 15 significant digits and a small exponent take an exact fast path
 * (integer mantissa / power of ten, both exact in a double, so the quotient is correctly rounded);
 * anything else falls back to Number() on the slice.
 */
const POW10 = new Float64Array(23);
for (let i = 0; i < POW10.length; i++) POW10[i] = 10 ** i;

/** NaN when the range is not a number (callers decide whether that is a missing value or an error). */
export function parseNumberRange(s: string, start: number, end: number): number {
  // trim spaces and tabs
  while (start < end && (s.charCodeAt(start) === 32 || s.charCodeAt(start) === 9)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  if (start === end) return Number.NaN;
  let i = start;
  let negative = false;
  let ch = s.charCodeAt(i);
  if (ch === 45 /* - */ || ch === 43 /* + */) {
    negative = ch === 45;
    i++;
    if (i === end) return Number.NaN;
  }
  let mantissa = 0;
  let digits = 0;
  let fracDigits = 0;
  let sawDigit = false;
  // leading zeros do not count as significant digits
  while (i < end) {
    ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) break;
    sawDigit = true;
    if (mantissa !== 0 || ch !== 48) {
      mantissa = mantissa * 10 + (ch - 48);
      digits++;
    }
    i++;
  }
  if (i < end && s.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < end) {
      ch = s.charCodeAt(i);
      if (ch < 48 || ch > 57) break;
      sawDigit = true;
      if (mantissa !== 0 || ch !== 48) {
        mantissa = mantissa * 10 + (ch - 48);
        digits++;
      }
      fracDigits++;
      i++;
    }
  }
  if (!sawDigit) return slowParse(s, start, end);
  let exponent = 0;
  if (i < end) {
    ch = s.charCodeAt(i);
    if (ch !== 101 && ch !== 69 /* e E */) return slowParse(s, start, end);
    i++;
    let expNegative = false;
    if (i < end && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) {
      expNegative = s.charCodeAt(i) === 45;
      i++;
    }
    if (i === end) return Number.NaN;
    while (i < end) {
      ch = s.charCodeAt(i);
      if (ch < 48 || ch > 57) return Number.NaN;
      exponent = exponent * 10 + (ch - 48);
      if (exponent > 400) return slowParse(s, start, end);
      i++;
    }
    if (expNegative) exponent = -exponent;
  }
  if (digits > 15) return slowParse(s, start, end);
  const e10 = exponent - fracDigits;
  let v: number;
  if (mantissa === 0) v = 0;
  else if (e10 === 0) v = mantissa;
  else if (e10 > 0 && e10 <= 22) v = mantissa * POW10[e10];
  else if (e10 < 0 && e10 >= -22) v = mantissa / POW10[-e10];
  else return slowParse(s, start, end);
  return negative ? -v : v;
}

function slowParse(s: string, start: number, end: number): number {
  const text = s.slice(start, end);
  const lower = text.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  // Number("0x10"), Number("1_0") and friends are not CSV numbers
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number.NaN;
  return Number(text);
}
