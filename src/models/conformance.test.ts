/**
 * The detector suite run on a minimal detector defined here (distance from the training mean), so the
 * suite itself is exercised before a real detector uses it. Classifier suites run in each model's test.
 */
import { describe, expect, it } from "vitest";
import { NotFittedError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import { checkFeatures, type Detector, type ModelArtifact } from "./base.js";
import { makeBlobs, rankAuc, runDetectorConformance } from "./conformance.js";
import { checkArtifact, registerModel } from "./registry.js";

interface MeanParams {
  seed: number;
}

class MeanDistanceDetector implements Detector<MeanParams> {
  readonly kind = "test-mean-distance";
  private mean: Float64Array | null = null;
  constructor(private readonly params: MeanParams = { seed: 0 }) {}
  get fitted() {
    return this.mean !== null;
  }
  getParams() {
    return { ...this.params };
  }
  clone() {
    return new MeanDistanceDetector(this.getParams());
  }
  fit(X: Matrix) {
    const m = new Float64Array(X.cols);
    for (let r = 0; r < X.rows; r++) for (let c = 0; c < X.cols; c++) m[c] += X.data[r * X.cols + c] / X.rows;
    this.mean = m;
    return this;
  }
  score(X: Matrix) {
    if (this.mean === null) throw new NotFittedError(this.kind);
    checkFeatures(X, this.mean.length, this.kind);
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let s = 0;
      for (let c = 0; c < X.cols; c++) s += (X.data[r * X.cols + c] - this.mean[c]) ** 2;
      out[r] = Math.sqrt(s);
    }
    return out;
  }
  toArtifact(): ModelArtifact {
    if (this.mean === null) throw new NotFittedError(this.kind);
    return {
      format: "vigil-model",
      version: 1,
      kind: this.kind,
      params: { ...this.params },
      state: { mean: [...this.mean] },
    };
  }
  static fromArtifact(a: ModelArtifact) {
    checkArtifact(a, "test-mean-distance", [1]);
    const d = new MeanDistanceDetector(a.params as unknown as MeanParams);
    d.mean = Float64Array.from(a.state.mean as number[]);
    return d;
  }
}

registerModel({
  kind: "test-mean-distance",
  role: "detector",
  version: 1,
  create: (p) => new MeanDistanceDetector(p as unknown as MeanParams),
  fromArtifact: MeanDistanceDetector.fromArtifact,
});

runDetectorConformance("test-mean-distance", () => new MeanDistanceDetector({ seed: 0 }));

describe("conformance helpers", () => {
  it("rankAuc is 1 for perfect ranking, 0.5 for ties, 0 for reversed", () => {
    expect(rankAuc([0.1, 0.2, 0.9, 0.8], (i) => i >= 2)).toBe(1);
    expect(rankAuc([1, 1, 1, 1], (i) => i >= 2)).toBe(0.5);
    expect(rankAuc([0.9, 0.8, 0.1, 0.2], (i) => i >= 2)).toBe(0);
  });

  it("makeBlobs is seeded and balanced", () => {
    const a = makeBlobs({ rows: 90, cols: 2, classes: 3, seed: 4 });
    const b = makeBlobs({ rows: 90, cols: 2, classes: 3, seed: 4 });
    expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
    expect(a.y.filter((v) => v === 2).length).toBe(30);
  });
});
