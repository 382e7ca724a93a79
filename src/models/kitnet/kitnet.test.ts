import { describe, expect, it } from "vitest";
import { KitNET } from "./kitnet.js";

/** Deterministic correlated vectors: 12 features from 3 latent signals, plus optional anomalies. */
function makeStream(n: number, seed = 7): Float64Array[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const a = rnd();
    const b = rnd();
    const c = rnd();
    const x = new Float64Array(12);
    for (let k = 0; k < 4; k++) {
      x[k] = a * (k + 1) + 0.01 * rnd();
      x[4 + k] = b * (k + 2) + 0.01 * rnd();
      x[8 + k] = c + 0.01 * rnd();
    }
    out.push(x);
  }
  return out;
}

describe("KitNET", () => {
  it("goes FM -> AD -> EXEC, returns 0 through both grace periods and counts packets left", () => {
    const net = new KitNET({ nFeatures: 12, maxAE: 4, fmGrace: 50, adGrace: 200 });
    const xs = makeStream(400);
    expect(net.phase).toBe("FM");
    expect(net.packetsLeftInPhase).toBe(51);
    for (let i = 0; i < 251; i++) {
      const ph = net.phase;
      expect(ph).toBe(i <= 50 ? "FM" : "AD");
      expect(net.process(xs[i])).toBe(0);
    }
    expect(net.phase).toBe("EXEC");
    expect(net.packetsLeftInPhase).toBe(0);
    const score = net.process(xs[251]);
    expect(score).toBeGreaterThan(0);
    const map = net.featureMap!;
    expect(map.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    for (const g of map) expect(g.length).toBeLessThanOrEqual(4);
  });

  it("groups correlated features together", () => {
    const net = new KitNET({ nFeatures: 12, maxAE: 4, fmGrace: 300, adGrace: 10 });
    for (const x of makeStream(301)) net.process(x);
    const groups = net.featureMap!.map((g) => [...g].sort((a, b) => a - b));
    expect(groups).toContainEqual([0, 1, 2, 3]);
    expect(groups).toContainEqual([4, 5, 6, 7]);
  });

  it("scores an out-of-pattern vector higher than normal ones, and explains it", () => {
    const net = new KitNET({ nFeatures: 12, maxAE: 4, fmGrace: 300, adGrace: 3000 });
    const xs = makeStream(3400);
    for (let i = 0; i < 3301; i++) net.process(xs[i]);
    let normal = 0;
    for (let i = 3301; i < 3400; i++) normal = Math.max(normal, net.process(xs[i]));
    const odd = Float64Array.from(xs[3399]);
    odd[5] = 40; // far outside what feature 5 did in training
    const e = net.explain(odd, 1, 2);
    expect(e.score).toBeGreaterThan(2 * normal);
    expect(e.autoencoderRmse.length).toBe(net.featureMap!.length);
    const ae = e.worst[0].autoencoder;
    expect(net.featureMap![ae]).toContain(5);
    expect(e.worst[0].features[0].feature).toBe(5);
    expect(net.counts.executed).toBe(99); // explain does not count as scoring
    // Explaining the last scored vector in place gives the same answer without scoring it again.
    const score = net.execute(odd);
    const again = net.explainLastExecuted(1, 2);
    expect(again.score).toBeCloseTo(score, 12);
    expect(again.worst).toEqual(e.worst);
    expect(net.counts.executed).toBe(100);
  });

  it("saves and loads: the loaded detector scores identically (EXEC, and mid-training)", () => {
    const xs = makeStream(600);
    const a = new KitNET({ nFeatures: 12, maxAE: 5, fmGrace: 100, adGrace: 300 });
    for (let i = 0; i < 250; i++) a.process(xs[i]); // in AD
    const midJson = JSON.stringify(a.toArtifact());
    const b = KitNET.fromArtifact(JSON.parse(midJson));
    expect(b.phase).toBe("AD");
    for (let i = 250; i < 600; i++) expect(b.process(xs[i])).toBe(a.process(xs[i]));
    const c = KitNET.fromArtifact(JSON.parse(JSON.stringify(a.toArtifact())));
    expect(c.phase).toBe("EXEC");
    for (let i = 0; i < 50; i++) expect(c.execute(xs[i])).toBe(a.execute(xs[i]));
    // an artifact saved while still learning the feature map resumes it
    const d = new KitNET({ nFeatures: 12, fmGrace: 100, adGrace: 10 });
    for (let i = 0; i < 60; i++) d.process(xs[i]);
    const e = KitNET.fromArtifact(JSON.parse(JSON.stringify(d.toArtifact())));
    for (let i = 60; i < 200; i++) expect(e.process(xs[i])).toBe(d.process(xs[i]));
    expect(e.featureMap).toEqual(d.featureMap);
  });

  it("rejects wrong artifacts, bad params and short vectors with typed errors", () => {
    const a = new KitNET({ nFeatures: 3, fmGrace: 1, adGrace: 1 }).toArtifact();
    expect(() => KitNET.fromArtifact({ ...a, version: 99 })).toThrow(/version/);
    expect(() => KitNET.fromArtifact({ ...a, kind: "forest" })).toThrow(/not a KitNET/);
    expect(() => new KitNET({ nFeatures: 0 })).toThrow(/nFeatures/);
    expect(() => new KitNET({ nFeatures: 3, featureMap: [[0, 7]] })).toThrow(/outside/);
    expect(() => new KitNET({ nFeatures: 3 }).process(new Float64Array(2))).toThrow(/expects 3/);
    expect(() => new KitNET({ nFeatures: 3 }).execute(new Float64Array(3))).toThrow(/not fitted/);
  });

  it("uses a given feature map without a mapping phase", () => {
    const net = new KitNET({
      nFeatures: 4,
      featureMap: [
        [0, 1],
        [2, 3],
      ],
      fmGrace: 5,
      adGrace: 5,
    });
    expect(net.phase).toBe("AD");
    expect(net.featureMap).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});
