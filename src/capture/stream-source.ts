/**
 * The chunk loop shared by every byte-stream capture (file, stdin, tcpdump's stdout): reads chunks and
 * hands them to the format's parser through a ChunkFeeder (which copies only records that span chunk
 * boundaries). The format is sniffed from the first 4 bytes: pcap (either byte order, micro or nano)
 * or pcapng.
 */
import type { Readable } from "node:stream";
import { isVigilError, VigilError } from "../errors.js";
import { ChunkFeeder, concat } from "./chunk-feeder.js";
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

/** The error for an input that ended before its 4 magic bytes. */
function tooShort(len: number, name: string): VigilError {
  const what = len === 0 ? "empty input" : `input too short for a capture file (${len} bytes)`;
  return new VigilError("E_TRUNCATED", what, { file: name, byteOffset: 0 });
}

function chooseParser(head: Uint8Array, name: string, stats: CaptureStats): RecordParser {
  const fmt = sniffFormat(head);
  if (fmt === "pcapng") return new PcapngParser(name, stats);
  if (fmt === "pcap") return new PcapParser(name, stats);
  if (head.length < 4) throw tooShort(head.length, name);
  const hex = Array.from(head.subarray(0, 4), (x) => x.toString(16).padStart(2, "0")).join(" ");
  throw new VigilError("E_FORMAT", `not a pcap or pcapng file: first bytes ${hex}`, {
    file: name,
    byteOffset: 0,
    field: "magic",
  });
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
    let feeder: ChunkFeeder | null = null;
    /** Chunks read before the format is known (fewer than 4 bytes so far). */
    let head: Uint8Array[] = [];
    let headLen = 0;
    /** True while the parser (and the consumer's onFrame) runs: their errors pass through unchanged. */
    let parsing = false;
    try {
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        // A plain Uint8Array view: its subarray() (one per frame) is cheaper than a Buffer's.
        let bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        if (feeder === null) {
          head.push(bytes);
          headLen += bytes.length;
          if (headLen < 4) continue;
          bytes = head.length === 1 ? head[0] : concat(head, headLen);
          head = [];
          feeder = new ChunkFeeder(chooseParser(bytes, this.name, stats), onFrame);
        }
        parsing = true;
        feeder.feed(bytes);
        parsing = false;
        if (this.stopped) break;
      }
    } catch (e) {
      stream.destroy();
      if (parsing || isVigilError(e)) throw e;
      const err = e as NodeJS.ErrnoException;
      const at = feeder?.offset ?? 0;
      throw new VigilError(
        "E_IO",
        `cannot read capture: ${err.message}`,
        { file: this.name, byteOffset: at },
        { cause: e },
      );
    }
    if (this.stopped) {
      stream.destroy();
      return stats;
    }
    if (feeder === null) throw tooShort(headLen, this.name);
    feeder.finish();
    return stats;
  }

  stop(): void {
    this.stopped = true;
  }
}
