/**
 * Synthetic frame builder for tests and benchmarks: Ethernet (optionally VLAN-tagged) frames carrying
 * IPv4 or IPv6 with TCP, UDP or ICMP/ICMPv6, and ARP frames, all with correct checksums (tshark
 * validates them). Not a hot path: each call allocates its frame.
 *
 *   const f = buildEthernetFrame({ src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp", srcPort: 1234,
 *                                  dstPort: 80, tcpFlags: TCP_FLAG.SYN, payload: 10 });
 *   const ip = buildIpPacket({ src: "2001:db8::1", dst: "2001:db8::2", proto: "udp", srcPort: 5353, dstPort: 53 });
 */
import { parseMac } from "../decode/packet.js";
import { VigilError } from "../errors.js";
import { addr, buildIpPacket, put16, put32, type SynthIpSpec } from "./synth-ip.js";

export { buildIpPacket, type SynthIpSpec } from "./synth-ip.js";

export interface SynthFrameSpec extends SynthIpSpec {
  /** MACs as "aa:bb:cc:dd:ee:ff" (defaults 02:00:00:00:00:01 and :02). */
  srcMac?: string;
  dstMac?: string;
  /** VLAN ids, outermost first: one tag uses TPID 0x8100; with two, the outer uses 0x88a8 (QinQ). */
  vlans?: number[];
}

export interface SynthArpSpec {
  /** 1 request, 2 reply. */
  op: 1 | 2;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
  /** Ethernet destination (default broadcast for requests, targetMac for replies). */
  dstMac?: string;
}

function macBytes(text: string | undefined, dflt: number, field: string): number {
  if (text === undefined) return dflt;
  const m = parseMac(text);
  if (Number.isNaN(m)) throw new VigilError("E_CONFIG", `synth: bad MAC address "${text}"`, { field });
  return m;
}

function putMac(b: Uint8Array, o: number, mac: number): void {
  put16(b, o, Math.floor(mac / 0x100000000));
  put32(b, o + 2, mac % 0x100000000);
}

/** Ethernet header (+ VLAN tags) around a network-layer payload of EtherType `etherType`. */
export function wrapEthernet(
  payload: Uint8Array,
  etherType: number,
  srcMac?: string,
  dstMac?: string,
  vlans: number[] = [],
): Uint8Array {
  const b = new Uint8Array(14 + vlans.length * 4 + payload.length);
  putMac(b, 0, macBytes(dstMac, 0x020000000002, "dstMac"));
  putMac(b, 6, macBytes(srcMac, 0x020000000001, "srcMac"));
  let o = 12;
  for (let i = 0; i < vlans.length; i++) {
    put16(b, o, vlans.length > 1 && i === 0 ? 0x88a8 : 0x8100);
    put16(b, o + 2, vlans[i] & 0x0fff);
    o += 4;
  }
  put16(b, o, etherType);
  b.set(payload, o + 2);
  return b;
}

/** An Ethernet frame carrying the IP packet of `s`. */
export function buildEthernetFrame(s: SynthFrameSpec): Uint8Array {
  const ip = buildIpPacket(s);
  return wrapEthernet(ip, ip[0] >> 4 === 6 ? 0x86dd : 0x0800, s.srcMac, s.dstMac, s.vlans);
}

/** An Ethernet ARP request or reply (28-byte ARP body, no padding). */
export function buildArpFrame(s: SynthArpSpec): Uint8Array {
  const a = new Uint8Array(28);
  put16(a, 0, 1);
  put16(a, 2, 0x0800);
  a[4] = 6;
  a[5] = 4;
  put16(a, 6, s.op);
  putMac(a, 8, macBytes(s.senderMac, 0, "senderMac"));
  a.set(addr(s.senderIp, "senderIp"), 14);
  putMac(a, 18, macBytes(s.targetMac, 0, "targetMac"));
  a.set(addr(s.targetIp, "targetIp"), 24);
  const dst = s.dstMac ?? (s.op === 1 ? "ff:ff:ff:ff:ff:ff" : s.targetMac);
  return wrapEthernet(a, 0x0806, s.senderMac, dst);
}
