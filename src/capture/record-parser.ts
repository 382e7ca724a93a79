/**
 * The contract between the chunk loop (stream-source.ts) and a file format's parser (pcap, pcapng).
 * A parser sees contiguous bytes, emits every whole record in them, and says how many bytes it needs
 * before it can go on, so the loop joins chunks only when a record spans them.
 */
import type { CaptureStats, Frame } from "./source.js";

export interface RecordParser {
  /**
   * Emits every whole record in buf[start, end) and returns the offset of the first byte not consumed.
   * `streamOffset` is the position of buf[0] in the whole input (for error offsets).
   * Throws VigilError (E_FORMAT) when the input cannot be framed any further.
   */
  parse(
    buf: Uint8Array,
    start: number,
    end: number,
    streamOffset: number,
    onFrame: (f: Frame) => void,
  ): number;
  /** Bytes needed from the first unconsumed byte before `parse` can make progress. */
  readonly needed: number;
  /**
   * Called once at the end of input with the count of bytes left unconsumed (a truncated tail).
   * Throws E_TRUNCATED when nothing usable was read (e.g. a cut file header); otherwise skips and counts.
   */
  finish(leftover: number, streamOffset: number): void;
}

/** Most warnings kept in CaptureStats.warnings; later ones are only counted. */
export const MAX_WARNINGS = 100;

/** Adds a warning, keeping at most MAX_WARNINGS texts (the last one says how many more came). */
export function addWarning(stats: CaptureStats, text: string, counter: { dropped: number }): void {
  if (stats.warnings.length < MAX_WARNINGS - 1) {
    stats.warnings.push(text);
    return;
  }
  counter.dropped++;
  stats.warnings[MAX_WARNINGS - 1] = `${counter.dropped} more warnings not kept (latest: ${text})`;
}

/** A reusable Frame with every field zeroed. */
export function newFrame(): Frame {
  return {
    index: 0,
    byteOffset: 0,
    tsSec: 0,
    tsNsec: 0,
    capLen: 0,
    wireLen: 0,
    linkType: 1,
    interfaceId: 0,
    data: new Uint8Array(0),
  };
}
