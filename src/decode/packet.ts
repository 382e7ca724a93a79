/**
 * The decoded packet: the one record that flows from `decode` to every feature extractor.
 *
 * For speed the decoder fills ONE reusable `Packet` per source (no allocation per packet). A consumer
 * that keeps anything past the current packet must copy the numbers or call `clonePacket()`.
 * Addresses are numbers (IPv4 as an unsigned 32-bit integer, MAC as a 48-bit integer) or, for IPv6,
 * 16 bytes copied into the packet's own arrays; `format*` turns them into text when text is needed.
 *
 * Absent values: ports, ICMP type/code and VLAN ids are -1; addresses are 0 with `ipVersion` 0.
 */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL: 113,
  LINUX_SLL2: 276,
  LOOP: 108,
} as const;

export const ETHERTYPE = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  IPV6: 0x86dd,
} as const;

export const IPPROTO = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ICMPV6: 58,
} as const;

/** TCP flag bits as in the TCP header's 9 flag bits (NS is bit 8). */
export const TCP_FLAG = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
  NS: 0x100,
} as const;

export class Packet {
  /** 0-based number of this packet in its source (counts every record read, decoded or not). */
  index = 0;
  /** Capture time, whole seconds since the epoch. */
  tsSec = 0;
  /** Capture time, nanoseconds within the second (0..999,999,999). */
  tsNsec = 0;
  /** Capture time in seconds as a float (tsSec + tsNsec / 1e9). */
  ts = 0;
  /** Bytes captured (may be less than wireLen when the snap length cut the frame). */
  capLen = 0;
  /** Frame length on the wire, bytes (Kitsune's / tshark's frame.len). */
  wireLen = 0;
  /** pcap LINKTYPE_* of the interface that captured it. */
  linkType: number = LINKTYPE.ETHERNET;
  /** Interface number (pcapng IDB index; 0 for pcap). */
  interfaceId = 0;
  /** The captured bytes (a view; valid until the next packet is read). */
  data: Uint8Array = new Uint8Array(0);

  // ---- layer 2 ----
  /** True when the frame had an Ethernet (or SLL with a 6-byte address) source address. */
  hasMac = false;
  /** Source MAC as a 48-bit integer (0 when absent). */
  srcMac = 0;
  /** Destination MAC as a 48-bit integer (0 when absent or not carried, e.g. SLL). */
  dstMac = 0;
  /** Outer and inner 802.1Q VLAN ids, -1 when absent. */
  vlanOuter = -1;
  vlanInner = -1;
  /** EtherType of the network layer after VLAN tags (0 when unknown). */
  etherType = 0;

  // ---- ARP (etherType 0x0806) ----
  /** ARP opcode (1 request, 2 reply), 0 when not ARP. */
  arpOp = 0;
  arpSenderMac = 0;
  arpSenderIp4 = 0;
  arpTargetMac = 0;
  arpTargetIp4 = 0;

  // ---- layer 3 ----
  /** 4, 6, or 0 when the packet has no IP layer. */
  ipVersion = 0;
  /** IPv4 addresses as unsigned 32-bit integers (0 when not IPv4). */
  src4 = 0;
  dst4 = 0;
  /** IPv6 addresses, 16 bytes each (meaningful when ipVersion === 6). Owned by this Packet. */
  readonly src6 = new Uint8Array(16);
  readonly dst6 = new Uint8Array(16);
  /** Transport protocol number after IPv6 extension headers (-1 when no IP). */
  ipProto = -1;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl = 0;
  /** IP total length in bytes (IPv4 total length; IPv6 40 + payload length). */
  ipLen = 0;
  /** IPv4 identification (0 for IPv6 unless a fragment header carries one). */
  ipId = 0;
  /** True when this packet is an IP fragment (MF set or offset > 0). */
  isFragment = false;
  /** Fragment offset in bytes. */
  fragOffsetBytes = 0;
  /** Number of IPv6 extension headers walked. */
  ipv6ExtHeaders = 0;
  /** Byte offset of the IP (or ARP) header in `data`, -1 when there is none. */
  l3Offset = -1;
  /** Byte offset of the transport (TCP/UDP/ICMP) header in `data`, -1 when there is none. */
  l4Offset = -1;

  // ---- layer 4 ----
  /** TCP/UDP ports, -1 when absent (ICMP, non-first fragments, ...). */
  srcPort = -1;
  dstPort = -1;
  /** TCP flag bits (TCP_FLAG), 0 when not TCP. */
  tcpFlags = 0;
  tcpSeq = 0;
  tcpAck = 0;
  tcpWindow = 0;
  /** ICMP/ICMPv6 type and code, -1 when not ICMP. */
  icmpType = -1;
  icmpCode = -1;
  /** Offset in `data` where the transport's payload starts (0 when none); payloadCapLen bytes are there. */
  payloadOffset = 0;
  /** Payload length on the wire, from the IP length (tshark's tcp.len / udp.length - 8). */
  payloadLen = 0;
  /** Payload bytes actually present in `data` (less than payloadLen when the snap length cut it). */
  payloadCapLen = 0;

