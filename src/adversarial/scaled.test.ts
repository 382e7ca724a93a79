import { describe, expect, it } from "vitest";
import type { Classifier, ModelArtifact } from "../models/base.js";
import type { Differentiable } from "../models/differentiable.js";
import { fromRows, type Matrix } from "../table/matrix.js";
import { StandardizedClassifier } from "./scaled.js";

/** logit_1 = sum(z), logit_0 = 0: d logit_1 / dz = 1 for every feature. */
class SumModel implements Classifier, Differentiable {
  readonly kind = "sum";
  fitted = false;
  readonly nClasses = 2;
  fit(): this {
    this.fitted = true;
    return this;
  }
  predict(X: Matrix): Int32Array {
    return new Int32Array(X.rows);
  }
  predictProba(X: Matrix): Matrix {
    return { rows: X.rows, cols: 2, data: new Float32Array(2 * X.rows).fill(0.5) };
  }
  inputGradient(X: Matrix): Matrix {
    return { rows: X.rows, cols: X.cols, data: new Float32Array(X.rows * X.cols).fill(1) };
  }
  lossGradient(X: Matrix): Matrix {
    return this.inputGradient(X);
  }
  getParams(): object {
    return {};
  }
  clone(): SumModel {
    return new SumModel();
  }
  toArtifact(): ModelArtifact {
    throw new Error("unused");
  }
}

describe("StandardizedClassifier", () => {
  const X = fromRows([
    [0, 10],
    [2, 1000],
    [4, 100_000],
  ]);
  it("chains gradients back to raw features (matches finite differences of the transform)", () => {
    for (const logScale of [false, true]) {
      const m = new StandardizedClassifier(new SumModel(), logScale).fit(X, Int32Array.from([0, 1, 0]));
      const g = m.inputGradient(X, new Int32Array(3).fill(1));
      for (let r = 0; r < 3; r++) {
        for (let j = 0; j < 2; j++) {
          const h = Math.max(1e-3, Math.abs(X.data[r * 2 + j]) * 1e-4);
          const a = fromRows([[X.data[r * 2], X.data[r * 2 + 1]]]);
          const b = fromRows([[X.data[r * 2], X.data[r * 2 + 1]]]);
          a.data[j] -= h;
          b.data[j] += h;
          const fd = (m.transform(b).data[j] - m.transform(a).data[j]) / (2 * h);
          expect(Math.abs(g.data[r * 2 + j] - fd)).toBeLessThanOrEqual(1e-2 * Math.abs(fd) + 1e-4);
        }
      }
    }
  });
});
