import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { openCapture } from "./open.js";
import { PcapWriter, pcapBytes } from "./pcap-writer.js";
import { tempDir } from "./read-helpers.test-util.js";
import type { Frame } from "./source.js";
import { buildEthernetFrame } from "./synth.js";

const dir = tempDir("writer");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frames = Array.from({ length: 50 }, (_, i) =>
  buildEthernetFrame({
    src: "10.0.0.1",
    dst: "10.0.0.2",
    proto: "udp",
    srcPort: i,
    dstPort: 9,
    payload: i * 40,
  }),
);

describe("pcap writer", () => {
  it("writes to a file exactly what pcapBytes builds (big-endian, nanoseconds, snaplen cut)", async () => {
    const opts = { bigEndian: true, nanosecond: true, snaplen: 1000, linkType: 1 };
    const path = join(dir, "w.pcap");
    const w = PcapWriter.toFile(path, opts);
    for (let i = 0; i < frames.length; i++) w.writePacket(100 + i, i * 1000 + 7, frames[i]);
    await w.close();
    expect(w.recordsWritten).toBe(50);
    const expected = pcapBytes(
      frames.map((data, i) => ({ tsSec: 100 + i, tsNsec: i * 1000 + 7, data })),
      opts,
    );
    expect(new Uint8Array(readFileSync(path))).toEqual(expected);
    const got: Frame[] = [];
    await openCapture(path).run((f) => {
      got.push({ ...f, data: Uint8Array.from(f.data) });
    });
    expect(got.map((f) => [f.capLen, f.wireLen])).toEqual(
      frames.map((f) => [Math.min(f.length, 1000), f.length]),
    );
    expect(got[3].tsNsec).toBe(3007);
  });

  it("writes to a stream with backpressure, read back through stdin", async () => {
    const stream = new PassThrough({ highWaterMark: 256 });
    const w = PcapWriter.toStream(stream, { nanosecond: false });
    const got: number[] = [];
    const reading = openCapture("-", { stdin: stream }).run((f) => {
      got.push(f.tsNsec);
    });
    for (let i = 0; i < 2000; i++) {
      w.writePacket(1, 123_456_789, frames[i % 50]);
      if (i % 100 === 0) await w.flush();
    }
    await w.close();
    const stats = await reading;
    expect(stats.framesRead).toBe(2000);
    expect(got.every((ns) => ns === 123_456_000)).toBe(true);
  });

  it("reports an uncreatable file as E_IO", () => {
    expect(() => PcapWriter.toFile(join(dir, "no", "such", "dir.pcap"))).toThrow(
      expect.objectContaining({ code: "E_IO" }),
    );
  });
});
