/**
 * What follows an EtherType: 802.1Q / 802.1ad (QinQ, also the old 0x9100) VLAN tags, then the network
 * layer (IPv4, IPv6, ARP). Shared by Ethernet and Linux SLL/SLL2. Other EtherTypes are left undecoded
 * without an issue (they are valid frames vigil does not analyse).
 */
import { decodeArp } from "./arp.js";
import { u16be } from "./bytes.js";
import { decodeIpv4 } from "./ipv4.js";
import { decodeIpv6 } from "./ipv6.js";
import { ETHERTYPE, type Packet } from "./packet.js";

function isVlanTag(t: number): boolean {
  return t === ETHERTYPE.VLAN || t === ETHERTYPE.QINQ || t === ETHERTYPE.QINQ_OLD;
}

/** Decodes from an EtherType `type` whose payload starts at `off`. */
export function decodeEtherPayload(type: number, d: Uint8Array, off: number, end: number, out: Packet): void {
  let t = type;
  let o = off;
  while (isVlanTag(t)) {
    if (end - o < 4) {
      out.decodeIssue = `vlan: truncated tag (${Math.max(end - o, 0)} of 4 bytes)`;
      return;
    }
    const vid = u16be(d, o) & 0x0fff;
    if (out.vlanOuter < 0) out.vlanOuter = vid;
    else if (out.vlanInner < 0) out.vlanInner = vid;
    t = u16be(d, o + 2);
    o += 4;
  }
  decodeNetwork(t, d, o, end, out);
}

/** Decodes the network layer named by EtherType `t` at `off` (no VLAN tags left). */
export function decodeNetwork(t: number, d: Uint8Array, off: number, end: number, out: Packet): void {
  out.etherType = t;
  if (t === ETHERTYPE.IPV4) decodeIpv4(d, off, end, out);
  else if (t === ETHERTYPE.IPV6) decodeIpv6(d, off, end, out);
  else if (t === ETHERTYPE.ARP) decodeArp(d, off, end, out);
}
