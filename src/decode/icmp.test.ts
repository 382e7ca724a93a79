import { describe, expect, it } from "vitest";
import { buildEthernetFrame, buildIpPacket } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { formatIp4, formatIp6, LINKTYPE } from "./packet.js";

describe("icmp", () => {
  it("reads echo type, code and payload; no inner packet", () => {
    const p = decodeBytes(
      LINKTYPE.ETHERNET,
      buildEthernetFrame({
        src: "10.0.0.1",
        dst: "10.0.0.2",
        proto: "icmp",
        icmpId: 7,
        icmpSeq: 1,
        payload: 56,
      }),
    );
    expect([p.ipProto, p.icmpType, p.icmpCode, p.payloadLen, p.hasInner, p.srcPort]).toEqual([
      1,
      8,
      0,
      56,
      false,
      -1,
    ]);
  });

  it("reads the IPv4 header and ports quoted in a destination-unreachable error", () => {
    const original = buildIpPacket({
      src: "10.0.0.2",
      dst: "10.9.9.9",
      proto: "udp",
      srcPort: 33000,
      dstPort: 33434,
      payload: 20,
    });
    const err = buildIpPacket({
      src: "10.9.9.9",
      dst: "10.0.0.2",
      proto: "icmp",
      icmpType: 3,
      icmpCode: 3,
      payload: original.subarray(0, 28),
    });
    const p = decodeBytes(LINKTYPE.RAW, err);
    expect([p.icmpType, p.icmpCode, p.hasInner, p.innerIpVersion, p.innerIpProto]).toEqual([
      3,
      3,
      true,
      4,
      17,
    ]);
    expect([formatIp4(p.innerSrc4), formatIp4(p.innerDst4), p.innerSrcPort, p.innerDstPort]).toEqual([
      "10.0.0.2",
      "10.9.9.9",
      33000,
      33434,
    ]);
    expect([p.srcPort, p.dstPort]).toEqual([-1, -1]);
  });

  it("time exceeded with a quote too short for ports keeps addresses only", () => {
    const original = buildIpPacket({
      src: "10.0.0.2",
      dst: "10.9.9.9",
      proto: "tcp",
      srcPort: 1,
      dstPort: 2,
    });
    const err = buildIpPacket({
      src: "10.8.8.8",
      dst: "10.0.0.2",
      proto: "icmp",
      icmpType: 11,
      payload: original.subarray(0, 22),
    });
    const p = decodeBytes(LINKTYPE.RAW, err);
    expect([p.hasInner, p.innerIpProto, p.innerSrcPort, p.innerDstPort, p.decodeIssue]).toEqual([
      true,
      6,
      -1,
      -1,
      "",
    ]);
    const tiny = buildIpPacket({
      src: "10.8.8.8",
      dst: "10.0.0.2",
      proto: "icmp",
      icmpType: 12,
      payload: original.subarray(0, 10),
    });
    expect(decodeBytes(LINKTYPE.RAW, tiny).hasInner).toBe(false);
  });

  it("reads an IPv6 header (through its extension headers) quoted in an ICMPv6 error", () => {
    const original = buildIpPacket({
      src: "2001:db8::5",
      dst: "2001:db8::6",
      proto: "tcp",
      srcPort: 4000,
      dstPort: 22,
      ipv6Ext: [60],
    });
    const err = buildIpPacket({
      src: "2001:db8::ff",
      dst: "2001:db8::5",
      proto: "icmp",
      icmpType: 1,
      icmpCode: 4,
      payload: original,
    });
    const p = decodeBytes(LINKTYPE.RAW, err);
    expect([p.ipProto, p.icmpType, p.icmpCode, p.hasInner, p.innerIpVersion]).toEqual([58, 1, 4, true, 6]);
    expect([
      formatIp6(p.innerSrc6),
      formatIp6(p.innerDst6),
      p.innerIpProto,
      p.innerSrcPort,
      p.innerDstPort,
    ]).toEqual(["2001:db8::5", "2001:db8::6", 6, 4000, 22]);
    // The outer packet's own extension-header state is not clobbered by the inner walk.
    expect(p.ipv6ExtHeaders).toBe(0);
  });

  it("ICMPv6 packet-too-big and param-problem quote; echo does not", () => {
    const original = buildIpPacket({ src: "::1", dst: "::2", proto: "udp", srcPort: 1, dstPort: 2 });
    for (const t of [2, 4]) {
      const p = decodeBytes(
        LINKTYPE.RAW,
        buildIpPacket({ src: "::3", dst: "::1", proto: "icmp", icmpType: t, payload: original }),
      );
      expect([p.icmpType, p.hasInner, p.innerDstPort]).toEqual([t, true, 2]);
    }
    const echo = decodeBytes(
      LINKTYPE.RAW,
      buildIpPacket({ src: "::3", dst: "::1", proto: "icmp", payload: original }),
    );
    expect([echo.icmpType, echo.hasInner]).toEqual([128, false]);
  });

  it("flags a truncated ICMP header", () => {
    const ip = buildIpPacket({ src: "10.0.0.1", dst: "10.0.0.2", proto: "icmp" });
    const p = decodeBytes(LINKTYPE.RAW, ip.subarray(0, 24));
    expect(p.decodeIssue).toBe("icmp: truncated header (4 of 8 bytes)");
    expect([p.icmpType, p.icmpCode]).toEqual([8, 0]);
  });
});
