import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "vitest";
import { type ConformanceCapture, describeCaptureSource } from "./conformance.js";
import { openCapture } from "./open.js";
import { pcapBytes } from "./pcap-writer.js";
import { PcapngBuilder } from "./pcapng-builder.js";
import { chunkedStream, tempDir } from "./read-helpers.test-util.js";

const dir = tempDir("conformance");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function asPcap(c: ConformanceCapture, opts: { bigEndian?: boolean; nanosecond?: boolean }): Uint8Array {
  return pcapBytes(
    c.frames.map((data, i) => ({ tsSec: c.times[i][0], tsNsec: c.times[i][1], data })),
    opts,
  );
}

function asPcapng(c: ConformanceCapture, bigEndian: boolean): Uint8Array {
  const b = new PcapngBuilder({ bigEndian }).shb().idb(1, 0, 9);
  c.frames.forEach((data, i) => {
    b.epb(0, BigInt(c.times[i][0]) * 1_000_000_000n + BigInt(c.times[i][1]), data);
  });
  return b.bytes();
}

function file(bytes: Uint8Array, ext: string): string {
  const path = join(dir, `c${fileNo++}.${ext}`);
  writeFileSync(path, bytes);
  return path;
}

describeCaptureSource("pcap file, little-endian microseconds", (c) =>
  openCapture(file(asPcap(c, {}), "pcap"), { chunkBytes: 4096 }),
);
describeCaptureSource("pcap on stdin, big-endian nanoseconds", (c) =>
  openCapture("-", { stdin: chunkedStream(asPcap(c, { bigEndian: true, nanosecond: true }), 1000) }),
);
describeCaptureSource("pcapng file, nanosecond interface", (c) =>
  openCapture(file(asPcapng(c, false), "pcapng"), { chunkBytes: 4096 }),
);
describeCaptureSource("pcapng on stdin, big-endian", (c) =>
  openCapture("-", { stdin: chunkedStream(asPcapng(c, true), 777) }),
);
