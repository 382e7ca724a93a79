import { describe, expect, it } from "vitest";
import type { Matrix } from "../../table/matrix.js";
import { loadModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { PcaDetector } from "./pca-detector.js";

describe("pca reconstruction-error detector", () => {
  // rows on the plane z = 0 (spread in x and y), plus tiny noise in z
  const rng = new Rng(1);
  const n = 400;
  const data = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = 5 * rng.normal();
    data[i * 3 + 1] = 3 * rng.normal();
    data[i * 3 + 2] = 0.01 * rng.normal();
  }
  const X: Matrix = { rows: n, cols: 3, data };

  it("keeps the plane and scores the squared distance to it", () => {
    const m = new PcaDetector({ nComponents: 2 }).fit(X);
    expect(m.nComponents).toBe(2);
    const q: Matrix = { rows: 2, cols: 3, data: Float32Array.from([3, -2, 0, 1, 1, 4]) };
    const s = m.score(q);
    expect(s[0]).toBeLessThan(1e-3);
    // the fitted plane is z ~ mean z (tiny tilt): distance ~ 4
    expect(s[1]).toBeCloseTo(16, 1);
  });

  it("a variance fraction keeps the fewest components reaching it; save/load keeps the scores", () => {
    const m = new PcaDetector({ nComponents: 0.9 }).fit(X);
    expect(m.nComponents).toBe(2);
    const back = loadModel<PcaDetector>(JSON.stringify(m.toArtifact()));
    expect(Array.from(back.score(X))).toEqual(Array.from(m.score(X)));
  });
});
