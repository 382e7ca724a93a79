/**
 * A Kitsune TSV row (./kitsune-tsv.ts) as a decoded Packet, so that the packet-based extractors
 * (default-mode AfterImage, the detector) can run on the same inputs as the reference. Only the fields
 * tshark printed are filled: time, frame length, MACs, IPv4/IPv6 addresses, TCP/UDP ports (for an
 * ICMP error: the quoted packet's ports), ICMP type/code, ARP. kitsuneKeysFromPacket() of the result
 * gives the same keys as kitsuneKeysFromRow() of the row (tested beside this file).
 */

import { parseIp6 } from "../../decode/ip-text.js";
import { ETHERTYPE, IPPROTO, type Packet, parseIp4, parseMac } from "../../decode/packet.js";
import { VigilError } from "../../errors.js";
import { KITSUNE_TSV_FIELDS } from "./kitsune-tsv.js";

interface Where {
  file: string;
  line: number;
}

function num(text: string, field: string, where: Where): number {
  if (!/^\d+$/.test(text))
    throw new VigilError("E_FORMAT", `bad number ${JSON.stringify(text)}`, { ...where, field });
  return Number(text);
}

function mac(text: string, field: string, where: Where): number {
  const v = parseMac(text);
  if (Number.isNaN(v))
    throw new VigilError("E_FORMAT", `bad MAC address ${JSON.stringify(text)}`, { ...where, field });
  return v;
}

function ip4(text: string, field: string, where: Where): number {
  const v = parseIp4(text);
  if (Number.isNaN(v))
    throw new VigilError("E_FORMAT", `bad IPv4 address ${JSON.stringify(text)}`, { ...where, field });
  return v;
}

function ip6(text: string, field: string, where: Where, out: Uint8Array): void {
  const v = parseIp6(text);
  if (v === null)
    throw new VigilError("E_FORMAT", `bad IPv6 address ${JSON.stringify(text)}`, { ...where, field });
  out.set(v);
}

/** Fills `p` (reset first) from one TSV row split on tabs. */
export function packetFromKitsuneRow(row: string[], p: Packet, where: Where): Packet {
  if (row.length !== KITSUNE_TSV_FIELDS.length) {
    throw new VigilError(
      "E_FORMAT",
      `expected ${KITSUNE_TSV_FIELDS.length} tab-separated fields, got ${row.length}`,
      {
        ...where,
        field: "row",
      },
    );
  }
  p.reset();
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(row[0]);
  if (m === null)
    throw new VigilError("E_FORMAT", `bad timestamp ${JSON.stringify(row[0])}`, {
      ...where,
      field: "frame.time_epoch",
    });
  p.tsSec = Number(m[1]);
  p.tsNsec = Number((m[2] ?? "").padEnd(9, "0"));
  p.ts = Number(row[0]);
  p.wireLen = num(row[1], "frame.len", where);
  p.capLen = p.wireLen;
  if (row[2] !== "") {
    p.hasMac = true;
    p.srcMac = mac(row[2], "eth.src", where);
    p.dstMac = row[3] === "" ? 0 : mac(row[3], "eth.dst", where);
  }
  if (row[4] !== "") {
    p.ipVersion = 4;
    p.etherType = ETHERTYPE.IPV4;
    p.src4 = ip4(row[4], "ip.src", where);
    p.dst4 = ip4(row[5], "ip.dst", where);
  } else if (row[17] !== "") {
    p.ipVersion = 6;
    p.etherType = ETHERTYPE.IPV6;
    ip6(row[17], "ipv6.src", where, p.src6);
    ip6(row[18], "ipv6.dst", where, p.dst6);
  }
  const tcp = row[6] !== "";
  const udp = row[8] !== "";
  const icmp = row[10] !== "";
  if (icmp) {
    p.ipProto = IPPROTO.ICMP;
    p.icmpType = num(row[10], "icmp.type", where);
    p.icmpCode = row[11] === "" ? -1 : num(row[11], "icmp.code", where);
  }
  if (tcp || udp) {
    const sp = num(tcp ? row[6] : row[8], tcp ? "tcp.srcport" : "udp.srcport", where);
    const dp = num(tcp ? row[7] : row[9], tcp ? "tcp.dstport" : "udp.dstport", where);
    if (icmp) {
      p.hasInner = true;
      p.innerIpProto = tcp ? IPPROTO.TCP : IPPROTO.UDP;
      p.innerSrcPort = sp;
      p.innerDstPort = dp;
    } else {
      p.ipProto = tcp ? IPPROTO.TCP : IPPROTO.UDP;
      p.srcPort = sp;
      p.dstPort = dp;
    }
  }
  if (row[12] !== "") {
    p.etherType = ETHERTYPE.ARP;
    p.arpOp = num(row[12], "arp.opcode", where);
    p.arpSenderMac = row[13] === "" ? 0 : mac(row[13], "arp.src.hw_mac", where);
    p.arpSenderIp4 = ip4(row[14], "arp.src.proto_ipv4", where);
    p.arpTargetMac = row[15] === "" ? 0 : mac(row[15], "arp.dst.hw_mac", where);
    p.arpTargetIp4 = ip4(row[16], "arp.dst.proto_ipv4", where);
  }
  return p;
}
