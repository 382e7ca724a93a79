/**
 * Reader for the tab-separated packet files Kitsune's FeatureExtractor consumes: the output of
 * `tshark -T fields -E header=y -E occurrence=f` with its 19 fields (frame.time_epoch, frame.len,
 * eth.src, eth.dst, ip.src, ip.dst, tcp.srcport, tcp.dstport, udp.srcport, udp.dstport, icmp.type,
 * icmp.code, arp.opcode, arp.src.hw_mac, arp.src.proto_ipv4, arp.dst.hw_mac, arp.dst.proto_ipv4,
 * ipv6.src, ipv6.dst). Each row becomes the same KitsuneKeys that FeatureExtractor.py derives.
 */
import { readFileSync } from "node:fs";
import { VigilError } from "../../errors.js";
import { emptyKitsuneKeys, type KitsuneKeys } from "./kitsune-keys.js";

export const KITSUNE_TSV_FIELDS = [
  "frame.time_epoch",
  "frame.len",
  "eth.src",
  "eth.dst",
  "ip.src",
  "ip.dst",
  "tcp.srcport",
  "tcp.dstport",
  "udp.srcport",
  "udp.dstport",
  "icmp.type",
  "icmp.code",
  "arp.opcode",
  "arp.src.hw_mac",
  "arp.src.proto_ipv4",
  "arp.dst.hw_mac",
  "arp.dst.proto_ipv4",
  "ipv6.src",
  "ipv6.dst",
] as const;

/** Fills `k` from one TSV row (already split on tabs) exactly as FeatureExtractor.get_next_vector. */
export function kitsuneKeysFromRow(
  row: string[],
  k: KitsuneKeys,
  where: { file: string; line: number },
): void {
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
  const ts = Number(row[0]);
  if (row[0] === "" || !Number.isFinite(ts)) {
    throw new VigilError("E_FORMAT", `bad timestamp ${JSON.stringify(row[0])}`, {
      ...where,
      field: "frame.time_epoch",
    });
  }
  if (!/^\d+$/.test(row[1])) {
    throw new VigilError("E_FORMAT", `bad frame length ${JSON.stringify(row[1])}`, {
      ...where,
      field: "frame.len",
    });
  }
  let srcIp = "";
  let dstIp = "";
  if (row[4] !== "") {
    srcIp = row[4];
    dstIp = row[5];
  } else if (row[17] !== "") {
    srcIp = row[17];
    dstIp = row[18];
  }
  let srcProto = row[6] + row[8];
  let dstProto = row[7] + row[9];
  if (srcProto === "") {
    if (row[12] !== "") {
      srcProto = "arp";
      dstProto = "arp";
      srcIp = row[14];
      dstIp = row[16];
    } else if (row[10] !== "") {
      srcProto = "icmp";
      dstProto = "icmp";
    } else if (srcIp + srcProto + dstIp + dstProto === "") {
      srcIp = row[2];
      dstIp = row[3];
    }
  }
  k.ts = ts;
  k.frameLen = Number(row[1]);
  k.srcMac = row[2];
  k.dstMac = row[3];
  k.srcIp = srcIp;
  k.dstIp = dstIp;
  k.srcProto = srcProto;
  k.dstProto = dstProto;
}

/** Reads a whole Kitsune TSV file (header line first) into key records; `limit` caps the rows read. */
export function readKitsuneTsv(path: string, limit = Number.POSITIVE_INFINITY): KitsuneKeys[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new VigilError("E_IO", "cannot read Kitsune TSV file", { file: path }, { cause: e });
  }
  const lines = text.split("\n");
  if (lines.length === 0 || !lines[0].startsWith("frame.time_epoch")) {
    throw new VigilError("E_FORMAT", "missing Kitsune TSV header (frame.time_epoch ...)", {
      file: path,
      line: 1,
    });
  }
  const out: KitsuneKeys[] = [];
  for (let i = 1; i < lines.length && out.length < limit; i++) {
    let line = lines[i];
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line === "") continue;
    const k = emptyKitsuneKeys();
    kitsuneKeysFromRow(line.split("\t"), k, { file: path, line: i + 1 });
    out.push(k);
  }
  return out;
}
