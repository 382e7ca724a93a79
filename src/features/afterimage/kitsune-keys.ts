/**
 * The inputs Kitsune's FeatureExtractor hands to netStat for one packet, as text, derived exactly as
 * FeatureExtractor.py does from tshark's fields (`-E occurrence=f`, i.e. the FIRST occurrence of each
 * field):
 * - srcIp/dstIp: ip.src/ip.dst, else ipv6.src/ipv6.dst; for ARP the ARP sender/target IPv4; for a
 *   frame with neither IP nor ports nor ARP/ICMP, the MAC addresses;
 * - srcProto/dstProto: tcp port text + udp port text (first occurrence: an ICMP error carries the
 *   ports of the packet it quotes), else "arp" or "icmp" (ICMPv4 only), else "";
 * - ts: the float of tshark's decimal `frame.time_epoch` text (9 fractional digits);
 * - frameLen: frame.len (bytes on the wire, not the captured length).
 */
import { formatIp4, formatIp6, formatMac, IPPROTO, type Packet } from "../../decode/packet.js";

export interface KitsuneKeys {
  /** Capture time in seconds, the float Python's float() gives for tshark's text. */
  ts: number;
  /** Frame length on the wire, bytes. */
  frameLen: number;
  srcMac: string;
  dstMac: string;
  srcIp: string;
  dstIp: string;
  srcProto: string;
  dstProto: string;
}

export function emptyKitsuneKeys(): KitsuneKeys {
  return { ts: 0, frameLen: 0, srcMac: "", dstMac: "", srcIp: "", dstIp: "", srcProto: "", dstProto: "" };
}

/** tshark's frame.time_epoch text ("1540446382.933899000") parsed as Python's float() would. */
export function epochSecondsFromParts(tsSec: number, tsNsec: number): number {
  return Number(`${tsSec}.${String(tsNsec).padStart(9, "0")}`);
}

/** Fills `k` from a decoded packet the way FeatureExtractor.py fills its variables from a TSV row. */
export function kitsuneKeysFromPacket(p: Packet, k: KitsuneKeys): KitsuneKeys {
  k.ts = epochSecondsFromParts(p.tsSec, p.tsNsec);
  k.frameLen = p.wireLen;
  k.srcMac = p.hasMac ? formatMac(p.srcMac) : "";
  k.dstMac = p.hasMac ? formatMac(p.dstMac) : "";
  let srcIp = "";
  let dstIp = "";
  if (p.ipVersion === 4) {
    srcIp = formatIp4(p.src4);
    dstIp = formatIp4(p.dst4);
  } else if (p.ipVersion === 6) {
    srcIp = formatIp6(p.src6);
    dstIp = formatIp6(p.dst6);
  }
  let srcProto = "";
  let dstProto = "";
  if (p.srcPort >= 0) {
    srcProto = String(p.srcPort);
    dstProto = String(p.dstPort);
  } else if (p.hasInner && p.innerSrcPort >= 0) {
    srcProto = String(p.innerSrcPort);
    dstProto = String(p.innerDstPort);
  }
  if (srcProto === "") {
    if (p.arpOp !== 0) {
      srcProto = "arp";
      dstProto = "arp";
      srcIp = formatIp4(p.arpSenderIp4);
      dstIp = formatIp4(p.arpTargetIp4);
    } else if (p.ipProto === IPPROTO.ICMP && p.icmpType >= 0) {
      srcProto = "icmp";
      dstProto = "icmp";
    } else if (srcIp === "" && dstIp === "") {
      srcIp = k.srcMac;
      dstIp = k.dstMac;
    }
  }
  k.srcIp = srcIp;
  k.dstIp = dstIp;
  k.srcProto = srcProto;
  k.dstProto = dstProto;
  return k;
}
