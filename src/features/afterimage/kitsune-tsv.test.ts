import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeWithShared, sharedPath } from "../../../test/helpers/shared.js";
import { Packet } from "../../decode/packet.js";
import { emptyKitsuneKeys, kitsuneKeysFromPacket } from "./kitsune-keys.js";
import { kitsuneKeysFromRow, readKitsuneTsv } from "./kitsune-tsv.js";
import { packetFromKitsuneRow } from "./kitsune-tsv-packet.js";

const where = { file: "t.tsv", line: 2 };
const row = (cells: Record<number, string>) => Array.from({ length: 19 }, (_, i) => cells[i] ?? "");

describe("Kitsune TSV rows", () => {
  it("derive Kitsune's keys (ICMP error ports, ARP, non-IP fallback to MACs)", () => {
    const k = emptyKitsuneKeys();
    const base = { 0: "1540446382.934426000", 1: "86", 2: "4c:09:d4:c6:12:7b", 3: "5c:cf:7f:05:f2:c6" };
    kitsuneKeysFromRow(
      row({ ...base, 4: "192.168.2.1", 5: "192.168.2.108", 6: "21074", 7: "80", 10: "3", 11: "0" }),
      k,
      where,
    );
    expect([k.srcIp, k.srcProto, k.dstProto]).toEqual(["192.168.2.1", "21074", "80"]);
    kitsuneKeysFromRow(row({ ...base, 12: "1", 14: "192.168.2.1", 16: "192.168.2.50" }), k, where);
    expect([k.srcIp, k.dstIp, k.srcProto]).toEqual(["192.168.2.1", "192.168.2.50", "arp"]);
    kitsuneKeysFromRow(row(base), k, where);
    expect([k.srcIp, k.dstIp, k.srcProto]).toEqual(["4c:09:d4:c6:12:7b", "5c:cf:7f:05:f2:c6", ""]);
    kitsuneKeysFromRow(row({ ...base, 4: "10.0.0.1", 5: "10.0.0.2", 10: "8", 11: "0" }), k, where);
    expect(k.srcProto).toBe("icmp");
    expect(k.ts).toBe(1540446382.934426);
  });

  it("reject malformed rows with file, line and field", () => {
    const k = emptyKitsuneKeys();
    expect(() => kitsuneKeysFromRow(["1", "2"], k, where)).toThrow(/19 tab-separated fields.*line=2/);
    expect(() => kitsuneKeysFromRow(row({ 0: "x", 1: "60" }), k, where)).toThrow(/field=frame.time_epoch/);
    expect(() => kitsuneKeysFromRow(row({ 0: "1.5", 1: "6o" }), k, where)).toThrow(/field=frame.len/);
    const p = new Packet();
    expect(() =>
      packetFromKitsuneRow(row({ 0: "1.5", 1: "60", 4: "10.0.0.300", 5: "1.1.1.1" }), p, where),
    ).toThrow(/field=ip.src/);
  });
});

const TSV = "reference/kitsune/inputs/mirai_prefix.tsv";
describeWithShared("Kitsune TSV as packets", [TSV], () => {
  it("every row of the mirai prefix gives the same keys through a Packet as from its text", () => {
    const lines = readFileSync(sharedPath(TSV), "utf8")
      .split("\n")
      .filter((l) => l !== "");
    const fromText = readKitsuneTsv(sharedPath(TSV));
    const p = new Packet();
    const k = emptyKitsuneKeys();
    for (let i = 1; i < lines.length; i++) {
      packetFromKitsuneRow(lines[i].split("\t"), p, { file: TSV, line: i + 1 });
      kitsuneKeysFromPacket(p, k);
      expect(k).toEqual(fromText[i - 1]);
    }
  });
});
