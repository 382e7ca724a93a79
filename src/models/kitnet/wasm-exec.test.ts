import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { KitNET } from "./kitnet.js";
import { KITNET_EXEC_WASM_BASE64 } from "./wasm/kitnet-exec-bytes.js";

const here = dirname(fileURLToPath(import.meta.url));

/** 20 features from 4 latent signals with noise, and some far-off vectors (anomalies) after training. */
function stream(n: number, seed: number): Float64Array[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const lat = [rnd(), rnd() * 100, rnd() * 1e4, rnd()];
    const x = new Float64Array(20);
    for (let k = 0; k < 20; k++) x[k] = lat[k % 4] * (1 + (k >> 2)) + 0.05 * rnd();
    if (i > 900 && i % 17 === 0) for (let k = 0; k < 20; k += 3) x[k] *= 40;
    out.push(x);
  }
  return out;
}

function trained(scoring: "wasm" | "js", xs: Float64Array[]): KitNET {
  const net = new KitNET({ nFeatures: 20, maxAE: 5, fmGrace: 100, adGrace: 600, scoring });
  for (let i = 0; i <= 700; i++) net.train(xs[i]);
  return net;
}

describe("KitNET WebAssembly scoring (default mode)", () => {
  it("the committed bytes are the compiled kitnet-exec.wat", async () => {
    const wabt = await wabtInit();
    const wat = readFileSync(join(here, "wasm", "kitnet-exec.wat"), "utf8");
    const mod = wabt.parseWat("kitnet-exec.wat", wat, { simd: true });
    mod.validate();
    const bytes = Buffer.from(mod.toBinary({}).buffer);
    expect(bytes.toString("base64")).toBe(KITNET_EXEC_WASM_BASE64);
  });

  it("scores, per-autoencoder RMSEs and explanations equal the JavaScript path within 1e-12", () => {
    const xs = stream(1500, 3);
    const w = trained("wasm", xs);
    const j = trained("js", xs);
    let maxRel = 0;
    let anomalies = 0;
    for (let i = 701; i < xs.length; i++) {
      const a = w.execute(xs[i]);
      const b = j.execute(xs[i]);
      expect(Number.isFinite(a)).toBe(true);
      maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
      if (i % 17 === 0) {
        anomalies++;
        const ea = w.explainLastExecuted(3, 3);
        const eb = j.explainLastExecuted(3, 3);
        expect(ea.worst.map((x) => x.autoencoder)).toEqual(eb.worst.map((x) => x.autoencoder));
        expect(ea.worst[0].features.map((f) => f.feature)).toEqual(
          eb.worst[0].features.map((f) => f.feature),
        );
        expect(ea.score).toBeCloseTo(eb.score, 10);
        for (let k = 0; k < ea.autoencoderRmse.length; k++) {
          expect(ea.autoencoderRmse[k]).toBeCloseTo(eb.autoencoderRmse[k], 12);
        }
      }
    }
    expect(anomalies).toBeGreaterThan(10);
    expect(maxRel).toBeLessThan(1e-12);
  });

  it("drops its frozen weights when training resumes, so it never scores with stale ones", () => {
    const xs = stream(1200, 5);
    const w = trained("wasm", xs);
    const j = trained("js", xs);
    w.execute(xs[750]);
    j.execute(xs[750]);
    // keep learning on both (train() is allowed after EXEC: a gateway may retrain), then score again
    for (let i = 751; i < 900; i++) {
      w.train(xs[i]);
      j.train(xs[i]);
    }
    const a = w.execute(xs[1000]);
    const b = j.execute(xs[1000]);
    expect(Math.abs(a - b) / b).toBeLessThan(1e-12);
  });

  it("survives save and load and still agrees", () => {
    const xs = stream(1000, 9);
    const w = trained("wasm", xs);
    const loaded = KitNET.fromArtifact(JSON.parse(JSON.stringify(w.toArtifact())));
    for (let i = 701; i < 800; i++) expect(loaded.execute(xs[i])).toBe(w.execute(xs[i]));
  });

  it("rejects an unknown scoring engine", () => {
    expect(() => new KitNET({ nFeatures: 4, scoring: "gpu" as "js" })).toThrow(/scoring/);
  });
});
