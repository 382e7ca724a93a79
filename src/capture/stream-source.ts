/**
 * The chunk loop shared by every byte-stream capture (file, stdin, tcpdump's stdout): reads chunks,
 * lets the format's parser emit every whole record in them, and joins chunks only when a record spans
 * a boundary (so memory stays at about one chunk plus the largest record). The format is sniffed from
 * the first 4 bytes: pcap (either byte order, micro or nano) or pcapng.
 */
import type { Readable } from "node:stream";
import { isVigilError, VigilError } from "../errors.js";
import { PCAP_MAGIC_NS, PCAP_MAGIC_US, PCAPNG_SHB } from "./pcap-format.js";
import { PcapParser } from "./pcap-reader.js";
import { PcapngParser } from "./pcapng-reader.js";
import type { RecordParser } from "./record-parser.js";
import { type CaptureSource, type CaptureStats, emptyStats, type Frame } from "./source.js";

/** "pcap", "pcapng", or null when the 4 magic bytes are neither. */
export function sniffFormat(head: Uint8Array): "pcap" | "pcapng" | null {
  if (head.length < 4) return null;
  const le = (head[0] | (head[1] << 8) | (head[2] << 16) | (head[3] << 24)) >>> 0;
  const be = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  if (le === PCAPNG_SHB) return "pcapng";
  if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS || be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS)
    return "pcap";
  return null;
}

function chooseParser(head: Uint8Array, name: string, stats: CaptureStats): RecordParser {
  const fmt = sniffFormat(head);
  if (fmt === "pcapng") return new PcapngParser(name, stats);
  if (fmt === "pcap") return new PcapParser(name, stats);
  if (head.length < 4) {
    const what =
      head.length === 0 ? "empty input" : `input too short for a capture file (${head.length} bytes)`;
    throw new VigilError("E_TRUNCATED", what, { file: name, byteOffset: 0 });
  }
  const hex = Array.from(head.subarray(0, 4), (x) => x.toString(16).padStart(2, "0")).join(" ");
  throw new VigilError("E_FORMAT", `not a pcap or pcapng file: first bytes ${hex}`, {
    file: name,
    byteOffset: 0,
    field: "magic",
  });
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export class StreamCaptureSource implements CaptureSource {
  private stopped = false;

  /** `open` is called once per run() and returns the byte stream (a file, stdin, a child's stdout). */
  constructor(
    readonly name: string,
    private readonly open: () => Readable,
  ) {}

  async run(onFrame: (frame: Frame) => void): Promise<CaptureStats> {
    const stats = emptyStats();
    const stream = this.open();
    let parser: RecordParser | null = null;
    let parts: Uint8Array[] = [];
    let pendingLen = 0;
    /** Input offset of the first pending byte. */
    let offset = 0;
    /** True while the parser (and the consumer's onFrame) runs: their errors pass through unchanged. */
    let parsing = false;
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        parts.push(chunk);
        pendingLen += chunk.length;
        if (parser === null) {
          if (pendingLen < 4) continue;
          parser = chooseParser(parts.length === 1 ? parts[0] : concat(parts, pendingLen), this.name, stats);
        }
        if (pendingLen < parser.needed) continue;
        const buf = parts.length === 1 ? parts[0] : concat(parts, pendingLen);
        parsing = true;
        const used = parser.parse(buf, 0, buf.length, offset, onFrame);
        parsing = false;
        offset += used;
        pendingLen = buf.length - used;
        parts = pendingLen === 0 ? [] : [buf.subarray(used)];
        if (this.stopped) break;
      }
    } catch (e) {
      stream.destroy();
      if (parsing || isVigilError(e)) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new VigilError(
        "E_IO",
        `cannot read capture: ${err.message}`,
        { file: this.name, byteOffset: offset },
        { cause: e },
      );
    }
    if (this.stopped) {
      stream.destroy();
      return stats;
    }
    if (parser === null) parser = chooseParser(concat(parts, pendingLen), this.name, stats);
    parser.finish(pendingLen, offset);
    return stats;
  }

  stop(): void {
    this.stopped = true;
  }
}
