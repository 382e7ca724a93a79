/**
 * The frame ring between capture and detection: captured bytes are copied into one preallocated slab
 * (no per-packet allocation) with per-slot metadata in typed arrays. The producer side is synchronous
 * (a capture's onFrame); `roomForChunk()` tells the producer whether to read its next chunk. The
 * consumer side is a CaptureSource, so the existing packet pipeline (runDetection) reads from it
 * unchanged. A frame that does not fit is dropped and counted (live capture under overload).
 */
import type { CaptureSource, CaptureStats, Frame } from "../../capture/source.js";
import { emptyStats } from "../../capture/source.js";

export class FrameRing {
  readonly slab: Uint8Array;
  private readonly slots: number;
  private readonly slotsPerChunk: number;
  private readonly off: Int32Array;
  /** Frame bytes, and bytes released when consumed (frame + any slab tail skipped before it). */
  private readonly len: Int32Array;
  private readonly rel: Int32Array;
  private readonly tsSec: Float64Array;
  private readonly tsNsec: Int32Array;
  private readonly wireLen: Int32Array;
  private readonly linkType: Int32Array;
  private readonly index: Float64Array;
  /** Wall time (ms, performance.now) the frame was read, for latency. */
  private readonly readMs: Float64Array;
  private head = 0;
  private count = 0;
  /** Next write position in the slab and the start of the oldest frame's bytes. */
  private writePos = 0;
  private ended = false;
  private waiter: (() => void) | null = null;
  private roomWaiter: (() => void) | null = null;
  framesIn = 0;
  framesDropped = 0;
  bytesIn = 0;
  highWaterBytes = 0;
  private bytesUsed = 0;

  constructor(
    readonly capacityBytes: number,
    /** Free bytes needed before the producer reads another chunk. */
    readonly chunkBytes: number,
    slots = Math.max(1024, Math.floor(capacityBytes / 64)),
  ) {
    this.slab = new Uint8Array(capacityBytes);
    this.slots = slots;
    // Slots one chunk may need (frames of 40 bytes or more), at most half the ring.
    this.slotsPerChunk = Math.max(1, Math.min(Math.floor(slots / 2), Math.ceil(chunkBytes / 40)));
    this.off = new Int32Array(slots);
    this.len = new Int32Array(slots);
    this.rel = new Int32Array(slots);
    this.tsSec = new Float64Array(slots);
    this.tsNsec = new Int32Array(slots);
    this.wireLen = new Int32Array(slots);
    this.linkType = new Int32Array(slots);
    this.index = new Float64Array(slots);
    this.readMs = new Float64Array(slots);
  }

  get length(): number {
    return this.count;
  }

  get usedBytes(): number {
    return this.bytesUsed;
  }

  /** True when a whole chunk of frames fits (the producer may read on). */
  roomForChunk(): boolean {
    return (
      this.capacityBytes - this.bytesUsed >= this.chunkBytes && this.slots - this.count >= this.slotsPerChunk
    );
  }

  /** Resolves when roomForChunk() is true or the ring ended. */
  waitForRoom(): Promise<void> {
    if (this.roomForChunk() || this.ended) return Promise.resolve();
    return new Promise((r) => {
      this.roomWaiter = r;
    });
  }

  /** Copies a frame in; false (and a counted drop) when it does not fit. */
  push(f: Frame, index: number, readMs: number): boolean {
    const n = f.data.length;
    if (this.count === this.slots || n > this.capacityBytes) {
      this.framesDropped++;
      return false;
    }
    let pos = this.writePos;
    let waste = 0;
    if (pos + n > this.capacityBytes) {
      waste = this.capacityBytes - pos;
      pos = 0;
    }
    if (this.bytesUsed + waste + n > this.capacityBytes) {
      this.framesDropped++;
      return false;
    }
    this.slab.set(f.data, pos);
    const s = (this.head + this.count) % this.slots;
    this.off[s] = pos;
    this.len[s] = n;
    this.rel[s] = n + waste;
    this.tsSec[s] = f.tsSec;
    this.tsNsec[s] = f.tsNsec;
    this.wireLen[s] = f.wireLen;
    this.linkType[s] = f.linkType;
    this.index[s] = index;
    this.readMs[s] = readMs;
    this.writePos = pos + n;
    this.bytesUsed += n + waste;
    if (this.bytesUsed > this.highWaterBytes) this.highWaterBytes = this.bytesUsed;
    this.count++;
    this.framesIn++;
    this.bytesIn += n;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w();
    }
    return true;
  }

  end(): void {
    this.ended = true;
    const w = this.waiter;
    this.waiter = null;
    w?.();
    const r = this.roomWaiter;
    this.roomWaiter = null;
    r?.();
  }

  /**
   * The consumer: a CaptureSource handing out ring frames in order. `beforeFrame` runs first for each
   * frame (it may wait: pacing, a full downstream queue) and returns the latency start time.
   */
  consumer(
    name: string,
    hooks: {
      beforeFrame?: (f: Frame, readMs: number) => Promise<number> | number;
      afterFrame?: (f: Frame, startMs: number) => void;
    } = {},
  ): CaptureSource {
    const ring = this;
    let stopped = false;
    return {
      name,
      stop() {
        stopped = true;
      },
      async run(onFrame: (frame: Frame) => void): Promise<CaptureStats> {
        const stats = emptyStats();
        const frame: Frame = {
          index: 0,
          byteOffset: 0,
          tsSec: 0,
          tsNsec: 0,
          capLen: 0,
          wireLen: 0,
          linkType: 1,
          interfaceId: 0,
          data: ring.slab.subarray(0, 0),
        };
        for (;;) {
          if (ring.count === 0) {
            if (ring.ended || stopped) break;
            await new Promise<void>((r) => {
              ring.waiter = r;
            });
            continue;
          }
          const s = ring.head;
          const off = ring.off[s];
          const n = ring.len[s];
          frame.index = ring.index[s];
          frame.tsSec = ring.tsSec[s];
          frame.tsNsec = ring.tsNsec[s];
          frame.wireLen = ring.wireLen[s];
          frame.linkType = ring.linkType[s];
          frame.data = ring.slab.subarray(off, off + n);
          frame.capLen = n;
          let start = ring.readMs[s];
          if (hooks.beforeFrame) {
            const r = hooks.beforeFrame(frame, start);
            start = typeof r === "number" ? r : await r;
          }
          onFrame(frame);
          hooks.afterFrame?.(frame, start);
          stats.framesRead++;
          stats.bytesRead += frame.capLen;
          ring.head = (s + 1) % ring.slots;
          ring.count--;
          ring.bytesUsed -= ring.rel[s];
          if (ring.roomWaiter !== null && ring.roomForChunk()) {
            const r = ring.roomWaiter;
            ring.roomWaiter = null;
            r();
          }
        }
        return stats;
      },
    };
  }
}
