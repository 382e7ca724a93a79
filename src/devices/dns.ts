/**
 * DNS query names from a UDP payload (RFC 1035 section 4.1): the first question's QNAME of a query
 * (QR bit 0). Bounded and allocation-light: labels are read with bounds checks, a compression pointer
 * or a label over 63 bytes ends the name (questions are not compressed in practice), and anything
 * malformed or cut by the snap length returns "" (not an error: a fingerprint only loses a hint).
 */
import { DNS_BUCKETS } from "./features.js";

const MAX_NAME = 253;

/** The first question name of a DNS query in data[off, off+len), lower case, or "" when none. */
export function dnsQueryName(data: Uint8Array, off: number, len: number): string {
  if (len < 17) return "";
  const end = off + len;
  if (end > data.length) return "";
  const flags = (data[off + 2] << 8) | data[off + 3];
  if ((flags & 0x8000) !== 0) return ""; // a response
  if ((flags & 0x7800) !== 0) return ""; // opcode other than QUERY
  const qd = (data[off + 4] << 8) | data[off + 5];
  if (qd < 1) return "";
  let p = off + 12;
  let name = "";
  while (p < end) {
    const l = data[p];
    if (l === 0) return name;
    if (l > 63 || p + 1 + l > end) return "";
    if (name.length + l + 1 > MAX_NAME) return "";
    let label = "";
    for (let i = p + 1; i <= p + l; i++) {
      const c = data[i];
      // Letters, digits, hyphen, underscore: anything else makes the name untrustworthy.
      const ok =
        (c >= 0x61 && c <= 0x7a) ||
        (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2d ||
        c === 0x5f;
      if (!ok) return "";
      label += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
    }
    name = name === "" ? label : `${name}.${label}`;
    p += 1 + l;
  }
  return "";
}

/** The registrable part of a name, approximated by its last two labels ("a.b.amazonaws.com" → "amazonaws.com"). */
export function registrablePart(name: string): string {
  const i = name.lastIndexOf(".");
  if (i < 0) return name;
  const j = name.lastIndexOf(".", i - 1);
  return j < 0 ? name : name.slice(j + 1);
}

/** FNV-1a (32-bit) of the registrable part, modulo DNS_BUCKETS: the same vendor cloud, the same bucket. */
export function dnsBucket(name: string): number {
  const s = registrablePart(name);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % DNS_BUCKETS;
}
