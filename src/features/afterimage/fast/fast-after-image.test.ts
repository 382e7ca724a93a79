import { describe, expect, it } from "vitest";
import { Packet } from "../../../decode/packet.js";
import { AfterImage } from "../after-image.js";
import { LAMBDAS } from "../lambdas.js";
import { afterImageFeatureNames } from "../names.js";

function udp(
  p: Packet,
  t: number,
  src: number,
  dst: number,
  sport: number,
  dport: number,
  len: number,
): Packet {
  p.reset();
  p.ts = t;
  p.tsSec = Math.floor(t);
  p.tsNsec = Math.round((t - Math.floor(t)) * 1e9);
  p.wireLen = len;
  p.hasMac = true;
  p.srcMac = 0x020000000000 + (src & 0xffff);
  p.dstMac = 0x020000000000 + (dst & 0xffff);
  p.etherType = 0x0800;
  p.ipVersion = 4;
  p.src4 = src;
  p.dst4 = dst;
  p.ipProto = 17;
  p.srcPort = sport;
  p.dstPort = dport;
  return p;
}

/** Damped weight, mean and std computed from scratch at time `now`. */
function direct(events: { t: number; v: number }[], lambda: number, now: number): [number, number, number] {
  let w = 0;
  let s1 = 0;
  let s2 = 0;
  for (const e of events) {
    const f = 2 ** (-lambda * (now - e.t));
    w += f;
    s1 += f * e.v;
    s2 += f * e.v * e.v;
  }
  const mean = s1 / w;
  return [w, mean, Math.sqrt(Math.max(0, s2 / w - mean * mean))];
}

const names = afterImageFeatureNames(100);
const col = (n: string) => names.indexOf(n);