  // ---- the packet quoted inside an ICMP error ----
  /** True when an ICMP error carried a decodable inner IP header. */
  hasInner = false;
  /** 4 or 6 for the quoted header, 0 when absent. */
  innerIpVersion = 0;
  innerIpProto = -1;
  innerSrc4 = 0;
  innerDst4 = 0;
  /** Quoted IPv6 addresses (meaningful when innerIpVersion === 6). Owned by this Packet. */
  readonly innerSrc6 = new Uint8Array(16);
  readonly innerDst6 = new Uint8Array(16);
  innerSrcPort = -1;
  innerDstPort = -1;

  /** Why decoding stopped early ("" when the packet decoded fully). */
  decodeIssue = "";

  /** Resets every field to "absent" before the decoder fills it. */
  reset(): void {
    this.hasMac = false;
    this.srcMac = 0;
    this.dstMac = 0;
    this.vlanOuter = -1;
    this.vlanInner = -1;
    this.etherType = 0;
    this.arpOp = 0;
    this.arpSenderMac = 0;
    this.arpSenderIp4 = 0;
    this.arpTargetMac = 0;
    this.arpTargetIp4 = 0;
    this.ipVersion = 0;
    this.src4 = 0;
    this.dst4 = 0;
    this.ipProto = -1;
    this.ttl = 0;
    this.ipLen = 0;
    this.ipId = 0;
    this.isFragment = false;
    this.fragOffsetBytes = 0;
    this.ipv6ExtHeaders = 0;
    this.l3Offset = -1;
    this.l4Offset = -1;
    this.srcPort = -1;
    this.dstPort = -1;
    this.tcpFlags = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpWindow = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.payloadOffset = 0;
    this.payloadLen = 0;
    this.payloadCapLen = 0;
    this.hasInner = false;
    this.innerIpVersion = 0;
    this.innerIpProto = -1;
    this.innerSrc4 = 0;
    this.innerDst4 = 0;
    this.innerSrcPort = -1;
    this.innerDstPort = -1;
    this.decodeIssue = "";
  }
}

/** A deep copy that owns its bytes (for consumers that keep packets). */
export function clonePacket(p: Packet): Packet {
  const c = new Packet();
  // Keep c's own address arrays: Object.assign would otherwise share p's.
  const own = { src6: c.src6, dst6: c.dst6, innerSrc6: c.innerSrc6, innerDst6: c.innerDst6 };
  Object.assign(c, p, own);
  c.data = p.data.slice();
  c.src6.set(p.src6);
  c.dst6.set(p.dst6);
  c.innerSrc6.set(p.innerSrc6);
  c.innerDst6.set(p.innerDst6);
  return c;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** "aa:bb:cc:dd:ee:ff" from a 48-bit integer. */
export function formatMac(mac: number): string {
  const hi = Math.floor(mac / 0x1000000);
  const lo = mac % 0x1000000;
  return `${HEX[(hi >>> 16) & 255]}:${HEX[(hi >>> 8) & 255]}:${HEX[hi & 255]}:${HEX[(lo >>> 16) & 255]}:${HEX[(lo >>> 8) & 255]}:${HEX[lo & 255]}`;
}

/** Dotted quad from an unsigned 32-bit integer. */
export function formatIp4(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** RFC 5952 text form of 16 IPv6 bytes (lower case, longest zero run compressed). */
export function formatIp6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestStart < 0) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}

/** Source address as text ("" when the packet has no IP layer). */
export function srcIpText(p: Packet): string {
  if (p.ipVersion === 4) return formatIp4(p.src4);
  if (p.ipVersion === 6) return formatIp6(p.src6);
  return "";
}

/** Destination address as text ("" when the packet has no IP layer). */
export function dstIpText(p: Packet): string {
  if (p.ipVersion === 4) return formatIp4(p.dst4);
  if (p.ipVersion === 6) return formatIp6(p.dst6);
  return "";
}

/** Parses "a.b.c.d" into an unsigned 32-bit integer; NaN when malformed. */
export function parseIp4(text: string): number {
  const parts = text.split(".");
  if (parts.length !== 4) return Number.NaN;
  let v = 0;
  for (const s of parts) {
    if (!/^\d{1,3}$/.test(s)) return Number.NaN;
    const n = Number(s);
    if (n > 255) return Number.NaN;
    v = v * 256 + n;
  }
  return v;
}

/** Parses "aa:bb:cc:dd:ee:ff" into a 48-bit integer; NaN when malformed. */
export function parseMac(text: string): number {
  const parts = text.split(":");
  if (parts.length !== 6) return Number.NaN;
  let v = 0;
  for (const s of parts) {
    if (!/^[0-9a-fA-F]{2}$/.test(s)) return Number.NaN;
    v = v * 256 + Number.parseInt(s, 16);
  }
  return v;
}
