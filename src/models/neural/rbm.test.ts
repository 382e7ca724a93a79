import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { makeBlobs } from "../conformance.js";
import { loadModel } from "../registry.js";
import { DbnClassifier } from "./dbn.js";
import { RbmTransformer } from "./rbm.js";

const { X, y } = makeBlobs({ rows: 400, cols: 6, classes: 2, seed: 8 });

describe("RBM transformer", () => {
  const m = new RbmTransformer({ nComponents: 8, epochs: 15, learningRate: 0.5, batchSize: 10, seed: 3 }).fit(
    X,
  );

  it("contrastive divergence lowers the reconstruction error", () => {
    const e = m.reconstructionError;
    expect(e[e.length - 1]).toBeLessThan(e[0]);
  });

  it("transform gives hidden probabilities in (0, 1) that separate the blobs", () => {
    const h = m.transform(X);
    expect(h.cols).toBe(8);
    for (const v of h.data) expect(v > 0 && v < 1).toBe(true);
    // Some hidden unit's mean activation differs clearly between the two classes.
    let best = 0;
    for (let j = 0; j < 8; j++) {
      const mean = [0, 0];
      for (let r = 0; r < X.rows; r++) mean[y[r]] += h.data[r * 8 + j] / (X.rows / 2);
      best = Math.max(best, Math.abs(mean[0] - mean[1]));
    }
    expect(best).toBeGreaterThan(0.3);
  });

  it("round-trips through its artifact; rejects the wrong width", () => {
    const back = loadModel<RbmTransformer>(JSON.stringify(m.toArtifact()));
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(m.transform(X).data));
    expect(() => m.transform({ rows: 1, cols: 5, data: new Float32Array(5) })).toThrow(VigilError);
  });
});

describe("DBN pretraining", () => {
  it("initialises the MLP from the RBM stack (the first layer folds the min-max scaling)", () => {
    const m = new DbnClassifier({ hiddenLayers: [8, 4], pretrainEpochs: 4, epochs: 1, seed: 2 });
    m.fit(X, y);
    expect(m.pretrainError.length).toBe(2);
    expect(m.pretrainError[0][3]).toBeLessThan(m.pretrainError[0][0]);
  });
});
