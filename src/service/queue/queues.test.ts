import { describe, expect, it } from "vitest";
import type { Frame } from "../../capture/source.js";
import { BoundedQueue } from "./bounded-queue.js";
import { FrameRing } from "./frame-ring.js";

function frame(i: number, len: number): Frame {
  const data = new Uint8Array(len).fill(i & 0xff);
  return {
    index: i,
    byteOffset: 0,
    tsSec: 1000 + i,
    tsNsec: i,
    capLen: len,
    wireLen: len + 4,
    linkType: 1,
    interfaceId: 0,
    data,
  };
}

describe("BoundedQueue", () => {
  it("never holds more than its capacity and counts refusals", async () => {
    const q = new BoundedQueue<number>("t", 3);
    expect([1, 2, 3, 4].map((x) => q.offer(x))).toEqual([true, true, true, false]);
    expect(q.dropped).toBe(1);
    const put = q.put(5); // waits for room
    expect(q.poll()).toBe(1);
    await put;
    expect([q.poll(), q.poll(), q.poll(), q.poll()]).toEqual([2, 3, 5, undefined]);
    q.offer(9);
    q.close();
    expect(await q.take()).toBe(9);
    expect(await q.take()).toBeUndefined();
    expect(q.highWater).toBe(3);
  });
});

describe("FrameRing", () => {
  it("hands frames out in order with their bytes, wrapping around the slab", async () => {
    const ring = new FrameRing(1000, 300, 16);
    const seen: number[] = [];
    const consumer = ring.consumer("t");
    const done = consumer.run((f) => {
      expect(f.capLen).toBe(90 + (f.index % 7));
      expect(f.data.every((b) => b === (f.index & 0xff))).toBe(true);
      expect(f.tsSec).toBe(1000 + f.index);
      seen.push(f.index);
    });
    let i = 0;
    while (i < 200) {
      await ring.waitForRoom();
      // Producer: a "chunk" of 3 frames whenever there is room for one.
      for (let k = 0; k < 3 && i < 200; k++, i++) expect(ring.push(frame(i, 90 + (i % 7)), i, 0)).toBe(true);
      await new Promise((r) => setImmediate(r));
    }
    ring.end();
    await done;
    expect(seen).toEqual(Array.from({ length: 200 }, (_, k) => k));
    expect(ring.framesDropped).toBe(0);
    expect(ring.usedBytes).toBe(0);
  });

  it("drops (and counts) a frame that does not fit instead of growing", () => {
    const ring = new FrameRing(500, 100, 8);
    let ok = 0;
    for (let i = 0; i < 10; i++) if (ring.push(frame(i, 120), i, 0)) ok++;
    expect(ok).toBe(4);
    expect(ring.framesDropped).toBe(6);
    expect(ring.usedBytes).toBeLessThanOrEqual(500);
  });
});
