import { describe, expect, it } from "vitest";
import { runDetectorConformance } from "../conformance.js";
import { isDifferentiable } from "../differentiable.js";
import { Rng } from "../tree/random.js";
import { Autoencoder } from "./autoencoder.js";

runDetectorConformance(
  "autoencoder",
  () => new Autoencoder({ hiddenLayers: [8, 2], epochs: 30, batchSize: 64, learningRate: 0.01, seed: 1 }),
);

describe("Autoencoder", () => {
  const rng = new Rng(5);
  const rows = 400;
  const data = new Float32Array(rows * 3);
  // Points near a line in 3-D: a 1-unit bottleneck can reconstruct them.
  for (let i = 0; i < rows; i++) {
    const t = rng.normal();
    data[i * 3] = t;
    data[i * 3 + 1] = 2 * t + 0.05 * rng.normal();
    data[i * 3 + 2] = -t + 0.05 * rng.normal();
  }
  const X = { rows, cols: 3, data };
  const m = new Autoencoder({
    hiddenLayers: [8, 1],
    epochs: 60,
    batchSize: 32,
    learningRate: 0.01,
    seed: 2,
  }).fit(X);

  it("learns to reconstruct data on a 1-D manifold (training loss falls)", () => {
    const loss = m.lastTraining?.trainLoss ?? [];
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] * 0.2);
    const rec = m.reconstruct({ rows: 5, cols: 3, data: data.slice(0, 15) });
    for (let i = 0; i < 15; i++) expect(Math.abs(rec.data[i] - data[i])).toBeLessThan(0.5);
  });

  it("inputGradient is d score / d x (finite differences) and the model is Differentiable", () => {
    expect(isDifferentiable(m)).toBe(true);
    const P = { rows: 4, cols: 3, data: Float32Array.from([0.5, 0, 1, 1, 2, -1, -2, 1, 0, 0.3, 0.6, -0.3]) };
    const g = m.inputGradient(P);
    const eps = 1e-2;
    for (let i = 0; i < 12; i++) {
      const a = { ...P, data: P.data.slice() };
      const b = { ...P, data: P.data.slice() };
      a.data[i] += eps;
      b.data[i] -= eps;
      const r = Math.floor(i / 3);
      const num = (m.score(a)[r] - m.score(b)[r]) / (2 * eps);
      expect(Math.abs(g.data[i] - num)).toBeLessThan(2e-3 + 0.03 * Math.abs(num));
    }
    expect(Array.from(m.lossGradient(P).data)).toEqual(Array.from(g.data));
  });
});
