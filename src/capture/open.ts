/**
 * openCapture: the one door to captured packets from a file or stdin. It sniffs the magic number, so
 * pcap (both byte orders, micro/nanosecond) and pcapng work alike, from a path or "-" (stdin).
 *
 *   const src = openCapture("traffic.pcapng");
 *   const stats = await src.run((frame) => decodeFrame(frame, packet));
 */
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import type { CaptureSource } from "./source.js";
import { StreamCaptureSource } from "./stream-source.js";

/** Bytes asked of the file system per read. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

export interface OpenCaptureOptions {
  /** The stream "-" reads (default process.stdin). */
  stdin?: Readable;
  /** Read size for files (default 1 MiB). */
  chunkBytes?: number;
}

export function openCapture(pathOrDash: string, opts: OpenCaptureOptions = {}): CaptureSource {
  if (pathOrDash === "-") return new StreamCaptureSource("-", () => opts.stdin ?? process.stdin);
  const hwm = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  return new StreamCaptureSource(pathOrDash, () => createReadStream(pathOrDash, { highWaterMark: hwm }));
}

/** A capture read from any byte stream (e.g. a child process's stdout); `name` appears in errors. */
export function captureFromStream(name: string, open: () => Readable): CaptureSource {
  return new StreamCaptureSource(name, open);
}
