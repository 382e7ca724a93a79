/**
 * Link types that carry IP without a MAC header: raw IP (LINKTYPE_RAW 101, and DLT_RAW 12/14 as some
 * systems write it), LINKTYPE_IPV4 (228), LINKTYPE_IPV6 (229), and BSD loopback NULL (0, address family
 * in the capturing host's byte order) / LOOP (108, network byte order).
 */
import { decodeNetwork } from "./ethertype.js";
import { ETHERTYPE, type Packet } from "./packet.js";

/** Raw IP: the version nibble says IPv4 or IPv6. */
export function decodeRawIp(d: Uint8Array, off: number, end: number, out: Packet): void {
  if (end - off < 1) {
    out.decodeIssue = "raw: empty packet";
    return;
  }
  const v = d[off] >> 4;
  if (v === 4) decodeNetwork(ETHERTYPE.IPV4, d, off, end, out);
  else if (v === 6) decodeNetwork(ETHERTYPE.IPV6, d, off, end, out);
  else out.decodeIssue = `raw: IP version ${v} is neither 4 nor 6`;
}

/** AF_INET6 differs by system: Linux 10, NetBSD/OpenBSD 24, FreeBSD/DragonFly 28, macOS 30. */
function isAfInet6(af: number): boolean {
  return af === 10 || af === 24 || af === 28 || af === 30;
}

/** NULL (`bigEndian` false: host order, detected) and LOOP (`bigEndian` true). */
export function decodeNullLoop(
  d: Uint8Array,
  off: number,
  end: number,
  out: Packet,
  bigEndian: boolean,
): void {
  if (end - off < 4) {
    out.decodeIssue = `null: truncated header (${Math.max(end - off, 0)} of 4 bytes)`;
    return;
  }
  const be = ((d[off] << 24) | (d[off + 1] << 16) | (d[off + 2] << 8) | d[off + 3]) >>> 0;
  const le = ((d[off + 3] << 24) | (d[off + 2] << 16) | (d[off + 1] << 8) | d[off]) >>> 0;
  // Families are small numbers: in NULL, the order that yields one is the writer's order.
  const af = bigEndian ? be : le <= 0xffff ? le : be;
  if (af === 2) decodeNetwork(ETHERTYPE.IPV4, d, off + 4, end, out);
  else if (isAfInet6(af)) decodeNetwork(ETHERTYPE.IPV6, d, off + 4, end, out);
  else out.decodeIssue = `null: address family ${af} is not IP`;
}
