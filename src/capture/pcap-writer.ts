/**
 * Classic pcap writer: file header then records, microsecond or nanosecond resolution, little- or
 * big-endian. Writes to a file (synchronously, through a 1 MiB buffer) or to a Writable stream.
 * `pcapBytes` builds a whole small capture in memory for tests.
 *
 *   const w = PcapWriter.toFile("out.pcap", { nanosecond: true });
 *   w.writePacket(1700000000, 123456789, frameBytes);
 *   await w.close();
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { Writable } from "node:stream";
import { VigilError } from "../errors.js";
import {
  DEFAULT_SNAPLEN,
  PCAP_FILE_HEADER_LEN,
  PCAP_MAGIC_NS,
  PCAP_MAGIC_US,
  PCAP_RECORD_HEADER_LEN,
} from "./pcap-format.js";

export interface PcapWriterOptions {
  /** LINKTYPE_* of every record (default 1, Ethernet). */
  linkType?: number;
  /** Snap length in the header; longer frames are cut to it (default 262144). */
  snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds (default false). */
  nanosecond?: boolean;
  /** Write big-endian (default false: little-endian, as on x86). */
  bigEndian?: boolean;
}

/** One record for pcapBytes. */
export interface PcapRecordSpec {
  tsSec: number;
  /** Nanoseconds within the second (divided by 1000 for microsecond files). */
  tsNsec?: number;
  data: Uint8Array;
  /** Length on the wire (default data.length). */
  wireLen?: number;
}

const BUFFER_LEN = 1 << 20;

/** Where the bytes go: a file written synchronously, or a stream. */
type Sink = { kind: "file"; fd: number; path: string } | { kind: "stream"; stream: Writable };

export class PcapWriter {
  private buf = new Uint8Array(BUFFER_LEN);
  private view = new DataView(this.buf.buffer);
  private used = 0;
  private readonly le: boolean;
  private readonly nano: boolean;
  private readonly snaplen: number;
  /** Records written so far. */
  recordsWritten = 0;

  private constructor(
    private readonly sink: Sink,
    opts: PcapWriterOptions,
  ) {
    this.le = !opts.bigEndian;
    this.nano = opts.nanosecond ?? false;
    this.snaplen = opts.snaplen ?? DEFAULT_SNAPLEN;
    const v = this.view;
    v.setUint32(0, this.nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US, this.le);
    v.setUint16(4, 2, this.le);
    v.setUint16(6, 4, this.le);
    v.setUint32(16, this.snaplen, this.le);
    v.setUint32(20, opts.linkType ?? 1, this.le);
    this.used = PCAP_FILE_HEADER_LEN;
  }

  /** A writer to a new file at `path` (truncated if it exists). */
  static toFile(path: string, opts: PcapWriterOptions = {}): PcapWriter {
    let fd: number;
    try {
      fd = openSync(path, "w");
    } catch (e) {
      throw new VigilError(
        "E_IO",
        `cannot create pcap file: ${(e as Error).message}`,
        { file: path },
        { cause: e },
      );
    }
    return new PcapWriter({ kind: "file", fd, path }, opts);
  }

  /** A writer to a stream (call `flush()` now and then to honour its backpressure). */
  static toStream(stream: Writable, opts: PcapWriterOptions = {}): PcapWriter {
    return new PcapWriter({ kind: "stream", stream }, opts);
  }

  /** Appends one record; frames longer than the snap length are cut to it. */
  writePacket(tsSec: number, tsNsec: number, data: Uint8Array, wireLen = data.length): void {
    const capLen = Math.min(data.length, this.snaplen);
    if (this.used + PCAP_RECORD_HEADER_LEN + capLen > this.buf.length) {
      this.spill();
      if (PCAP_RECORD_HEADER_LEN + capLen > this.buf.length) {
        this.buf = new Uint8Array(PCAP_RECORD_HEADER_LEN + capLen);
        this.view = new DataView(this.buf.buffer);
      }
    }
    const v = this.view;
    const o = this.used;
    v.setUint32(o, tsSec, this.le);
    v.setUint32(o + 4, this.nano ? tsNsec : Math.floor(tsNsec / 1000), this.le);
    v.setUint32(o + 8, capLen, this.le);
    v.setUint32(o + 12, wireLen, this.le);
    this.buf.set(capLen === data.length ? data : data.subarray(0, capLen), o + PCAP_RECORD_HEADER_LEN);
    this.used = o + PCAP_RECORD_HEADER_LEN + capLen;
    this.recordsWritten++;
  }

  /** Hands buffered bytes to the sink; for a stream, resolves once it has drained. */
  async flush(): Promise<void> {
    const needsDrain = this.spill();
    const s = this.sink;
    if (needsDrain && s.kind === "stream") {
      await new Promise<void>((resolve) => s.stream.once("drain", resolve));
    }
  }

  /** Flushes and closes the file, or ends the stream and waits until it finished. */
  async close(): Promise<void> {
    this.spill();
    const s = this.sink;
    if (s.kind === "file") {
      closeSync(s.fd);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      s.stream.once("error", reject);
      s.stream.end(() => resolve());
    });
  }

  /** Writes the buffer out; returns true when a stream asked the writer to wait for "drain". */
  private spill(): boolean {
    if (this.used === 0) return false;
    const s = this.sink;
    let wait = false;
    if (s.kind === "file") {
      try {
        let done = 0;
        while (done < this.used) done += writeSync(s.fd, this.buf, done, this.used - done);
      } catch (e) {
        throw new VigilError(
          "E_IO",
          `cannot write pcap file: ${(e as Error).message}`,
          { file: s.path },
          { cause: e },
        );
      }
    } else {
      wait = !s.stream.write(this.buf.slice(0, this.used));
    }
    this.used = 0;
    return wait;
  }
}

/** A whole pcap capture in memory (for tests and fixtures). */
export function pcapBytes(records: PcapRecordSpec[], opts: PcapWriterOptions = {}): Uint8Array {
  const le = !opts.bigEndian;
  const nano = opts.nanosecond ?? false;
  const snaplen = opts.snaplen ?? DEFAULT_SNAPLEN;
  let total = PCAP_FILE_HEADER_LEN;
  for (const r of records) total += PCAP_RECORD_HEADER_LEN + Math.min(r.data.length, snaplen);
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  v.setUint32(0, nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, snaplen, le);
  v.setUint32(20, opts.linkType ?? 1, le);
  let o = PCAP_FILE_HEADER_LEN;
  for (const r of records) {
    const capLen = Math.min(r.data.length, snaplen);
    const ns = r.tsNsec ?? 0;
    v.setUint32(o, r.tsSec, le);
    v.setUint32(o + 4, nano ? ns : Math.floor(ns / 1000), le);
    v.setUint32(o + 8, capLen, le);
    v.setUint32(o + 12, r.wireLen ?? r.data.length, le);
    b.set(r.data.subarray(0, capLen), o + PCAP_RECORD_HEADER_LEN);
    o += PCAP_RECORD_HEADER_LEN + capLen;
  }
  return b;
}
