/**
 * The IP half of the synthetic frame builder (synth.ts): an IPv4 or IPv6 packet with TCP, UDP or
 * ICMP/ICMPv6 and correct checksums. Not a hot path: each call allocates its packet.
 */
import { foldChecksum, sum16 } from "../decode/checksum.js";
import { parseIpBytes } from "../decode/ip-text.js";
import { VigilError } from "../errors.js";

export interface SynthIpSpec {
  /** Source and destination address as text: both IPv4 or both IPv6. */
  src: string;
  dst: string;
  /** Transport; "icmp" means ICMPv6 when the addresses are IPv6. */
  proto: "tcp" | "udp" | "icmp";
  /** TCP/UDP ports (default 0). */
  srcPort?: number;
  dstPort?: number;
  /** TCP fields (defaults: flags ACK, seq 1, ack 0, window 65535). */
  tcpFlags?: number;
  seq?: number;
  ack?: number;
  window?: number;
  /** ICMP type/code (default echo request: 8 for IPv4, 128 for IPv6, code 0) and echo id/sequence. */
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  icmpSeq?: number;
  /** Payload bytes, or a length filled with a repeating pattern (default none). For ICMP errors, the quoted packet. */
  payload?: Uint8Array | number;
  /** IPv4 TTL / IPv6 hop limit (default 64). */
  ttl?: number;
  /** IPv4 identification (default 1). */
  ipId?: number;
  /** IPv4 fragment fields: more-fragments flag and offset in bytes (a multiple of 8). */
  moreFragments?: boolean;
  fragOffsetBytes?: number;
  /** IPv6 extension headers to insert, in order: 0 hop-by-hop, 43 routing, 44 fragment, 60 destination options, 51 AH. */
  ipv6Ext?: number[];
}

export function addr(text: string, field: string): Uint8Array {
  const b = parseIpBytes(text);
  if (b === null) throw new VigilError("E_CONFIG", `synth: bad IP address "${text}"`, { field });
  return b;
}

function payloadBytes(p: Uint8Array | number | undefined): Uint8Array {
  if (p === undefined) return new Uint8Array(0);
  if (typeof p !== "number") return p;
  const b = new Uint8Array(p);
  for (let i = 0; i < p; i++) b[i] = (i * 7 + 65) & 255;
  return b;
}

export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 255;
  b[o + 1] = v & 255;
}

export function put32(b: Uint8Array, o: number, v: number): void {
  put16(b, o, Math.floor(v / 0x10000) & 0xffff);
  put16(b, o + 2, v & 0xffff);
}

/** Transport header + payload, checksum field left 0 (filled once the pseudo-header is known). */
function transport(s: SynthIpSpec, v6: boolean): { bytes: Uint8Array; proto: number; csumAt: number } {
  const payload = payloadBytes(s.payload);
  if (s.proto === "tcp") {
    const b = new Uint8Array(20 + payload.length);
    put16(b, 0, s.srcPort ?? 0);
    put16(b, 2, s.dstPort ?? 0);
    put32(b, 4, s.seq ?? 1);
    put32(b, 8, s.ack ?? 0);
    const flags = s.tcpFlags ?? 0x10;
    b[12] = (5 << 4) | ((flags >> 8) & 1);
    b[13] = flags & 255;
    put16(b, 14, s.window ?? 65535);
    b.set(payload, 20);
    return { bytes: b, proto: 6, csumAt: 16 };
  }
  if (s.proto === "udp") {
    const b = new Uint8Array(8 + payload.length);
    put16(b, 0, s.srcPort ?? 0);
    put16(b, 2, s.dstPort ?? 0);
    put16(b, 4, b.length);
    b.set(payload, 8);
    return { bytes: b, proto: 17, csumAt: 6 };
  }
  const b = new Uint8Array(8 + payload.length);
  b[0] = s.icmpType ?? (v6 ? 128 : 8);
  b[1] = s.icmpCode ?? 0;
  put16(b, 4, s.icmpId ?? 0);
  put16(b, 6, s.icmpSeq ?? 0);
  b.set(payload, 8);
  return { bytes: b, proto: v6 ? 58 : 1, csumAt: 2 };
}

function pseudoSum(src: Uint8Array, dst: Uint8Array, proto: number, len: number): number {
  let s = sum16(src, 0, src.length);
  s = sum16(dst, 0, dst.length, s);
  return s + proto + Math.floor(len / 0x10000) + (len & 0xffff);
}

/** Extension headers for IPv6, each 8 bytes, chained to `last`; returns bytes and the first Next Header. */
function ipv6ExtBytes(types: number[], last: number, s: SynthIpSpec): { bytes: Uint8Array; first: number } {
  const b = new Uint8Array(types.length * 8);
  for (let i = 0; i < types.length; i++) {
    const o = i * 8;
    b[o] = i + 1 < types.length ? types[i + 1] : last;
    if (types[i] === 51) b[o + 1] = 0; // AH: (0 + 2) * 4 = 8 bytes
    if (types[i] === 44) {
      put16(b, o + 2, (s.fragOffsetBytes ?? 0) | (s.moreFragments ? 1 : 0));
      put32(b, o + 4, s.ipId ?? 1);
    }
    if (types[i] === 0 || types[i] === 60) b[o + 2] = 1; // PadN option covering the 6 option bytes
    if (types[i] === 0 || types[i] === 60) b[o + 3] = 4;
  }
  return { bytes: b, first: types.length > 0 ? types[0] : last };
}

/** An IPv4 or IPv6 packet (no link layer) with valid IP and transport checksums. */
export function buildIpPacket(s: SynthIpSpec): Uint8Array {
  const src = addr(s.src, "src");
  const dst = addr(s.dst, "dst");
  if (src.length !== dst.length)
    throw new VigilError("E_CONFIG", "synth: src and dst are different IP versions");
  const v6 = src.length === 16;
  const t = transport(s, v6);
  const l4 = t.bytes;
  const noCsum = !v6 && s.proto !== "icmp" && (s.fragOffsetBytes ?? 0) > 0;
  const base = s.proto === "icmp" && !v6 ? 0 : pseudoSum(src, dst, t.proto, l4.length);
  if (!noCsum)
    put16(l4, t.csumAt, foldChecksum(sum16(l4, 0, l4.length, base)) || (s.proto === "udp" ? 0xffff : 0));
  if (!v6) {
    const b = new Uint8Array(20 + l4.length);
    b[0] = 0x45;
    put16(b, 2, b.length);
    put16(b, 4, s.ipId ?? 1);
    put16(b, 6, ((s.moreFragments ? 1 : 0) << 13) | ((s.fragOffsetBytes ?? 0) >> 3));
    b[8] = s.ttl ?? 64;
    b[9] = t.proto;
    b.set(src, 12);
    b.set(dst, 16);
    put16(b, 10, foldChecksum(sum16(b, 0, 20)));
    b.set(l4, 20);
    return b;
  }
  const e = ipv6ExtBytes(s.ipv6Ext ?? [], t.proto, s);
  const b = new Uint8Array(40 + e.bytes.length + l4.length);
  b[0] = 0x60;
  put16(b, 4, e.bytes.length + l4.length);
  b[6] = e.first;
  b[7] = s.ttl ?? 64;
  b.set(src, 8);
  b.set(dst, 24);
  b.set(e.bytes, 40);
  b.set(l4, 40 + e.bytes.length);
  return b;
}
