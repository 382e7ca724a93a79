import { describe, expect, it } from "vitest";
import { buildArpFrame } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { formatIp4, formatMac, LINKTYPE } from "./packet.js";

describe("arp", () => {
  it("reads a request and a reply", () => {
    const req = buildArpFrame({
      op: 1,
      senderMac: "02:00:00:00:00:0a",
      senderIp: "192.168.0.10",
      targetMac: "00:00:00:00:00:00",
      targetIp: "192.168.0.1",
    });
    const p = decodeBytes(LINKTYPE.ETHERNET, req);
    expect([p.etherType, p.arpOp, p.ipVersion, p.decodeIssue]).toEqual([0x0806, 1, 0, ""]);
    expect(formatMac(p.dstMac)).toBe("ff:ff:ff:ff:ff:ff");
    expect([formatMac(p.arpSenderMac), formatIp4(p.arpSenderIp4), formatIp4(p.arpTargetIp4)]).toEqual([
      "02:00:00:00:00:0a",
      "192.168.0.10",
      "192.168.0.1",
    ]);
    const rep = decodeBytes(
      LINKTYPE.ETHERNET,
      buildArpFrame({
        op: 2,
        senderMac: "02:00:00:00:00:01",
        senderIp: "192.168.0.1",
        targetMac: "02:00:00:00:00:0a",
        targetIp: "192.168.0.10",
      }),
    );
    expect([rep.arpOp, formatMac(rep.arpTargetMac), formatMac(rep.dstMac)]).toEqual([
      2,
      "02:00:00:00:00:0a",
      "02:00:00:00:00:0a",
    ]);
  });

  it("flags truncated and non-Ethernet/IPv4 ARP", () => {
    const f = buildArpFrame({
      op: 1,
      senderMac: "02:00:00:00:00:0a",
      senderIp: "1.2.3.4",
      targetMac: "00:00:00:00:00:00",
      targetIp: "1.2.3.5",
    });
    expect(decodeBytes(LINKTYPE.ETHERNET, f.subarray(0, 30)).decodeIssue).toBe(
      "arp: truncated header (16 of 28 bytes)",
    );
    const odd = f.slice();
    odd[14 + 1] = 6; // hardware type 6 (IEEE 802)
    expect(decodeBytes(LINKTYPE.ETHERNET, odd).decodeIssue).toBe(
      "arp: unsupported hardware/protocol 6/0x800 (lengths 6/4)",
    );
  });
});
