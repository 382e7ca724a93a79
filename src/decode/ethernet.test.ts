import { describe, expect, it } from "vitest";
import { buildEthernetFrame, wrapEthernet } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { formatMac, LINKTYPE, parseIp4 } from "./packet.js";

const tcp = { src: "10.0.0.1", dst: "10.0.0.2", proto: "tcp" as const, srcPort: 40000, dstPort: 1883 };

describe("ethernet", () => {
  it("reads MACs and the EtherType", () => {
    const f = buildEthernetFrame({ ...tcp, srcMac: "aa:bb:cc:dd:ee:01", dstMac: "11:22:33:44:55:66" });
    const p = decodeBytes(LINKTYPE.ETHERNET, f);
    expect(p.hasMac).toBe(true);
    expect(formatMac(p.srcMac)).toBe("aa:bb:cc:dd:ee:01");
    expect(formatMac(p.dstMac)).toBe("11:22:33:44:55:66");
    expect(p.etherType).toBe(0x0800);
    expect(p.l3Offset).toBe(14);
    expect(p.vlanOuter).toBe(-1);
    expect(p.decodeIssue).toBe("");
  });

  it("walks one 802.1Q tag", () => {
    const p = decodeBytes(LINKTYPE.ETHERNET, buildEthernetFrame({ ...tcp, vlans: [42] }));
    expect(p.vlanOuter).toBe(42);
    expect(p.vlanInner).toBe(-1);
    expect(p.l3Offset).toBe(18);
    expect(p.src4).toBe(parseIp4("10.0.0.1"));
    expect(p.dstPort).toBe(1883);
  });

  it("walks QinQ (0x88a8 outer, 0x8100 inner) and the old 0x9100 TPID", () => {
    const q = buildEthernetFrame({ ...tcp, vlans: [100, 200] });
    expect((q[12] << 8) | q[13]).toBe(0x88a8);
    const p = decodeBytes(LINKTYPE.ETHERNET, q);
    expect([p.vlanOuter, p.vlanInner]).toEqual([100, 200]);
    expect(p.dstPort).toBe(1883);
    q[12] = 0x91;
    q[13] = 0x00;
    const p2 = decodeBytes(LINKTYPE.ETHERNET, q);
    expect([p2.vlanOuter, p2.vlanInner, p2.dstPort]).toEqual([100, 200, 1883]);
  });

  it("flags a truncated VLAN tag and a truncated header", () => {
    const q = buildEthernetFrame({ ...tcp, vlans: [7] }).subarray(0, 16);
    const p = decodeBytes(LINKTYPE.ETHERNET, q);
    expect(p.decodeIssue).toBe("vlan: truncated tag (2 of 4 bytes)");
    expect(p.ipVersion).toBe(0);
    const p2 = decodeBytes(LINKTYPE.ETHERNET, new Uint8Array(10));
    expect(p2.decodeIssue).toBe("ethernet: truncated header (10 of 14 bytes)");
    expect(p2.hasMac).toBe(false);
  });

  it("decodes 802.3 + LLC/SNAP carrying IPv4, and leaves plain LLC undecoded without an issue", () => {
    const ip = buildEthernetFrame(tcp).subarray(14);
    const snap = new Uint8Array([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00, ...ip]);
    const f = wrapEthernet(snap, snap.length);
    const p = decodeBytes(LINKTYPE.ETHERNET, f);
    expect(p.etherType).toBe(0x0800);
    expect(p.srcPort).toBe(40000);
    const stp = wrapEthernet(new Uint8Array([0x42, 0x42, 0x03, 0, 0, 0, 0, 0]), 8);
    const p2 = decodeBytes(LINKTYPE.ETHERNET, stp);
    expect(p2.etherType).toBe(0);
    expect(p2.ipVersion).toBe(0);
    expect(p2.decodeIssue).toBe("");
  });

  it("ignores unknown EtherTypes without an issue", () => {
    const p = decodeBytes(LINKTYPE.ETHERNET, wrapEthernet(new Uint8Array(30), 0x88cc));
    expect(p.etherType).toBe(0x88cc);
    expect(p.ipVersion).toBe(0);
    expect(p.decodeIssue).toBe("");
  });

  it("reports an unsupported link type", () => {
    const p = decodeBytes(147, new Uint8Array(20));
    expect(p.decodeIssue).toBe("link: unsupported link type 147");
  });
});
