import { describe, expect, it } from "vitest";
import type { Matrix } from "../../table/matrix.js";
import type { Classifier } from "../base.js";
import { makeBlobs } from "../conformance.js";
import { Autoencoder } from "../neural/autoencoder.js";
import { Cnn1dClassifier } from "../neural/cnn1d.js";
import { DbnClassifier } from "../neural/dbn.js";
import { MLPClassifier } from "../neural/mlp.js";
import { GruClassifier, LstmClassifier } from "../neural/recurrent.js";
import { exportOnnx } from "./export.js";
import "./neural.js";
import { createOnnxSession } from "./runtime.js";

const { X, y } = makeBlobs({ rows: 240, cols: 8, classes: 3, seed: 6, spread: 2 });
const TOL = 1e-4;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function checkClassifier(m: Classifier, Xt: Matrix): Promise<void> {
  const s = await createOnnxSession(exportOnnx(m));
  try {
    const out = await s.run(Xt);
    const p = m.predictProba(Xt).data;
    expect(maxDiff(out.probabilities as Float32Array, p)).toBeLessThan(TOL);
    const label = Array.from(out.label as BigInt64Array, Number);
    expect(label).toEqual(Array.from(m.predict(Xt)));
  } finally {
    await s.release();
  }
}

describe("ONNX export of the neural models equals vigil through onnxruntime (within 1e-4)", () => {
  const fast = { epochs: 3, batchSize: 32, seed: 1 };
  it("mlp (relu, batch norm, dropout)", async () => {
    await checkClassifier(
      new MLPClassifier({ hiddenLayers: [16, 8], batchNorm: true, dropout: 0.2, ...fast }).fit(X, y),
      X,
    );
  });
  it("mlp (tanh) and dbn (sigmoid)", async () => {
    await checkClassifier(new MLPClassifier({ hiddenLayers: [6], activation: "tanh", ...fast }).fit(X, y), X);
    await checkClassifier(
      new DbnClassifier({ hiddenLayers: [8, 4], pretrainEpochs: 1, ...fast }).fit(X, y),
      X,
    );
  });
  it("cnn1d (one channel, and 4 steps x 2 channels)", async () => {
    await checkClassifier(
      new Cnn1dClassifier({ filters: [4, 3], hiddenLayers: [5], kernelSize: 2, ...fast }).fit(X, y),
      X,
    );
    await checkClassifier(
      new Cnn1dClassifier({ seqLen: 4, channels: 2, filters: [3], poolSize: 2, ...fast }).fit(X, y),
      X,
    );
  });
  it("lstm and gru (4 steps x 2 inputs)", async () => {
    await checkClassifier(
      new LstmClassifier({ seqLen: 4, inputSize: 2, hiddenSize: 5, ...fast }).fit(X, y),
      X,
    );
    await checkClassifier(
      new GruClassifier({ seqLen: 4, inputSize: 2, hiddenSize: 5, hiddenLayers: [4], ...fast }).fit(X, y),
      X,
    );
  });
  it("autoencoder score", async () => {
    const m = new Autoencoder({ hiddenLayers: [6, 3], ...fast }).fit(X);
    const s = await createOnnxSession(exportOnnx(m));
    try {
      const out = await s.run(X);
      const ref = m.score(X);
      expect(maxDiff(out.score as Float32Array, ref)).toBeLessThan(TOL);
    } finally {
      await s.release();
    }
  });
});
