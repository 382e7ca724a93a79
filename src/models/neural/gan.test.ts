import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { createModel, loadModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { TabularGan } from "./gan.js";

// Two classes far apart: class 0 around (-2, 0), class 1 around (2, 3), sd 0.5.
const rng = new Rng(4);
const rows = 400;
const data = new Float32Array(rows * 2);
const y = new Int32Array(rows);
for (let i = 0; i < rows; i++) {
  y[i] = i % 2;
  data[i * 2] = (y[i] === 0 ? -2 : 2) + 0.5 * rng.normal();
  data[i * 2 + 1] = (y[i] === 0 ? 0 : 3) + 0.5 * rng.normal();
}
const X = { rows, cols: 2, data };

function colMeans(m: { rows: number; cols: number; data: Float32Array }): number[] {
  const out = new Array(m.cols).fill(0);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j] += m.data[i * m.cols + j] / m.rows;
  return out;
}

describe("TabularGan", () => {
  const gan = new TabularGan({
    hiddenLayers: [32, 32],
    epochs: 120,
    batchSize: 32,
    learningRate: 2e-3,
    seed: 1,
  }).fit(X, y);

  it("samples each class near that class's distribution", () => {
    for (const [c, mx, my] of [
      [0, -2, 0],
      [1, 2, 3],
    ]) {
      const s = gan.sample(500, c, 11);
      expect(s.rows).toBe(500);
      const m = colMeans(s);
      expect(Math.abs(m[0] - mx)).toBeLessThan(0.6);
      expect(Math.abs(m[1] - my)).toBeLessThan(0.6);
    }
  });

  it("is seeded: same seed, same rows; another seed, other rows", () => {
    expect(Array.from(gan.sample(5, 1, 3).data)).toEqual(Array.from(gan.sample(5, 1, 3).data));
    expect(Array.from(gan.sample(5, 1, 4).data)).not.toEqual(Array.from(gan.sample(5, 1, 3).data));
  });

  it("is built by the registry the way the augmentation helper builds it, and round-trips", () => {
    const m = createModel<TabularGan>("tabular-gan", { seed: 2, epochs: 1 });
    expect(m.fitted).toBe(false);
    const back = loadModel<TabularGan>(JSON.stringify(gan.toArtifact()));
    expect(Array.from(back.sample(4, 0, 9).data)).toEqual(Array.from(gan.sample(4, 0, 9).data));
  });

  it("rejects bad requests", () => {
    expect(() => gan.sample(3, 5)).toThrow(VigilError);
    expect(() => gan.sample(-1, 0)).toThrow(VigilError);
    expect(() => new TabularGan().sample(1, 0)).toThrow(VigilError);
    expect(() => new TabularGan().fit(X, y.slice(0, 3))).toThrow(VigilError);
  });
});
