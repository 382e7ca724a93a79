/**
 * Test helpers: run a capture source over bytes (as stdin, fed in chunks of a chosen size) or over a
 * temporary file, and collect copies of every frame.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { openCapture } from "./open.js";
import type { CaptureStats, Frame } from "./source.js";

export interface ReadResult {
  frames: Frame[];
  stats: CaptureStats;
}

/** A stream that yields `bytes` in chunks of `chunk` bytes. */
export function chunkedStream(bytes: Uint8Array, chunk: number): Readable {
  const parts: Buffer[] = [];
  for (let o = 0; o < bytes.length; o += chunk) parts.push(Buffer.from(bytes.subarray(o, o + chunk)));
  return Readable.from(parts);
}

/** Reads `bytes` through openCapture("-") with a stdin of `chunk`-byte pieces. */
export async function readBytes(bytes: Uint8Array, chunk = 1 << 20): Promise<ReadResult> {
  const frames: Frame[] = [];
  const stats = await openCapture("-", { stdin: chunkedStream(bytes, chunk) }).run((f) => {
    frames.push({ ...f, data: Uint8Array.from(f.data) });
  });
  return { frames, stats };
}

/** A fresh temporary directory for one test file. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `vigil-${prefix}-`));
}

/** Writes `bytes` to `dir/name` and reads it back with openCapture(path). */
export async function readFile(
  dir: string,
  name: string,
  bytes: Uint8Array,
  chunkBytes?: number,
): Promise<ReadResult> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const frames: Frame[] = [];
  const stats = await openCapture(path, { chunkBytes }).run((f) => {
    frames.push({ ...f, data: Uint8Array.from(f.data) });
  });
  return { frames, stats };
}
