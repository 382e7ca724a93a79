/**
 * IPv4 header (RFC 791): addresses, protocol, TTL, lengths, identification, fragments. Options are
 * skipped via the header length. The transport is decoded only for unfragmented packets and first
 * fragments (offset 0); later fragments keep ports at -1.
 */
import { u16be, u32be } from "./bytes.js";
import type { Packet } from "./packet.js";
import { decodeTransport } from "./transport.js";

const IPV4_MIN = 20;

/** Decodes the IPv4 header at `off`; `end` is the end of the captured bytes. */
export function decodeIpv4(d: Uint8Array, off: number, end: number, out: Packet): void {
  out.l3Offset = off;
  const avail = end - off;
  if (avail < IPV4_MIN) {
    out.decodeIssue = `ipv4: truncated header (${Math.max(avail, 0)} of ${IPV4_MIN} bytes)`;
    return;
  }
  const vihl = d[off];
  if (vihl >> 4 !== 4) {
    out.decodeIssue = `ipv4: version ${vihl >> 4} != 4`;
    return;
  }
  const ihl = (vihl & 15) * 4;
  if (ihl < IPV4_MIN) {
    out.decodeIssue = `ipv4: header length ${ihl} < ${IPV4_MIN}`;
    return;
  }
  out.ipVersion = 4;
  let totalLen = u16be(d, off + 2);
  out.ipId = u16be(d, off + 4);
  const fo = u16be(d, off + 6);
  out.ttl = d[off + 8];
  const proto = d[off + 9];
  out.ipProto = proto;
  out.src4 = u32be(d, off + 12);
  out.dst4 = u32be(d, off + 16);
  const fragOffsetBytes = (fo & 0x1fff) * 8;
  out.fragOffsetBytes = fragOffsetBytes;
  out.isFragment = (fo & 0x2000) !== 0 || fragOffsetBytes > 0;
  if (totalLen === 0) totalLen = avail; // TCP segmentation offload: the NIC fills the length later
  out.ipLen = totalLen;
  if (ihl > avail) {
    out.decodeIssue = `ipv4: options truncated (header length ${ihl}, ${avail} bytes present)`;
    return;
  }
  if (totalLen < ihl) {
    out.decodeIssue = `ipv4: total length ${totalLen} < header length ${ihl}`;
    return;
  }
  if (fragOffsetBytes > 0) return;
  // Captured bytes end at the IP length (Ethernet padding excluded) or where the capture cut the frame.
  const ipEnd = off + totalLen;
  decodeTransport(proto, d, off + ihl, Math.min(ipEnd, end), totalLen - ihl, out);
}
