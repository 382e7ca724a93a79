import { describe, expect, it } from "vitest";
import { buildEthernetFrame, buildIpPacket } from "../capture/synth.js";
import { decodeBytes } from "./decode.js";
import { LINKTYPE, TCP_FLAG } from "./packet.js";

const v4 = { src: "10.1.1.1", dst: "10.1.1.2" };

describe("tcp", () => {
  it("reads ports, seq/ack, the 9 flag bits, window and payload", () => {
    const flags = TCP_FLAG.SYN | TCP_FLAG.ACK | TCP_FLAG.ECE | TCP_FLAG.NS;
    const f = buildEthernetFrame({
      ...v4,
      proto: "tcp",
      srcPort: 1,
      dstPort: 65535,
      seq: 0xfffffff0,
      ack: 7,
      window: 1024,
      tcpFlags: flags,
      payload: 5,
    });
    const p = decodeBytes(LINKTYPE.ETHERNET, f);
    expect([p.srcPort, p.dstPort, p.tcpSeq, p.tcpAck, p.tcpWindow, p.tcpFlags]).toEqual([
      1,
      65535,
      0xfffffff0,
      7,
      1024,
      flags,
    ]);
    expect([p.payloadOffset, p.payloadLen, p.payloadCapLen]).toEqual([14 + 20 + 20, 5, 5]);
    expect(Array.from(p.data.subarray(p.payloadOffset, p.payloadOffset + 5))).toEqual([65, 72, 79, 86, 93]);
  });

  it("skips TCP options via the data offset", () => {
    const ip = buildIpPacket({ ...v4, proto: "tcp", srcPort: 2, dstPort: 3, payload: 4 });
    // Rebuild with 12 bytes of options (data offset 8): NOP NOP timestamp(10).
    const opts = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2];
    const out = new Uint8Array(ip.length + 12);
    out.set(ip.subarray(0, 40));
    out.set(opts, 40);
    out.set(ip.subarray(40), 52);
    out[32] = 8 << 4;
    out[3] = out.length;
    const p = decodeBytes(LINKTYPE.RAW, out);
    expect([p.payloadOffset, p.payloadLen, p.decodeIssue]).toEqual([52, 4, ""]);
  });

  it("flags short and bad headers but keeps ports when they were captured", () => {
    const ip = buildIpPacket({ ...v4, proto: "tcp", srcPort: 80, dstPort: 8080 });
    let p = decodeBytes(LINKTYPE.RAW, ip.subarray(0, 30));
    expect(p.decodeIssue).toBe("tcp: truncated header (10 of 20 bytes)");
    expect([p.srcPort, p.dstPort, p.tcpFlags]).toEqual([80, 8080, 0]);
    p = decodeBytes(LINKTYPE.RAW, ip.subarray(0, 22));
    expect(p.decodeIssue).toBe("tcp: truncated header (2 of 20 bytes)");
    expect(p.srcPort).toBe(-1);
    const bad = ip.slice();
    bad[32] = 3 << 4;
    p = decodeBytes(LINKTYPE.RAW, bad);
    expect(p.decodeIssue).toBe("tcp: header length 12 < 20");
    bad[32] = 15 << 4;
    p = decodeBytes(LINKTYPE.RAW, bad);
    expect(p.decodeIssue).toBe("tcp: options truncated (header length 60, 20 bytes present)");
  });
});

describe("udp", () => {
  it("reads ports and payload over IPv4 and IPv6", () => {
    const p = decodeBytes(
      LINKTYPE.ETHERNET,
      buildEthernetFrame({ ...v4, proto: "udp", srcPort: 68, dstPort: 67, payload: 300 }),
    );
    expect([p.ipProto, p.srcPort, p.dstPort, p.payloadLen, p.payloadOffset]).toEqual([17, 68, 67, 300, 42]);
    const q = decodeBytes(
      LINKTYPE.RAW,
      buildIpPacket({ src: "::1", dst: "::2", proto: "udp", srcPort: 9, dstPort: 10, payload: 1 }),
    );
    expect([q.ipProto, q.srcPort, q.dstPort, q.payloadLen]).toEqual([17, 9, 10, 1]);
  });

  it("flags a length field below 8 and a truncated header", () => {
    const ip = buildIpPacket({ ...v4, proto: "udp", srcPort: 1, dstPort: 2 });
    const bad = ip.slice();
    bad[25] = 4;
    expect(decodeBytes(LINKTYPE.RAW, bad).decodeIssue).toBe("udp: length 4 < 8");
    const p = decodeBytes(LINKTYPE.RAW, ip.subarray(0, 26));
    expect(p.decodeIssue).toBe("udp: truncated header (6 of 8 bytes)");
    expect(p.dstPort).toBe(2);
  });
});
