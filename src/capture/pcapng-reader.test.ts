import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { PcapngBuilder } from "./pcapng-builder.js";
import { readBytes, readFile, tempDir } from "./read-helpers.test-util.js";
import { buildEthernetFrame, buildIpPacket } from "./synth.js";

const dir = tempDir("pcapng");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const eth = buildEthernetFrame({
  src: "10.0.0.1",
  dst: "10.0.0.2",
  proto: "tcp",
  srcPort: 1,
  dstPort: 2,
  payload: 33,
});
const raw = buildIpPacket({
  src: "10.0.0.3",
  dst: "10.0.0.4",
  proto: "udp",
  srcPort: 3,
  dstPort: 4,
  payload: 5,
});
const T = 1_700_000_000n;

/** Section 1 (little-endian): four interfaces with different link types and timestamp units. */
function multiInterface(b: PcapngBuilder): PcapngBuilder {
  return b
    .shb()
    .idb(1, 96) // Ethernet, default microseconds, snaplen 96
    .idb(101, 65535, 9) // raw IP, nanoseconds
    .idb(1, 0, 0x94, 100) // 2^-20 s units, +100 s offset
    .idb(113, 65535, 3) // SLL, milliseconds
    .epb(0, T * 1_000_000n + 250_000n, eth)
    .block(0xbad, new Uint8Array(13)) // unknown block: skipped
    .epb(1, T * 1_000_000_000n + 123_456_789n, raw)
    .block(5, new Uint8Array(16)) // interface statistics: skipped
    .epb(2, (T << 20n) + (1n << 19n), eth)
    .block(4, new Uint8Array(8)) // name resolution: skipped
    .epb(3, T * 1000n + 7n, new Uint8Array([0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0, ...raw]))
    .spb(eth) // simple packet: interface 0 (Ethernet, snaplen 96)
    .spb(new Uint8Array(200), 1000);
}

