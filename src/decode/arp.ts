/** ARP (RFC 826) for Ethernet hardware and IPv4 protocol addresses: opcode, sender and target. */
import { mac48, u16be, u32be } from "./bytes.js";
import type { Packet } from "./packet.js";

const ARP_ETH_IP4 = 28;

export function decodeArp(d: Uint8Array, off: number, end: number, out: Packet): void {
  out.l3Offset = off;
  const avail = end - off;
  if (avail < 8) {
    out.decodeIssue = `arp: truncated header (${Math.max(avail, 0)} of ${ARP_ETH_IP4} bytes)`;
    return;
  }
  const htype = u16be(d, off);
  const ptype = u16be(d, off + 2);
  const hlen = d[off + 4];
  const plen = d[off + 5];
  if (htype !== 1 || ptype !== 0x0800 || hlen !== 6 || plen !== 4) {
    out.decodeIssue = `arp: unsupported hardware/protocol ${htype}/0x${ptype.toString(16)} (lengths ${hlen}/${plen})`;
    return;
  }
  if (avail < ARP_ETH_IP4) {
    out.decodeIssue = `arp: truncated header (${avail} of ${ARP_ETH_IP4} bytes)`;
    return;
  }
  out.arpOp = u16be(d, off + 6);
  out.arpSenderMac = mac48(d, off + 8);
  out.arpSenderIp4 = u32be(d, off + 14);
  out.arpTargetMac = mac48(d, off + 18);
  out.arpTargetIp4 = u32be(d, off + 24);
}
