/**
 * Reads captures fully into memory (they are small), shifts their timestamps, and merges them in time
 * order into one CaptureSource, remembering which input each frame came from (the label).
 */
import { openCapture } from "./open.js";
import { type CaptureSource, emptyStats, type Frame } from "./source.js";

export interface StoredFrame {
  ts: number;
  data: Uint8Array;
  wireLen: number;
  linkType: number;
  /** Which input (index into the list given to mergeInTimeOrder). */
  origin: number;
}

export async function readFrames(path: string): Promise<StoredFrame[]> {
  const out: StoredFrame[] = [];
  await openCapture(path).run((f) => {
    out.push({
      ts: f.tsSec + f.tsNsec / 1e9,
      data: f.data.slice(),
      wireLen: f.wireLen,
      linkType: f.linkType,
      origin: 0,
    });
  });
  return out;
}

/** Copies with every timestamp moved so the first frame is at `startTs`. */
export function shiftTo(frames: StoredFrame[], startTs: number, origin: number): StoredFrame[] {
  if (frames.length === 0) return [];
  const d = startTs - frames[0].ts;
  return frames.map((f) => ({ ...f, ts: f.ts + d, origin }));
}

export function mergeInTimeOrder(lists: StoredFrame[][]): StoredFrame[] {
  return lists.flat().sort((a, b) => a.ts - b.ts || a.origin - b.origin);
}

/** A CaptureSource over stored frames (frame.index = position in the list). */
export function memorySource(name: string, frames: StoredFrame[]): CaptureSource {
  let stopped = false;
  return {
    name,
    stop() {
      stopped = true;
    },
    async run(onFrame: (f: Frame) => void) {
      const stats = emptyStats();
      const fr: Frame = {
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
      for (let i = 0; i < frames.length && !stopped; i++) {
        const s = frames[i];
        fr.index = i;
        fr.tsSec = Math.floor(s.ts);
        fr.tsNsec = Math.min(999_999_999, Math.round((s.ts - fr.tsSec) * 1e9));
        fr.capLen = s.data.length;
        fr.wireLen = s.wireLen;
        fr.linkType = s.linkType;
        fr.data = s.data;
        onFrame(fr);
        stats.framesRead++;
        stats.bytesRead += s.data.length;
      }
      return stats;
    },
  };
}
