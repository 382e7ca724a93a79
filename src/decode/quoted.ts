/**
 * The IP header (and first transport bytes) that an ICMP / ICMPv6 error quotes from the packet that
 * caused it (RFC 792, RFC 4443 §2.4 c). Fills the Packet's inner* fields; never throws, and a quote too
 * short to read leaves hasInner false (truncated quotes are normal: a router sends 8 bytes past the header).
 */
import { copy16, u16be, u32be } from "./bytes.js";
import { walkIpv6Ext } from "./ipv6-ext.js";
import { IPPROTO, type Packet } from "./packet.js";

/** Protocols whose first 4 bytes are source and destination ports (TCP, UDP, SCTP, UDP-Lite, DCCP). */
function hasPorts(proto: number): boolean {
  return proto === IPPROTO.TCP || proto === IPPROTO.UDP || proto === 132 || proto === 136 || proto === 33;
}

export function decodeQuoted(d: Uint8Array, off: number, end: number, out: Packet): void {
  if (end - off < 1) return;
  const version = d[off] >> 4;
  if (version === 4) {
    if (end - off < 20) return;
    const ihl = (d[off] & 15) * 4;
    if (ihl < 20) return;
    out.hasInner = true;
    out.innerIpVersion = 4;
    out.innerIpProto = d[off + 9];
    out.innerSrc4 = u32be(d, off + 12);
    out.innerDst4 = u32be(d, off + 16);
    const fragOffset = u16be(d, off + 6) & 0x1fff;
    const l4 = off + ihl;
    if (fragOffset === 0 && hasPorts(out.innerIpProto) && end - l4 >= 4) {
      out.innerSrcPort = u16be(d, l4);
      out.innerDstPort = u16be(d, l4 + 2);
    }
  } else if (version === 6) {
    if (end - off < 40) return;
    out.hasInner = true;
    out.innerIpVersion = 6;
    copy16(d, off + 8, out.innerSrc6);
    copy16(d, off + 24, out.innerDst6);
    const r = walkIpv6Ext(d, off + 40, end, d[off + 6]);
    out.innerIpProto = r.proto;
    if (r.issue === "" && r.fragOffsetBytes === 0 && hasPorts(r.proto) && end - r.offset >= 4) {
      out.innerSrcPort = u16be(d, r.offset);
      out.innerDstPort = u16be(d, r.offset + 2);
    }
  }
}
