import { describe, expect, it } from "vitest";
import { buildEthernetFrame, buildIpPacket } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { dstIpText, LINKTYPE, srcIpText } from "./packet.js";

const base = {
  src: "2001:db8::1",
  dst: "fe80::abcd:1",
  proto: "tcp" as const,
  srcPort: 443,
  dstPort: 51000,
  payload: 9,
};

describe("ipv6", () => {
  it("reads addresses, hop limit, payload length", () => {
    const p = decodeBytes(LINKTYPE.ETHERNET, buildEthernetFrame({ ...base, ttl: 255 }));
    expect([p.ipVersion, p.etherType, p.ttl, p.ipLen, p.ipProto]).toEqual([6, 0x86dd, 255, 40 + 20 + 9, 6]);
    expect(srcIpText(p)).toBe("2001:db8::1");
    expect(dstIpText(p)).toBe("fe80::abcd:1");
    expect([p.srcPort, p.dstPort, p.payloadLen, p.l4Offset]).toEqual([443, 51000, 9, 14 + 40]);
  });

  it("walks hop-by-hop, routing, destination options and AH to the transport", () => {
    const ip = buildIpPacket({ ...base, proto: "udp", ipv6Ext: [0, 43, 60, 51] });
    const p = decodeBytes(LINKTYPE.RAW, ip);
    expect([p.ipv6ExtHeaders, p.ipProto, p.l4Offset, p.srcPort, p.dstPort]).toEqual([
      4,
      17,
      40 + 32,
      443,
      51000,
    ]);
    expect(p.payloadLen).toBe(9);
    expect(p.decodeIssue).toBe("");
  });

  it("reads the fragment header: first fragment keeps ports, later ones do not", () => {
    const first = decodeBytes(
      LINKTYPE.IPV6,
      buildIpPacket({ ...base, ipv6Ext: [44], moreFragments: true, ipId: 0xdeadbeef }),
    );
    expect([first.isFragment, first.fragOffsetBytes, first.ipId, first.srcPort]).toEqual([
      true,
      0,
      0xdeadbeef,
      443,
    ]);
    const later = decodeBytes(
      LINKTYPE.IPV6,
      buildIpPacket({ ...base, ipv6Ext: [0, 44], fragOffsetBytes: 1232 }),
    );
    expect([later.isFragment, later.fragOffsetBytes, later.ipProto, later.srcPort]).toEqual([
      true,
      1232,
      6,
      -1,
    ]);
    expect(later.decodeIssue).toBe("");
  });

  it("stops at ESP and No Next Header without an issue", () => {
    const ip = buildIpPacket({ ...base, proto: "udp" });
    ip[6] = 59;
    const p = decodeBytes(LINKTYPE.RAW, ip);
    expect([p.ipProto, p.srcPort, p.decodeIssue]).toEqual([59, -1, ""]);
    ip[6] = 50;
    const e = decodeBytes(LINKTYPE.RAW, ip);
    expect([e.ipProto, e.srcPort, e.payloadLen]).toEqual([50, -1, 8 + 9]);
  });

  it("flags truncated headers and extension headers that run past the packet", () => {
    const ip = buildIpPacket({ ...base, ipv6Ext: [0] });
    let p = decodeBytes(LINKTYPE.RAW, ip.subarray(0, 30));
    expect(p.decodeIssue).toBe("ipv6: truncated header (30 of 40 bytes)");
    expect(p.ipVersion).toBe(0);
    const long = ip.slice();
    long[41] = 200; // hop-by-hop length (200 + 1) * 8 bytes
    p = decodeBytes(LINKTYPE.RAW, long);
    expect(p.decodeIssue).toBe("ipv6: extension header 0 length 1608 runs past the packet");
    expect([p.ipVersion, p.srcPort]).toEqual([6, -1]);
    p = decodeBytes(LINKTYPE.RAW, ip.subarray(0, 44));
    expect(p.decodeIssue).toBe("ipv6: truncated extension header 0 at byte 40");
  });
});
