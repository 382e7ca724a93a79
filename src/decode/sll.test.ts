import { describe, expect, it } from "vitest";
import { buildIpPacket } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { formatIp4, formatMac, LINKTYPE } from "./packet.js";

const ip = buildIpPacket({
  src: "127.0.0.1",
  dst: "127.0.0.2",
  proto: "tcp",
  srcPort: 5555,
  dstPort: 6666,
  payload: 3,
});
const mac = [0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee];

/** SLL header: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
function sll(proto: number, hatype = 1, payload: Uint8Array = ip): Uint8Array {
  return new Uint8Array([
    0,
    4,
    hatype >> 8,
    hatype & 255,
    0,
    6,
    ...mac,
    0,
    0,
    proto >> 8,
    proto & 255,
    ...payload,
  ]);
}

/** SLL2 header: protocol, reserved, ifindex, ARPHRD type, packet type, address length, 8 address bytes. */
function sll2(proto: number, hatype = 1): Uint8Array {
  return new Uint8Array([
    proto >> 8,
    proto & 255,
    0,
    0,
    0,
    0,
    0,
    3,
    hatype >> 8,
    hatype & 255,
    4,
    6,
    ...mac,
    0,
    0,
    ...ip,
  ]);
}

describe("linux cooked capture", () => {
  it("SLL: sender MAC and IPv4", () => {
    const p = decodeBytes(LINKTYPE.LINUX_SLL, sll(0x0800));
    expect([p.hasMac, formatMac(p.srcMac), p.dstMac]).toEqual([true, "02:aa:bb:cc:dd:ee", 0]);
    expect([formatIp4(p.src4), p.srcPort, p.dstPort, p.l3Offset]).toEqual(["127.0.0.1", 5555, 6666, 16]);
  });

  it("SLL2: sender MAC and IPv4", () => {
    const p = decodeBytes(LINKTYPE.LINUX_SLL2, sll2(0x0800));
    expect([p.hasMac, formatMac(p.srcMac), p.etherType, p.dstPort, p.l3Offset]).toEqual([
      true,
      "02:aa:bb:cc:dd:ee",
      0x0800,
      6666,
      20,
    ]);
  });

  it("SLL with a VLAN tag left in, loopback hardware type, pseudo-protocols and netlink", () => {
    const tagged = sll(0x8100, 1, new Uint8Array([0, 9, 0x08, 0x00, ...ip]));
    const t = decodeBytes(LINKTYPE.LINUX_SLL, tagged);
    expect([t.vlanOuter, t.dstPort]).toEqual([9, 6666]);
    const lo = decodeBytes(LINKTYPE.LINUX_SLL, sll(0x0800, 772));
    expect([lo.hasMac, lo.dstPort]).toEqual([false, 6666]);
    const llc = decodeBytes(LINKTYPE.LINUX_SLL, sll(0x0004));
    expect([llc.ipVersion, llc.decodeIssue]).toEqual([0, ""]);
    const nl = decodeBytes(LINKTYPE.LINUX_SLL2, sll2(0x0800, 824));
    expect(nl.ipVersion).toBe(0);
  });

  it("flags truncated headers", () => {
    expect(decodeBytes(LINKTYPE.LINUX_SLL, new Uint8Array(15)).decodeIssue).toBe(
      "sll: truncated header (15 of 16 bytes)",
    );
    expect(decodeBytes(LINKTYPE.LINUX_SLL2, new Uint8Array(19)).decodeIssue).toBe(
      "sll2: truncated header (19 of 20 bytes)",
    );
  });
});
