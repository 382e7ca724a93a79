/**
 * Walks IPv6 extension headers (RFC 8200 §4; AH RFC 4302) from the first Next Header to the transport.
 * Used for the outer packet and for IPv6 headers quoted inside ICMPv6 errors. The result goes to one
 * module-level record (`ext`) so the walk allocates nothing; read it right after the call.
 */
import { u16be, u32be } from "./bytes.js";

/** IPv6 Next Header numbers that are extension headers. */
export const IP6_EXT = {
  HOP_BY_HOP: 0,
  ROUTING: 43,
  FRAGMENT: 44,
  ESP: 50,
  AH: 51,
  NO_NEXT: 59,
  DEST_OPTS: 60,
  MOBILITY: 135,
  HIP: 139,
  SHIM6: 140,
} as const;

export interface Ip6ExtResult {
  /** Protocol after the last extension header (the transport, or 44/50/59 where the walk stopped). */
  proto: number;
  /** Byte offset of the transport header (or of where the walk stopped). */
  offset: number;
  /** Extension headers walked. */
  count: number;
  /** A fragment header was seen. */
  isFragment: boolean;
  /** Fragment offset in bytes (fragment header only). */
  fragOffsetBytes: number;
  /** Fragment identification (fragment header only). */
  fragId: number;
  /** Why the walk stopped early ("" when it reached a transport or a non-extension protocol). */
  issue: string;
}

export const ext: Ip6ExtResult = {
  proto: -1,
  offset: 0,
  count: 0,
  isFragment: false,
  fragOffsetBytes: 0,
  fragId: 0,
  issue: "",
};

/**
 * Starts at `off` with Next Header `next`; stops at the first non-extension protocol, at ESP (its
 * content is encrypted), at No Next Header, after a non-first fragment header, or at `end`.
 */
export function walkIpv6Ext(d: Uint8Array, off: number, end: number, next: number): Ip6ExtResult {
  ext.count = 0;
  ext.isFragment = false;
  ext.fragOffsetBytes = 0;
  ext.fragId = 0;
  ext.issue = "";
  let proto = next;
  let o = off;
  for (;;) {
    if (
      proto !== IP6_EXT.HOP_BY_HOP &&
      proto !== IP6_EXT.ROUTING &&
      proto !== IP6_EXT.FRAGMENT &&
      proto !== IP6_EXT.DEST_OPTS &&
      proto !== IP6_EXT.AH &&
      proto !== IP6_EXT.MOBILITY &&
      proto !== IP6_EXT.HIP &&
      proto !== IP6_EXT.SHIM6
    ) {
      break;
    }
    if (end - o < 8) {
      ext.issue = `ipv6: truncated extension header ${proto} at byte ${o}`;
      break;
    }
    const nextProto = d[o];
    let len: number;
    if (proto === IP6_EXT.FRAGMENT) {
      len = 8;
      const fo = u16be(d, o + 2);
      ext.isFragment = true;
      ext.fragOffsetBytes = (fo >>> 3) * 8;
      ext.fragId = u32be(d, o + 4);
    } else if (proto === IP6_EXT.AH) {
      len = (d[o + 1] + 2) * 4;
    } else {
      len = (d[o + 1] + 1) * 8;
    }
    if (o + len > end) {
      ext.issue = `ipv6: extension header ${proto} length ${len} runs past the packet`;
      break;
    }
    ext.count++;
    o += len;
    proto = nextProto;
    if (ext.isFragment && ext.fragOffsetBytes > 0) break; // later fragments carry no transport header
  }
  ext.proto = proto;
  ext.offset = o;
  return ext;
}
