/**
 * IPv6 header (RFC 8200): addresses, hop limit, payload length, then the extension headers walked to
 * the transport (ipv6-ext.ts). A fragment header sets isFragment / fragOffsetBytes / ipId; non-first
 * fragments keep ports at -1.
 */
import { copy16, u16be } from "./bytes.js";
import { walkIpv6Ext } from "./ipv6-ext.js";
import type { Packet } from "./packet.js";
import { decodeTransport } from "./transport.js";

const IPV6_HDR = 40;

/** Decodes the IPv6 header at `off`; `end` is the end of the captured bytes. */
export function decodeIpv6(d: Uint8Array, off: number, end: number, out: Packet): void {
  out.l3Offset = off;
  const avail = end - off;
  if (avail < IPV6_HDR) {
    out.decodeIssue = `ipv6: truncated header (${Math.max(avail, 0)} of ${IPV6_HDR} bytes)`;
    return;
  }
  if (d[off] >> 4 !== 6) {
    out.decodeIssue = `ipv6: version ${d[off] >> 4} != 6`;
    return;
  }
  out.ipVersion = 6;
  let payloadLen = u16be(d, off + 4);
  // Payload length 0 with a hop-by-hop header is a jumbogram (RFC 2675): use what was captured.
  if (payloadLen === 0 && d[off + 6] === 0) payloadLen = avail - IPV6_HDR;
  out.ipLen = IPV6_HDR + payloadLen;
  out.ttl = d[off + 7];
  copy16(d, off + 8, out.src6);
  copy16(d, off + 24, out.dst6);
  const ipEnd = off + IPV6_HDR + payloadLen;
  const capEnd = Math.min(ipEnd, end);
  const r = walkIpv6Ext(d, off + IPV6_HDR, capEnd, d[off + 6]);
  // Copy the walk's result before the transport runs (ICMPv6 errors walk the quoted header again).
  const proto = r.proto;
  const l4 = r.offset;
  out.ipProto = proto;
  out.ipv6ExtHeaders = r.count;
  if (r.isFragment) {
    out.isFragment = true;
    out.fragOffsetBytes = r.fragOffsetBytes;
    out.ipId = r.fragId;
  }
  if (r.issue !== "") {
    out.decodeIssue = r.issue;
    return;
  }
  if (r.fragOffsetBytes > 0) return;
  decodeTransport(proto, d, l4, capEnd, ipEnd - l4, out);
}
