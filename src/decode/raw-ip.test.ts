import { describe, expect, it } from "vitest";
import { buildIpPacket } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { LINKTYPE } from "./packet.js";

const v4 = buildIpPacket({ src: "10.0.0.1", dst: "10.0.0.2", proto: "udp", srcPort: 1, dstPort: 2 });
const v6 = buildIpPacket({ src: "::1", dst: "::2", proto: "udp", srcPort: 3, dstPort: 4 });

function withFamily(family: number, bigEndian: boolean, ip: Uint8Array): Uint8Array {
  const h = bigEndian ? [0, 0, 0, family] : [family, 0, 0, 0];
  return new Uint8Array([...h, ...ip]);
}

describe("raw IP and BSD loopback", () => {
  it("raw (101), IPv4 (228), IPv6 (229) and BSD DLT_RAW (12, 14) pick the version from the first nibble", () => {
    for (const lt of [LINKTYPE.RAW, LINKTYPE.IPV4, 12, 14]) expect(decodeBytes(lt, v4).dstPort).toBe(2);
    for (const lt of [LINKTYPE.RAW, LINKTYPE.IPV6, 12, 14]) expect(decodeBytes(lt, v6).dstPort).toBe(4);
    expect(decodeBytes(LINKTYPE.RAW, new Uint8Array([0x50, 0, 0])).decodeIssue).toBe(
      "raw: IP version 5 is neither 4 nor 6",
    );
    expect(decodeBytes(LINKTYPE.RAW, new Uint8Array(0)).decodeIssue).toBe("raw: empty packet");
  });

  it("NULL: address family in either host byte order; the BSD AF_INET6 values", () => {
    expect(decodeBytes(LINKTYPE.NULL, withFamily(2, false, v4)).dstPort).toBe(2);
    expect(decodeBytes(LINKTYPE.NULL, withFamily(2, true, v4)).dstPort).toBe(2);
    for (const af of [10, 24, 28, 30])
      expect(decodeBytes(LINKTYPE.NULL, withFamily(af, false, v6)).dstPort).toBe(4);
    expect(decodeBytes(LINKTYPE.NULL, withFamily(7, false, v4)).decodeIssue).toBe(
      "null: address family 7 is not IP",
    );
  });

  it("LOOP: address family in network byte order", () => {
    expect(decodeBytes(LINKTYPE.LOOP, withFamily(2, true, v4)).dstPort).toBe(2);
    expect(decodeBytes(LINKTYPE.LOOP, withFamily(30, true, v6)).dstPort).toBe(4);
    expect(decodeBytes(LINKTYPE.LOOP, new Uint8Array(3)).decodeIssue).toBe(
      "null: truncated header (3 of 4 bytes)",
    );
  });
});
