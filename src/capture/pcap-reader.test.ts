import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openCapture } from "./open.js";
import { type PcapRecordSpec, pcapBytes } from "./pcap-writer.js";
import { chunkedStream, readBytes, readFile, tempDir } from "./read-helpers.test-util.js";
import { buildEthernetFrame } from "./synth.js";

const dir = tempDir("pcap");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function records(n: number): PcapRecordSpec[] {
  const out: PcapRecordSpec[] = [];
  for (let i = 0; i < n; i++) {
    const data = buildEthernetFrame({
      src: "10.0.0.1",
      dst: "10.0.0.2",
      proto: "udp",
      srcPort: 1000 + i,
      dstPort: 53,
      payload: i * 37,
    });
    out.push({
      tsSec: 1_700_000_000 + i,
      tsNsec: (i * 123_456_789) % 1e9,
      data,
      wireLen: data.length + (i % 3),
    });
  }
  return out;
}

describe("pcap reader", () => {
  for (const bigEndian of [false, true]) {
    for (const nanosecond of [false, true]) {
      it(`reads ${bigEndian ? "big" : "little"}-endian ${nanosecond ? "nano" : "micro"}second files`, async () => {
        const recs = records(20);
        const bytes = pcapBytes(recs, { bigEndian, nanosecond, linkType: 1, snaplen: 65535 });
        const { frames, stats } = await readFile(dir, `t-${bigEndian}-${nanosecond}.pcap`, bytes, 100);
        expect(stats.framesRead).toBe(20);
        expect(stats.bytesRead).toBe(bytes.length);
        expect([stats.framesSkipped, stats.warnings.length, stats.kernelDropped]).toEqual([0, 0, -1]);
        let offset = 24;
        frames.forEach((f, i) => {
          const ns = recs[i].tsNsec ?? 0;
          expect(f.index).toBe(i);
          expect(f.byteOffset).toBe(offset);
          expect(f.tsSec).toBe(recs[i].tsSec);
          expect(f.tsNsec).toBe(nanosecond ? ns : Math.floor(ns / 1000) * 1000);
          expect([f.capLen, f.wireLen, f.linkType, f.interfaceId]).toEqual([
            recs[i].data.length,
            recs[i].wireLen,
            1,
            0,
          ]);
          expect(f.data).toEqual(recs[i].data);
          offset += 16 + f.capLen;
        });
      });
    }
  }

  it("gives the same frames whatever the chunk size (records spanning chunks)", async () => {
    const bytes = pcapBytes(records(30), { nanosecond: true });
    const whole = await readBytes(bytes);
    for (const chunk of [1, 3, 17, 4096]) {
      const r = await readBytes(bytes, chunk);
      expect(r.frames).toEqual(whole.frames);
      expect(r.stats).toEqual(whole.stats);
    }
  });

  it("reads from stdin ('-') and names it in errors", async () => {
    const r = await readBytes(pcapBytes(records(3)), 5);
    expect(r.frames.map((f) => f.index)).toEqual([0, 1, 2]);
    await expect(readBytes(new Uint8Array([1, 2, 3, 4, 5, 6]))).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { file: "-", byteOffset: 0, field: "magic" },
    });
  });

  it("skips and counts a truncated final record", async () => {
    const bytes = pcapBytes(records(5));
    const cut = bytes.subarray(0, bytes.length - 10);
    const { frames, stats } = await readFile(dir, "cut.pcap", cut);
    expect(frames.length).toBe(4);
    expect([stats.framesRead, stats.framesSkipped, stats.bytesRead]).toEqual([4, 1, cut.length]);
    const lastStart = frames[3].byteOffset + 16 + frames[3].capLen;
    expect(stats.warnings).toEqual([
      `byte ${lastStart}: truncated final record (${cut.length - lastStart} of ${bytes.length - lastStart} bytes), skipped`,
    ]);
    // A cut inside the record header is skipped the same way.
    const inHeader = await readBytes(bytes.subarray(0, lastStart + 7));
    expect([inHeader.stats.framesRead, inHeader.stats.framesSkipped]).toEqual([4, 1]);
  });

  it("rejects a truncated file header, an empty input and bad magic with E_TRUNCATED / E_FORMAT at byte 0", async () => {
    const bytes = pcapBytes(records(1));
    await expect(readFile(dir, "short.pcap", bytes.subarray(0, 10))).rejects.toMatchObject({
      code: "E_TRUNCATED",
      context: { file: join(dir, "short.pcap"), byteOffset: 0 },
    });
    await expect(readFile(dir, "empty.pcap", new Uint8Array(0))).rejects.toMatchObject({
      code: "E_TRUNCATED",
      context: { byteOffset: 0 },
    });
    await expect(readFile(dir, "two.pcap", bytes.subarray(0, 2))).rejects.toMatchObject({
      code: "E_TRUNCATED",
    });
    const bad = bytes.slice();
    bad[0] = 0x00;
    await expect(readFile(dir, "bad.pcap", bad)).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { byteOffset: 0, field: "magic" },
    });
    const v3 = bytes.slice();
    v3[4] = 3;
    await expect(readFile(dir, "v3.pcap", v3)).rejects.toMatchObject({
      code: "E_UNSUPPORTED",
      context: { byteOffset: 4 },
    });
  });

  it("rejects an absurd record length with the record's byte offset, but accepts and notes a record over the snaplen", async () => {
    const recs = records(4);
    const bytes = pcapBytes(recs, { snaplen: 1500 });
    const third = 24 + 16 + recs[0].data.length + 16 + recs[1].data.length;
    const corrupt = bytes.slice();
    new DataView(corrupt.buffer).setUint32(third + 8, 0x7fffffff, true);
    await expect(readFile(dir, "absurd.pcap", corrupt)).rejects.toMatchObject({
      code: "E_FORMAT",
      context: { byteOffset: third, record: 2, field: "incl_len" },
    });
    const over = pcapBytes(recs, { snaplen: 60 });
    // pcapBytes cuts to the snaplen; rewrite the header's snaplen instead to get records over it.
    const small = pcapBytes(recs, { snaplen: 65535 });
    new DataView(small.buffer).setUint32(16, 60, true);
    const r = await readBytes(small);
    expect(r.stats.framesRead).toBe(4);
    expect(r.stats.warnings.length).toBe(4 - recs.filter((x) => x.data.length <= 60).length);
    expect(r.stats.warnings[0]).toMatch(/^byte \d+: record length \d+ > snaplen 60$/);
    expect((await readBytes(over)).frames.every((f) => f.capLen <= 60)).toBe(true);
  });

  it("reports a missing file as E_IO naming it", async () => {
    const missing = join(dir, "nope.pcap");
    await expect(openCapture(missing).run(() => {})).rejects.toMatchObject({
      code: "E_IO",
      context: { file: missing },
    });
  });

  it("stop() ends the run after the current chunk", async () => {
    const path = join(dir, "stop.pcap");
    writeFileSync(path, pcapBytes(records(50)));
    const src = openCapture(path, { chunkBytes: 256 });
    let n = 0;
    const stats = await src.run(() => {
      n++;
      if (n === 3) src.stop();
    });
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThan(50);
    expect(stats.framesRead).toBe(n);
  });
});

describe("pcap reader and its consumer", () => {
  it("lets an error thrown by onFrame through unchanged", async () => {
    const boom = new Error("consumer failed");
    const r = openCapture("-", { stdin: chunkedStream(pcapBytes(records(3)), 64) }).run(() => {
      throw boom;
    });
    await expect(r).rejects.toBe(boom);
  });
});

describe("pcap reader on a real pipe", () => {
  it("reads what another process writes to a pipe ('-' with that pipe as stdin)", async () => {
    const path = join(dir, "pipe.pcap");
    const recs = records(200);
    writeFileSync(path, pcapBytes(recs, { nanosecond: true }));
    const child = spawn("cat", [path], { stdio: ["ignore", "pipe", "ignore"] });
    const got: number[] = [];
    const stats = await openCapture("-", { stdin: child.stdout }).run((f) => {
      got.push(f.wireLen);
    });
    expect(stats.framesRead).toBe(200);
    expect(got).toEqual(recs.map((r) => r.wireLen));
  });
});
