/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443): type, code, and for error messages the quoted inner packet.
 * The payload is everything after the 8-byte header (echo data, or the quote for errors).
 */
import { clampCap } from "./bytes.js";
import type { Packet } from "./packet.js";
import { decodeQuoted } from "./quoted.js";

const ICMP_HDR = 8;

/** ICMPv4 types that quote the offending datagram: unreachable, source quench, redirect, time exceeded, parameter problem. */
function isIcmp4Error(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/** ICMPv6 error types: destination unreachable, packet too big, time exceeded, parameter problem. */
function isIcmp6Error(type: number): boolean {
  return type >= 1 && type <= 4;
}

function decodeIcmpCommon(
  d: Uint8Array,
  off: number,
  capEnd: number,
  wireLen: number,
  out: Packet,
  v6: boolean,
): void {
  out.l4Offset = off;
  const avail = capEnd - off;
  const name = v6 ? "icmpv6" : "icmp";
  if (avail < 2) {
    out.decodeIssue = `${name}: truncated header (${Math.max(avail, 0)} of ${ICMP_HDR} bytes)`;
    return;
  }
  const type = d[off];
  out.icmpType = type;
  out.icmpCode = d[off + 1];
  if (avail < ICMP_HDR) {
    out.decodeIssue = `${name}: truncated header (${avail} of ${ICMP_HDR} bytes)`;
    return;
  }
  out.payloadOffset = off + ICMP_HDR;
  const wirePayload = wireLen - ICMP_HDR;
  out.payloadLen = Math.max(wirePayload, 0);
  out.payloadCapLen = clampCap(avail - ICMP_HDR, out.payloadLen);
  if (v6 ? isIcmp6Error(type) : isIcmp4Error(type)) {
    decodeQuoted(d, off + ICMP_HDR, capEnd, out);
  }
}

export function decodeIcmp4(d: Uint8Array, off: number, capEnd: number, wireLen: number, out: Packet): void {
  decodeIcmpCommon(d, off, capEnd, wireLen, out, false);
}

export function decodeIcmp6(d: Uint8Array, off: number, capEnd: number, wireLen: number, out: Packet): void {
  decodeIcmpCommon(d, off, capEnd, wireLen, out, true);
}
