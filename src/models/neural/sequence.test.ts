import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { makeBlobs } from "../conformance.js";
import { loadModel } from "../registry.js";
import { Cnn1dClassifier } from "./cnn1d.js";
import { GruClassifier, LstmClassifier } from "./recurrent.js";
import { sequenceShape } from "./sequence.js";
import { SignedLog1p } from "./signed-log.js";
import { sleb, uleb } from "./wasm/emit.js";

describe("sequence shapes", () => {
  it("reads a row as steps x channels", () => {
    expect(sequenceShape("k", 12, undefined, undefined)).toEqual({ steps: 12, channels: 1 });
    expect(sequenceShape("k", 12, 4, undefined)).toEqual({ steps: 4, channels: 3 });
    expect(sequenceShape("k", 12, undefined, 2)).toEqual({ steps: 6, channels: 2 });
    expect(() => sequenceShape("k", 12, 5, undefined)).toThrow(VigilError);
    expect(() => sequenceShape("k", 12, 3, 3)).toThrow(VigilError);
  });

  it("a sequence model rejects rows that do not fit its declared shape (E_SCHEMA)", () => {
    const { X, y } = makeBlobs({ rows: 30, cols: 6, classes: 2 });
    for (const m of [
      new Cnn1dClassifier({ seqLen: 4 }),
      new LstmClassifier({ seqLen: 4 }),
      new GruClassifier({ inputSize: 4 }),
    ]) {
      try {
        m.fit(X, y);
        expect.unreachable();
      } catch (e) {
        expect((e as VigilError).code).toBe("E_SCHEMA");
      }
    }
  });

  it("a packet-sequence shaped LSTM (3 steps x 2 values) learns the blobs", () => {
    const { X, y } = makeBlobs({ rows: 300, cols: 6, classes: 2, seed: 4 });
    const m = new LstmClassifier({
      seqLen: 3,
      inputSize: 2,
      hiddenSize: 8,
      epochs: 20,
      learningRate: 0.02,
      batchSize: 32,
    }).fit(X, y);
    let ok = 0;
    const p = m.predict(X);
    for (let i = 0; i < p.length; i++) if (p[i] === y[i]) ok++;
    expect(ok / p.length).toBeGreaterThan(0.9);
  });
});

describe("signed-log1p", () => {
  it("compresses magnitudes symmetrically, keeps NaN, round-trips", () => {
    const X = { rows: 1, cols: 4, data: Float32Array.from([0, 1e6, -1e6, Number.NaN]) };
    const t = new SignedLog1p().fit(X);
    const out = t.transform(X).data;
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(Math.log1p(1e6), 4);
    expect(out[2]).toBeCloseTo(-Math.log1p(1e6), 4);
    expect(Number.isNaN(out[3])).toBe(true);
    const back = loadModel<SignedLog1p>(t.toArtifact());
    expect(Array.from(back.transform(X).data.slice(0, 3))).toEqual(Array.from(out.slice(0, 3)));
    expect(() => t.transform({ rows: 1, cols: 3, data: new Float32Array(3) })).toThrow(VigilError);
  });
});

describe("wasm emitter LEB128", () => {
  it("encodes unsigned and signed values as the spec's examples", () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0)).toEqual([0]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
  });
});
