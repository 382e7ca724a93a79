/**
 * The shared suite every byte-stream CaptureSource passes (DESIGN.md convention 2): given the frames
 * and times a capture should hold, `open` returns a source over them (in its own format and
 * transport), and the suite checks order, numbering, offsets, contents, stats and stop().
 */
import { describe, expect, it } from "vitest";
import type { CaptureSource, Frame } from "./source.js";
import { buildArpFrame, buildEthernetFrame } from "./synth.js";

/** What a source under test must deliver. */
export interface ConformanceCapture {
  frames: Uint8Array[];
  /** [seconds, nanoseconds] per frame (microsecond-exact, so every format can store it). */
  times: Array<[number, number]>;
}

function makeCapture(n: number): ConformanceCapture {
  const frames: Uint8Array[] = [];
  const times: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    frames.push(
      i % 9 === 8
        ? buildArpFrame({
            op: 1,
            senderMac: "02:00:00:00:00:01",
            senderIp: "10.0.0.1",
            targetMac: "00:00:00:00:00:00",
            targetIp: "10.0.0.9",
          })
        : buildEthernetFrame({
            src: "10.0.0.1",
            dst: "10.0.0.2",
            proto: i % 2 ? "udp" : "tcp",
            srcPort: i,
            dstPort: 80,
            payload: (i * 13) % 300,
          }),
    );
    times.push([1_700_000_000 + Math.floor(i / 3), ((i * 333_333) % 1_000_000) * 1000]);
  }
  return { frames, times };
}

export function describeCaptureSource(name: string, open: (c: ConformanceCapture) => CaptureSource): void {
  describe(`CaptureSource conformance: ${name}`, () => {
    it("delivers every frame in order with consecutive indices, increasing offsets and exact contents", async () => {
      const c = makeCapture(300);
      const got: Frame[] = [];
      const stats = await open(c).run((f) => {
        got.push({ ...f, data: Uint8Array.from(f.data) });
      });
      expect(stats.framesRead).toBe(c.frames.length);
      expect([stats.framesSkipped, stats.warnings, stats.kernelReceived, stats.kernelDropped]).toEqual([
        0,
        [],
        -1,
        -1,
      ]);
      expect(stats.bytesRead).toBeGreaterThan(0);
      for (let i = 0; i < got.length; i++) {
        const f = got[i];
        expect(f.index).toBe(i);
        if (i > 0) expect(f.byteOffset).toBeGreaterThan(got[i - 1].byteOffset);
        expect([f.tsSec, f.tsNsec]).toEqual(c.times[i]);
        expect([f.capLen, f.wireLen, f.linkType]).toEqual([c.frames[i].length, c.frames[i].length, 1]);
        expect(f.data).toEqual(c.frames[i]);
      }
    });

    it("delivers an empty capture as zero frames", async () => {
      const stats = await open({ frames: [], times: [] }).run(() => {
        throw new Error("no frame expected");
      });
      expect([stats.framesRead, stats.framesSkipped]).toEqual([0, 0]);
    });

    it("stop() from inside onFrame ends the run with consistent stats", async () => {
      const c = makeCapture(20_000);
      const src = open(c);
      let n = 0;
      const stats = await src.run(() => {
        if (++n === 10) src.stop();
      });
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThan(c.frames.length);
      expect(stats.framesRead).toBe(n);
    });
  });
}
