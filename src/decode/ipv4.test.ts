import { describe, expect, it } from "vitest";
import { buildEthernetFrame, buildIpPacket } from "../capture/synth.js";
import { foldChecksum, internetChecksum, sum16 } from "./checksum.js";
import { decodeBytes } from "./decode.js";
import { formatIp4, LINKTYPE, Packet } from "./packet.js";

const base = {
  src: "192.168.1.10",
  dst: "8.8.8.8",
  proto: "udp" as const,
  srcPort: 5000,
  dstPort: 53,
  payload: 12,
};

/** Inserts IPv4 options (a multiple of 4 bytes) and fixes lengths and the header checksum. */
function withOptions(ip: Uint8Array, opts: number[]): Uint8Array {
  const ihl = (ip[0] & 15) * 4;
  const out = new Uint8Array(ip.length + opts.length);
  out.set(ip.subarray(0, ihl));
  out.set(opts, ihl);
  out.set(ip.subarray(ihl), ihl + opts.length);
  out[0] = 0x40 | ((ihl + opts.length) / 4);
  out[2] = out.length >> 8;
  out[3] = out.length & 255;
  out[10] = 0;
  out[11] = 0;
  const c = foldChecksum(sum16(out, 0, ihl + opts.length));
  out[10] = c >> 8;
  out[11] = c & 255;
  return out;
}

describe("ipv4", () => {
  it("reads addresses, protocol, ttl, id and length; the synthetic checksum verifies", () => {
    const ip = buildIpPacket({ ...base, ttl: 33, ipId: 0x1234 });
    expect(internetChecksum(ip, 0, 20)).toBe(0);
    const p = decodeBytes(LINKTYPE.RAW, ip);
    expect(formatIp4(p.src4)).toBe("192.168.1.10");
    expect(formatIp4(p.dst4)).toBe("8.8.8.8");
    expect([p.ipVersion, p.ipProto, p.ttl, p.ipId, p.ipLen]).toEqual([4, 17, 33, 0x1234, 20 + 8 + 12]);
    expect([p.isFragment, p.fragOffsetBytes, p.l3Offset, p.l4Offset]).toEqual([false, 0, 0, 20]);
  });

  it("skips options via the header length", () => {
    const ip = withOptions(buildIpPacket(base), [0x94, 0x04, 0, 0, 0x01, 0x01, 0x01, 0x00]); // router alert + NOPs + EOL
    expect(internetChecksum(ip, 0, 28)).toBe(0);
    const p = decodeBytes(LINKTYPE.RAW, ip);
    expect(p.l4Offset).toBe(28);
    expect([p.srcPort, p.dstPort, p.payloadLen]).toEqual([5000, 53, 12]);
  });

  it("flags first fragments (ports kept) and later fragments (no ports)", () => {
    const first = decodeBytes(LINKTYPE.RAW, buildIpPacket({ ...base, moreFragments: true }));
    expect([first.isFragment, first.fragOffsetBytes, first.srcPort]).toEqual([true, 0, 5000]);
    const later = decodeBytes(LINKTYPE.RAW, buildIpPacket({ ...base, fragOffsetBytes: 1480 }));
    expect([later.isFragment, later.fragOffsetBytes, later.ipProto]).toEqual([true, 1480, 17]);
    expect([later.srcPort, later.dstPort, later.l4Offset]).toEqual([-1, -1, -1]);
    expect(later.decodeIssue).toBe("");
  });

  it("excludes Ethernet padding from the payload and reports a snap-length cut", () => {
    const f = buildEthernetFrame({ ...base, payload: 2 });
    const padded = new Uint8Array(60);
    padded.set(f);
    const p = decodeBytes(LINKTYPE.ETHERNET, padded);
    expect([p.payloadLen, p.payloadCapLen, p.ipLen]).toEqual([2, 2, 30]);
    const big = buildEthernetFrame({ ...base, payload: 500 });
    const cut = decodeBytes(LINKTYPE.ETHERNET, big.subarray(0, 14 + 20 + 8 + 100));
    expect([cut.payloadLen, cut.payloadCapLen, cut.decodeIssue]).toEqual([500, 100, ""]);
  });

  it("treats total length 0 as TCP segmentation offload", () => {
    const ip = buildIpPacket({ ...base, proto: "tcp", payload: 30 });
    ip[2] = 0;
    ip[3] = 0;
    const p = decodeBytes(LINKTYPE.RAW, ip);
    expect([p.ipLen, p.payloadLen, p.decodeIssue]).toEqual([ip.length, 30, ""]);
  });

  it("never throws on garbled headers: decodeIssue says why, later layers stay absent", () => {
    const ip = buildIpPacket(base);
    const bad = ip.slice();
    bad[0] = 0x44;
    let p = decodeBytes(LINKTYPE.RAW, bad);
    expect(p.decodeIssue).toBe("ipv4: header length 16 < 20");
    expect([p.ipVersion, p.srcPort]).toEqual([0, -1]);
    p = decodeBytes(LINKTYPE.IPV4, ip.subarray(0, 12));
    expect(p.decodeIssue).toBe("ipv4: truncated header (12 of 20 bytes)");
    const short = ip.slice();
    short[3] = 10;
    short[2] = 0;
    p = decodeBytes(LINKTYPE.RAW, short);
    expect(p.decodeIssue).toBe("ipv4: total length 10 < header length 20");
    expect(p.srcPort).toBe(-1);
    const opt = ip.slice();
    opt[0] = 0x4f;
    p = decodeBytes(LINKTYPE.RAW, opt.subarray(0, 40));
    expect(p.decodeIssue).toBe("ipv4: options truncated (header length 60, 40 bytes present)");
    const v = buildEthernetFrame(base);
    v[14] = 0x65;
    p = decodeBytes(LINKTYPE.ETHERNET, v);
    expect(p.decodeIssue).toBe("ipv4: version 6 != 4");
  });

  it("fuzz: random bytes never throw", () => {
    const p = new Packet();
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 255;
    };
    const buf = new Uint8Array(120);
    let decoded = 0;
    for (let i = 0; i < 20000; i++) {
      const n = rnd() % 120;
      for (let j = 0; j < n; j++) buf[j] = rnd();
      if (n > 14) buf[12] = 0x08;
      if (n > 14) buf[13] = i % 3 === 0 ? 0x00 : i % 3 === 1 ? 0xdd : 0x06;
      if (n > 14) buf[14] = i % 2 === 0 ? 0x45 : 0x60;
      for (const lt of [1, 101, 113, 276, 0]) {
        decodeBytes(lt, buf.subarray(0, n), p);
        decoded++;
      }
    }
    expect(decoded).toBe(100000);
  });
});
