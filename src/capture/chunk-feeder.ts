/**
 * Feeds stream chunks to a RecordParser. Records inside a chunk are parsed in place (no copy); only a
 * record that spans a chunk boundary is copied, into a small "bridge" holding that record's bytes, so
 * memory stays at about one chunk plus the largest record and the input is copied almost never.
 */
import type { RecordParser } from "./record-parser.js";
import type { Frame } from "./source.js";

/** Concatenates `parts` (total `total` bytes) into one new array. */
export function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export class ChunkFeeder {
  /** Unconsumed bytes (the start of a record that continues in the next chunk). */
  private tail: Uint8Array[] = [];
  private tailLen = 0;
  /** Input offset of the first byte the parser has not consumed. */
  offset = 0;

  constructor(
    private readonly parser: RecordParser,
    private readonly onFrame: (f: Frame) => void,
  ) {}

  /** Bytes received but not consumed (a truncated tail once the input has ended). */
  get pendingBytes(): number {
    return this.tailLen;
  }

  /** Tells the parser the input ended (it skips and counts, or throws for, a truncated tail). */
  finish(): void {
    this.parser.finish(this.tailLen, this.offset);
  }

  /** Parses every whole record that `chunk` completes or contains; keeps the rest for the next chunk. */
  feed(chunk: Uint8Array): void {
    let pos = 0;
    // 1. Finish the record that spans the boundary, copying only its bytes.
    while (this.tailLen > 0) {
      const need = Math.max(1, this.parser.needed - this.tailLen);
      const avail = chunk.length - pos;
      if (need > avail) {
        if (avail > 0) {
          this.tail.push(chunk.subarray(pos));
          this.tailLen += avail;
        }
        return;
      }
      this.tail.push(chunk.subarray(pos, pos + need));
      const bridge = concat(this.tail, this.tailLen + need);
      pos += need;
      const used = this.parser.parse(bridge, 0, bridge.length, this.offset, this.onFrame);
      this.offset += used;
      this.tailLen = bridge.length - used;
      this.tail = this.tailLen === 0 ? [] : [bridge.subarray(used)];
    }
    // 2. Parse the rest of the chunk in place.
    if (pos < chunk.length) {
      const end = this.parser.parse(chunk, pos, chunk.length, this.offset - pos, this.onFrame);
      this.offset += end - pos;
      if (end < chunk.length) {
        this.tail = [chunk.subarray(end)];
        this.tailLen = chunk.length - end;
      }
    }
  }
}
