/**
 * Corrupted captures never crash or hang the readers: every run either resolves (with skipped records
 * counted) or rejects with a VigilError that names the input and a byte offset.
 */
import { describe, expect, it } from "vitest";
import { isVigilError } from "../errors.js";
import { pcapBytes } from "./pcap-writer.js";
import { PcapngBuilder } from "./pcapng-builder.js";
import { readBytes } from "./read-helpers.test-util.js";
import { buildEthernetFrame } from "./synth.js";

const frames = Array.from({ length: 12 }, (_, i) =>
  buildEthernetFrame({
    src: "10.0.0.1",
    dst: "10.0.0.2",
    proto: "udp",
    srcPort: i,
    dstPort: 2,
    payload: i * 9,
  }),
);
const pcap = pcapBytes(frames.map((data, i) => ({ tsSec: i, data })));
const ng = (() => {
  const b = new PcapngBuilder().shb().idb(1, 0, 9).idb(101, 0);
  frames.forEach((f, i) => {
    b.epb(i % 2, BigInt(i) * 1000n, i % 2 ? f.subarray(14) : f);
  });
  return b.spb(frames[0]).bytes();
})();

function corrupt(src: Uint8Array, seed: number): Uint8Array {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s;
  };
  const out = src.slice(0, rnd() % 4 === 0 ? rnd() % src.length : src.length);
  const flips = 1 + (rnd() % 4);
  for (let k = 0; k < flips && out.length > 0; k++) out[rnd() % out.length] = rnd() & 255;
  return out;
}

describe("reader fuzz", () => {
  for (const [name, bytes] of [
    ["pcap", pcap],
    ["pcapng", ng],
  ] as const) {
    it(`${name}: 400 corrupted inputs resolve or reject with a VigilError carrying a byte offset`, async () => {
      let rejected = 0;
      let resolved = 0;
      for (let i = 0; i < 400; i++) {
        const input = corrupt(bytes, i + 1);
        try {
          const r = await readBytes(input, 1 + (i % 97));
          expect(r.stats.framesRead).toBe(r.frames.length);
          resolved++;
        } catch (e) {
          expect(isVigilError(e)).toBe(true);
          if (isVigilError(e)) {
            expect(e.context.file).toBe("-");
            expect(typeof e.context.byteOffset).toBe("number");
          }
          rejected++;
        }
      }
      expect(resolved + rejected).toBe(400);
      expect(resolved).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(0);
    });
  }
});
