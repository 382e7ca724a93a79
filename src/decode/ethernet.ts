/**
 * Ethernet II header (and IEEE 802.3 + LLC/SNAP): MAC addresses, then the EtherType's payload.
 * An 802.3 frame without SNAP carries no EtherType and is left undecoded (etherType 0, no issue).
 */
import { mac48, u16be } from "./bytes.js";
import { decodeEtherPayload } from "./ethertype.js";
import type { Packet } from "./packet.js";

const ETH_HDR = 14;

export function decodeEthernet(d: Uint8Array, off: number, end: number, out: Packet): void {
  const avail = end - off;
  if (avail < ETH_HDR) {
    out.decodeIssue = `ethernet: truncated header (${Math.max(avail, 0)} of ${ETH_HDR} bytes)`;
    return;
  }
  out.dstMac = mac48(d, off);
  out.srcMac = mac48(d, off + 6);
  out.hasMac = true;
  const type = u16be(d, off + 12);
  if (type >= 0x0600) {
    decodeEtherPayload(type, d, off + ETH_HDR, end, out);
    return;
  }
  // 802.3 length field: an LLC header follows; SNAP (AA AA 03 + OUI 0) carries an EtherType.
  const llc = off + ETH_HDR;
  if (end - llc >= 8 && d[llc] === 0xaa && d[llc + 1] === 0xaa && d[llc + 2] === 0x03) {
    if (d[llc + 3] === 0 && d[llc + 4] === 0 && d[llc + 5] === 0) {
      decodeEtherPayload(u16be(d, llc + 6), d, llc + 8, end, out);
    }
  }
}
