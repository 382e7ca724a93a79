/**
 * Linux "cooked" capture headers, as written by `tcpdump -i any`: SLL (LINKTYPE 113, 16 bytes) and
 * SLL2 (LINKTYPE 276, 20 bytes). They carry the sender's link-layer address (no destination) and a
 * protocol that is an EtherType for ordinary traffic.
 */
import { mac48, u16be } from "./bytes.js";
import { decodeEtherPayload } from "./ethertype.js";
import type { Packet } from "./packet.js";

const SLL_HDR = 16;
const SLL2_HDR = 20;
/** ARPHRD_ETHER: the address is a 6-byte MAC. */
const ARPHRD_ETHER = 1;
/** ARPHRD_NETLINK: netlink messages, not network traffic. */
const ARPHRD_NETLINK = 824;

function fillSender(d: Uint8Array, addrOff: number, hatype: number, addrLen: number, out: Packet): void {
  if (hatype === ARPHRD_ETHER && addrLen === 6) {
    out.srcMac = mac48(d, addrOff);
    out.hasMac = true;
  }
}

/** Protocol values below 0x0600 are Linux pseudo-protocols (802.3, 802.2 LLC, CAN...), not EtherTypes. */
function decodeProtocol(
  proto: number,
  hatype: number,
  d: Uint8Array,
  off: number,
  end: number,
  out: Packet,
): void {
  if (hatype === ARPHRD_NETLINK || proto < 0x0600) return;
  decodeEtherPayload(proto, d, off, end, out);
}

export function decodeSll(d: Uint8Array, off: number, end: number, out: Packet): void {
  if (end - off < SLL_HDR) {
    out.decodeIssue = `sll: truncated header (${Math.max(end - off, 0)} of ${SLL_HDR} bytes)`;
    return;
  }
  const hatype = u16be(d, off + 2);
  fillSender(d, off + 6, hatype, u16be(d, off + 4), out);
  decodeProtocol(u16be(d, off + 14), hatype, d, off + SLL_HDR, end, out);
}

export function decodeSll2(d: Uint8Array, off: number, end: number, out: Packet): void {
  if (end - off < SLL2_HDR) {
    out.decodeIssue = `sll2: truncated header (${Math.max(end - off, 0)} of ${SLL2_HDR} bytes)`;
    return;
  }
  const hatype = u16be(d, off + 8);
  fillSender(d, off + 12, hatype, d[off + 11], out);
  decodeProtocol(u16be(d, off), hatype, d, off + SLL2_HDR, end, out);
}
