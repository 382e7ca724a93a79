/**
 * Numeric keys of the fast AfterImage, written straight from a decoded Packet into KeyTable key
 * words (no strings). A host is 5 words [kind, a0, a1, a2, a3]:
 *   kind 4: IPv4 address in a0 (for ARP: the ARP sender/target address, as Kitsune);
 *   kind 6: IPv6 address in a0..a3;  kind 1: no IP, MAC address (a0 = high 16 bits, a1 = low 32);
 *   kind 0: nothing known.
 * A socket is a host plus one word: (transport protocol << 17) | port, with bit 16 set when there is
 * no port (ICMP, other protocols); an ICMP error uses the ports and protocol of the packet it quotes
 * (as tshark's first-occurrence fields do for Kitsune); ARP sockets are the MAC addresses.
 */
import type { Packet } from "../../../decode/packet.js";

export const HOST_WORDS = 5;
export const SOCKET_WORDS = 6;
const TWO32 = 4294967296;

function macHi(mac: number): number {
  return Math.floor(mac / TWO32) >>> 0;
}

function ip6Word(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

/** Writes the source (side 0) or destination (side 1) host of `p` at k[o..o+4]. */
export function writeHostKey(p: Packet, side: 0 | 1, k: Uint32Array, o: number): void {
  if (p.ipVersion === 4) {
    k[o] = 4;
    k[o + 1] = side === 0 ? p.src4 : p.dst4;
    k[o + 2] = 0;
    k[o + 3] = 0;
    k[o + 4] = 0;
  } else if (p.ipVersion === 6) {
    const b = side === 0 ? p.src6 : p.dst6;
    k[o] = 6;
    k[o + 1] = ip6Word(b, 0);
    k[o + 2] = ip6Word(b, 4);
    k[o + 3] = ip6Word(b, 8);
    k[o + 4] = ip6Word(b, 12);
  } else if (p.arpOp !== 0) {
    k[o] = 4;
    k[o + 1] = side === 0 ? p.arpSenderIp4 : p.arpTargetIp4;
    k[o + 2] = 0;
    k[o + 3] = 0;
    k[o + 4] = 0;
  } else if (p.hasMac) {
    const mac = side === 0 ? p.srcMac : p.dstMac;
    k[o] = 1;
    k[o + 1] = macHi(mac);
    k[o + 2] = mac >>> 0;
    k[o + 3] = 0;
    k[o + 4] = 0;
  } else {
    k.fill(0, o, o + HOST_WORDS);
  }
}

/** Writes the source or destination socket of `p` at k[o..o+5]. */
export function writeSocketKey(p: Packet, side: 0 | 1, k: Uint32Array, o: number): void {
  if (p.arpOp !== 0 && p.ipVersion === 0) {
    const mac = side === 0 ? p.srcMac : p.dstMac;
    k[o] = 1;
    k[o + 1] = macHi(mac);
    k[o + 2] = mac >>> 0;
    k[o + 3] = 0;
    k[o + 4] = 0;
    k[o + 5] = 0x0806 << 17;
    return;
  }
  writeHostKey(p, side, k, o);
  let word: number;
  if (p.srcPort >= 0) {
    word = (p.ipProto << 17) | (side === 0 ? p.srcPort : p.dstPort);
  } else if (p.hasInner && p.innerSrcPort >= 0) {
    word = (p.innerIpProto << 17) | (side === 0 ? p.innerSrcPort : p.innerDstPort);
  } else {
    word = ((p.ipProto & 0x7fff) << 17) | 0x10000;
  }
  k[o + 5] = word >>> 0;
}

/** Source MAC (2 words) at k[o..o+1]. */
export function writeSrcMacKey(p: Packet, k: Uint32Array, o: number): void {
  k[o] = p.hasMac ? macHi(p.srcMac) : 0;
  k[o + 1] = p.hasMac ? p.srcMac >>> 0 : 0;
}