describe("AfterImage default mode", () => {
  it("1-D statistics equal damped sums computed from scratch (MI, HH source, jitter)", () => {
    const ai = new AfterImage();
    const out = new Float64Array(100);
    const p = new Packet();
    const A = 0x0a000001;
    const B = 0x0a000002;
    const sends = [
      { t: 10, v: 100 },
      { t: 10.5, v: 200 },
      { t: 10.5, v: 50 },
      { t: 12, v: 400 },
      { t: 12.25, v: 60 },
    ];
    const jitters: { t: number; v: number }[] = [];
    let last = -1;
    for (const e of sends) {
      ai.update(udp(p, e.t, A, B, 5000, 53, e.v), out);
      jitters.push({ t: e.t, v: last < 0 ? 0 : e.t - last });
      last = e.t;
    }
    const now = 12.25;
    LAMBDAS.forEach((l, i) => {
      const lt = ["5", "3", "1", "0.1", "0.01"][i];
      const [w, m, sd] = direct(sends, l, now);
      expect(out[col(`MI_dir_${lt}_weight`)]).toBeCloseTo(w, 12);
      expect(out[col(`MI_dir_${lt}_mean`)] / m).toBeCloseTo(1, 12);
      expect(out[col(`MI_dir_${lt}_std`)]).toBeCloseTo(sd, 8);
      expect(out[col(`HH_${lt}_weight_0`)]).toBeCloseTo(w, 12);
      expect(out[col(`HpHp_${lt}_mean_0`)] / m).toBeCloseTo(1, 12);
      const [jw, jm, jsd] = direct(jitters, l, now);
      expect(out[col(`HH_jit_${lt}_weight`)]).toBeCloseTo(jw, 12);
      expect(out[col(`HH_jit_${lt}_mean`)]).toBeCloseTo(jm, 12);
      expect(out[col(`HH_jit_${lt}_std`)]).toBeCloseTo(jsd, 10);
    });
  });

  it("2-D radius and magnitude combine both hosts' statistics; pcc stays 0 when a side is constant", () => {
    const ai = new AfterImage();
    const out = new Float64Array(100);
    const p = new Packet();
    const A = 0x0a000001;
    const B = 0x0a000002;
    const aSends = [
      { t: 1, v: 100 },
      { t: 1.2, v: 300 },
    ];
    ai.update(udp(p, 1, A, B, 1, 2, 100), out);
    ai.update(udp(p, 1.1, B, A, 2, 1, 70), out);
    ai.update(udp(p, 1.2, A, B, 1, 2, 300), out);
    for (const [i, l] of LAMBDAS.entries()) {
      const lt = ["5", "3", "1", "0.1", "0.01"][i];
      const [, ma, sa] = direct(aSends, l, 1.2);
      const [, mb, sb] = direct([{ t: 1.1, v: 70 }], l, 1.2);
      expect(out[col(`HH_${lt}_magnitude_0_1`)]).toBeCloseTo(Math.sqrt(ma * ma + mb * mb), 9);
      expect(out[col(`HH_${lt}_radius_0_1`)]).toBeCloseTo(Math.sqrt(sa ** 4 + sb ** 4), 6);
      expect(out[col(`HH_${lt}_pcc_0_1`)]).toBe(0); // B's variance is 0
    }
  });

  it("keeps state bounded while one host scans 100,000 destinations", () => {
    const maxStreams = 5_000;
    const ai = new AfterImage({ maxStreams, idleTimeoutS: 600 });
    const out = new Float64Array(100);
    const p = new Packet();
    const scanner = 0xc0a80164;
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      ai.update(udp(p, 1000 + i * 1e-3, scanner, 0x0b000000 + i, 40000, 23, 60), out);
      largest = Math.max(largest, ai.largestTable());
    }
    expect(largest).toBe(maxStreams);
    const s = ai.stats();
    expect(s.evictedByCount).toBeGreaterThan(100_000); // hosts, pairs, sockets, links each overflowed
    expect(s.streamsAlive).toBeLessThanOrEqual(6 * maxStreams);
    expect(s.stateBytes).toBeLessThan(maxStreams * 6 * 400); // < 400 bytes per entry at the bound
    for (let c = 0; c < 100; c++) expect(Number.isFinite(out[c])).toBe(true);
    // the scanner's own stream survived (it is used every packet)
    expect(out[col("HH_0.01_weight_0")]).toBeGreaterThan(50);
  });

  it("evicts state idle for longer than idleTimeoutS", () => {
    const ai = new AfterImage({ idleTimeoutS: 60 });
    const out = new Float64Array(100);
    const p = new Packet();
    for (let i = 0; i < 50; i++) ai.update(udp(p, i, 0x0a000001, 0x0a000100 + i, 1, 2, 60), out);
    const before = ai.stats().streamsAlive;
    ai.update(udp(p, 1000, 0x0a000009, 0x0a000010, 1, 2, 60), out);
    const after = ai.stats();
    expect(after.evictedIdle).toBeGreaterThanOrEqual(before);
    expect(after.streamsAlive).toBeLessThan(10);
  });

  it("does not merge endpoints whose text keys collide in compat mode", () => {
    // Kitsune's socket key "10.0.0.1" + "10" equals "10.0.0.11" + "0"
    const p = new Packet();
    const run = (mode: "compat" | "default") => {
      const ai = new AfterImage({ mode });
      const out = new Float64Array(100);
      ai.update(udp(p, 1, 0x0a000001, 0x0a000063, 10, 80, 100), out);
      ai.update(udp(p, 1.5, 0x0a00000b, 0x0a000063, 0, 80, 100), out);
      return out[col("HpHp_0.01_weight_0")];
    };
    expect(run("compat")).toBeGreaterThan(1.9); // one shared stream, two packets
    expect(run("default")).toBeCloseTo(1, 12); // two sockets, one packet each
  });

  it("writes the 115-feature variant with Kitsune-style names", () => {
    const ai = new AfterImage({ variant: 115 });
    expect(ai.nFeatures).toBe(115);
    const n = ai.featureNames();
    expect(n.length).toBe(115);
    expect(n.slice(15, 18)).toEqual(["H_5_weight", "H_5_mean", "H_5_std"]);
    const out = new Float64Array(115);
    const p = new Packet();
    ai.update(udp(p, 1, 1, 2, 3, 4, 100), out);
    ai.update(udp(p, 2, 1, 5, 3, 4, 300), out);
    expect(out[n.indexOf("H_0.01_weight")]).toBeGreaterThan(1.9); // host stream: both packets
    expect(out[n.indexOf("HH_0.01_weight_0")]).toBeCloseTo(1, 12); // channel 1->5: one packet
  });

  it("rejects bad parameters with E_CONFIG", () => {
    expect(() => new AfterImage({ maxStreams: 1 })).toThrow(/maxStreams/);
    expect(() => new AfterImage({ variant: 99 as 100 })).toThrow(/variant/);
    expect(() => new AfterImage({ idleTimeoutS: 0 })).toThrow(/idleTimeoutS/);
  });
});
