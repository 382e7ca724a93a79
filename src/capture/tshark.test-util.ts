/**
 * Cross-checks against tshark: the fields tshark prints for each packet of a file, and the same fields
 * computed from vigil's decoder, in one text row per packet so a mismatch shows the packet and field.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { decodeFrame } from "../decode/decode.js";
import { formatIp4, formatIp6, IPPROTO, Packet } from "../decode/packet.js";
import { openCapture } from "./open.js";

/** True when `tool --version` runs and exits 0 (e.g. "tshark", "editcap", "tcpdump"). */
export function hasTool(tool: string): boolean {
  return spawnSync(tool, ["--version"], { stdio: "ignore", timeout: 10_000 }).status === 0;
}

/** The tshark fields compared, in row order. */
export const CROSSCHECK_FIELDS = [
  "frame.time_epoch",
  "frame.len",
  "frame.cap_len",
  "ieee8021ad.id",
  "vlan.id",
  "arp.opcode",
  "ip.src",
  "ip.dst",
  "ipv6.src",
  "ipv6.dst",
  "tcp.srcport",
  "tcp.dstport",
  "tcp.flags",
  "udp.srcport",
  "udp.dstport",
  "icmp.type",
  "icmpv6.type",
];

const FLAGS_COL = CROSSCHECK_FIELDS.indexOf("tcp.flags");

/** tshark's rows (first occurrence of each field; no IP reassembly), tab-separated. */
export function tsharkRows(file: string): string[] {
  const args = [
    "-n",
    "-r",
    file,
    "-o",
    "ip.defragment:FALSE",
    "-o",
    "ipv6.defragment:FALSE",
    "-T",
    "fields",
    "-E",
    "occurrence=f",
  ];
  for (const f of CROSSCHECK_FIELDS) args.push("-e", f);
  const out = execFileSync("tshark", args, {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "ignore"],
  });
  // An ICMP error quotes a TCP header; vigil keeps its ports (inner*) but not its flags.
  return out
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => {
      const cols = l.split("\t");
      if (cols[cols.length - 1] !== "" || cols[cols.length - 2] !== "") cols[FLAGS_COL] = "";
      return cols.join("\t");
    });
}

function ports(p: Packet, proto: number): [string, string] {
  if (p.ipProto === proto && p.srcPort >= 0) return [String(p.srcPort), String(p.dstPort)];
  // tshark decodes the transport header quoted inside an ICMP error as tcp.* / udp.*.
  if (
    (p.ipProto === IPPROTO.ICMP || p.ipProto === IPPROTO.ICMPV6) &&
    p.hasInner &&
    p.innerIpProto === proto &&
    p.innerSrcPort >= 0
  ) {
    return [String(p.innerSrcPort), String(p.innerDstPort)];
  }
  return ["", ""];
}

/** tshark names an outer 0x88a8 tag ieee8021ad.id and the 0x8100 tags inside it vlan.id. */
function vlanFields(p: Packet): [string, string] {
  if (p.vlanOuter < 0) return ["", ""];
  const ad = p.linkType === 1 && p.data[12] === 0x88 && p.data[13] === 0xa8;
  if (ad) return [String(p.vlanOuter), p.vlanInner >= 0 ? String(p.vlanInner) : ""];
  return ["", String(p.vlanOuter)];
}

/** The same row from vigil's reader and decoder. */
export function vigilRow(p: Packet): string {
  const v4 = p.ipVersion === 4;
  const v6 = p.ipVersion === 6;
  // tshark shows a quoted inner header's addresses when the outer packet is the other IP version.
  const inner4 = !v4 && p.hasInner && p.innerIpVersion === 4;
  const inner6 = !v6 && p.hasInner && p.innerIpVersion === 6;
  const [ts, td] = ports(p, IPPROTO.TCP);
  const [us, ud] = ports(p, IPPROTO.UDP);
  return [
    `${p.tsSec}.${String(p.tsNsec).padStart(9, "0")}`,
    p.wireLen,
    p.capLen,
    ...vlanFields(p),
    p.arpOp > 0 ? p.arpOp : "",
    v4 ? formatIp4(p.src4) : inner4 ? formatIp4(p.innerSrc4) : "",
    v4 ? formatIp4(p.dst4) : inner4 ? formatIp4(p.innerDst4) : "",
    v6 ? formatIp6(p.src6) : inner6 ? formatIp6(p.innerSrc6) : "",
    v6 ? formatIp6(p.dst6) : inner6 ? formatIp6(p.innerDst6) : "",
    ts,
    td,
    p.ipProto === IPPROTO.TCP && p.l4Offset >= 0 && p.decodeIssue === ""
      ? `0x${p.tcpFlags.toString(16).padStart(4, "0")}`
      : "",
    us,
    ud,
    p.ipProto === IPPROTO.ICMP && p.icmpType >= 0 ? p.icmpType : "",
    p.ipProto === IPPROTO.ICMPV6 && p.icmpType >= 0 ? p.icmpType : "",
  ].join("\t");
}

/** vigil's rows for a file (through openCapture + decodeFrame) and the capture stats. */
export async function vigilRows(file: string): Promise<{ rows: string[]; skipped: number }> {
  const p = new Packet();
  const rows: string[] = [];
  const stats = await openCapture(file).run((f) => {
    rows.push(vigilRow(decodeFrame(f, p)));
  });
  return { rows, skipped: stats.framesSkipped };
}

/** Indices and both rows of the first `max` packets whose rows differ. */
export function diffRows(ours: string[], theirs: string[], max = 5): string[] {
  const out: string[] = [];
  const n = Math.max(ours.length, theirs.length);
  for (let i = 0; i < n && out.length < max; i++) {
    if (ours[i] !== theirs[i]) out.push(`#${i}\n  vigil : ${ours[i]}\n  tshark: ${theirs[i]}`);
  }
  return out;
}