describe("pcapng reader", () => {
  it("reads several interfaces with their own link types and timestamp resolutions, SPB, and skips unknown blocks", async () => {
    const bytes = multiInterface(new PcapngBuilder()).bytes();
    const { frames, stats } = await readFile(dir, "multi.pcapng", bytes, 64);
    expect([stats.framesRead, stats.framesSkipped, stats.warnings, stats.bytesRead]).toEqual([
      6,
      0,
      [],
      bytes.length,
    ]);
    expect(frames.map((f) => [f.interfaceId, f.linkType])).toEqual([
      [0, 1],
      [1, 101],
      [2, 1],
      [3, 113],
      [0, 1],
      [0, 1],
    ]);
    expect(frames.map((f) => [f.tsSec, f.tsNsec])).toEqual([
      [1_700_000_000, 250_000_000],
      [1_700_000_000, 123_456_789],
      [1_700_000_100, 500_000_000],
      [1_700_000_000, 7_000_000],
      [0, 0],
      [0, 0],
    ]);
    expect(frames[0].data).toEqual(eth);
    expect(frames[1].data).toEqual(raw);
    // SPB: wire length from the block, captured bytes cut to IDB 0's snaplen (96).
    expect([frames[4].capLen, frames[4].wireLen]).toEqual([eth.length, eth.length]);
    expect([frames[5].capLen, frames[5].wireLen]).toEqual([96, 1000]);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("gives the same frames whatever the chunk size", async () => {
    const bytes = multiInterface(new PcapngBuilder()).bytes();
    const whole = await readBytes(bytes);
    for (const chunk of [1, 5, 31, 1000])
      expect((await readBytes(bytes, chunk)).frames).toEqual(whole.frames);
  });

  it("handles several sections with different byte orders; interfaces reset per section", async () => {
    const b = new PcapngBuilder({ bigEndian: true })
      .shb()
      .idb(101, 0, 9)
      .epb(0, T * 1_000_000_000n + 1n, raw)
      .shb({ bigEndian: false })
      .idb(1, 0)
      .epb(0, T * 1_000_000n + 2n, eth)
      .shb({ bigEndian: true })
      .idb(1, 0)
      .idb(101, 0)
      .epb(1, T * 1_000_000n, raw);
    const { frames, stats } = await readBytes(b.bytes(), 7);
    expect(stats.framesRead).toBe(3);
    expect(frames.map((f) => [f.linkType, f.interfaceId, f.tsNsec])).toEqual([
      [101, 0, 1],
      [1, 0, 2000],
      [101, 1, 0],
    ]);
    expect(frames[1].data).toEqual(eth);
  });

  it("splits large timestamps exactly (nanoseconds above 2^53, picoseconds via BigInt)", async () => {
    const ns = T * 1_000_000_000n + 999_999_999n;
    const ps = 10_000_000n * 1_000_000_000_000n + 123_456_789_012n; // picoseconds: 64 bits reach only 1970+213 days
    const b = new PcapngBuilder().shb().idb(1, 0, 9).idb(1, 0, 12).epb(0, ns, eth).epb(1, ps, eth);
    const { frames } = await readBytes(b.bytes());
    expect([frames[0].tsSec, frames[0].tsNsec]).toEqual([1_700_000_000, 999_999_999]);
    expect([frames[1].tsSec, frames[1].tsNsec]).toEqual([10_000_000, 123_456_789]);
  });

  it("skips and counts a packet for a missing interface and one whose length overruns its block", async () => {
    const b = new PcapngBuilder().shb().idb(1, 0).epb(5, 0n, eth).epb(0, 0n, eth);
    const bytes = b.bytes();
    const r = await readBytes(bytes);
    expect([r.stats.framesRead, r.stats.framesSkipped]).toEqual([1, 1]);
    expect(r.stats.warnings[0]).toBe(
      "byte 48: packet for interface 5, but the section has 1 interface(s), skipped",
    );
    const over = bytes.slice();
    new DataView(over.buffer).setUint32(48 + 20, 5000, true); // captured length of the first EPB
    const r2 = await readBytes(over);
    expect([r2.stats.framesRead, r2.stats.framesSkipped]).toEqual([1, 1]);
    expect(r2.stats.warnings[0]).toMatch(
      /^byte 48: captured length 5000 runs past its \d+-byte block, skipped$/,
    );
    const spbFirst = await readBytes(new PcapngBuilder().shb().spb(eth).bytes());
    expect([spbFirst.stats.framesRead, spbFirst.stats.framesSkipped]).toEqual([0, 1]);
  });

  it("skips and counts a truncated final block", async () => {
    const bytes = new PcapngBuilder().shb().idb(1, 0).epb(0, 0n, eth).epb(0, 0n, eth).bytes();
    const cut = bytes.subarray(0, bytes.length - 9);
    const r = await readFile(dir, "cut.pcapng", cut);
    expect([r.stats.framesRead, r.stats.framesSkipped, r.stats.bytesRead]).toEqual([1, 1, cut.length]);
    expect(r.stats.warnings[0]).toMatch(/truncated final block/);
  });

  it("rejects corrupt framing with E_FORMAT at the right byte offset", async () => {
    const bytes = new PcapngBuilder().shb().idb(1, 0).epb(0, 0n, eth).bytes();
    const epbAt = 28 + 20;
    const badTrailer = bytes.slice();
    badTrailer[bytes.length - 4] ^= 0xff;
    await expect(readFile(dir, "trailer.pcapng", badTrailer)).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { byteOffset: bytes.length - 4, field: "block_total_length" },
    });
    const badLen = bytes.slice();
    new DataView(badLen.buffer).setUint32(epbAt + 4, 30, true);
    await expect(readBytes(badLen)).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { file: "-", byteOffset: epbAt + 4 },
    });
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(epbAt + 4, 0xfffffff0, true);
    await expect(readBytes(huge)).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { byteOffset: epbAt + 4 },
    });
    const badMagic = bytes.slice();
    badMagic[8] = 0x77;
    await expect(readBytes(badMagic)).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { byteOffset: 8, field: "byte_order_magic" },
    });
    await expect(readBytes(bytes.subarray(0, 10))).rejects.toMatchObject({
      code: "E_TRUNCATED",
      context: { byteOffset: 0 },
    });
    const v2 = bytes.slice();
    v2[12] = 2;
    await expect(readBytes(v2)).rejects.toMatchObject({ code: "E_UNSUPPORTED", context: { byteOffset: 12 } });
  });
});

describe("pcapng obsolete Packet Block", () => {
  it("reads interface id (16 bits), timestamp and lengths from a type-2 block", async () => {
    const body = new Uint8Array(20 + ((raw.length + 3) & ~3));
    const v = new DataView(body.buffer);
    v.setUint16(0, 1, true); // interface 1
    v.setUint16(2, 0, true); // drops count
    v.setUint32(4, 0, true);
    v.setUint32(8, 3_000_001, true); // 3.000001 s in microseconds
    v.setUint32(12, raw.length, true);
    v.setUint32(16, raw.length + 100, true);
    body.set(raw, 20);
    const b = new PcapngBuilder().shb().idb(1, 0).idb(101, 0).block(2, body);
    const { frames, stats } = await readBytes(b.bytes());
    expect(stats.framesRead).toBe(1);
    expect([frames[0].interfaceId, frames[0].linkType, frames[0].tsSec, frames[0].tsNsec]).toEqual([
      1, 101, 3, 1000,
    ]);
    expect([frames[0].capLen, frames[0].wireLen]).toEqual([raw.length, raw.length + 100]);
    expect(frames[0].data).toEqual(raw);
  });
});
