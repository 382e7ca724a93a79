/**
 * The shared suite every explainer passes (DESIGN.md convention 2): shapes, finite values, determinism
 * (two explainers built the same way give identical results), an explicit class index is the one
 * explained, the reported output is the model's, and local accuracy (attributions sum to output − base
 * within `tolerance`) for additive explainers.
 */
import { describe, expect, it } from "vitest";
import type { Matrix } from "../table/matrix.js";
import type { Explainer } from "./explainer.js";

export interface ExplainerCase {
  /** A fresh explainer (built the same way each call). */
  make: () => Explainer;
  X: Matrix;
  nClasses: number;
  /** The model's own value of the explained output for row r, class k (when checkable). */
  modelOutput?: (X: Matrix, r: number, k: number) => number;
  /** Local-accuracy tolerance (default 1e-6). */
  tolerance?: number;
  /** Classes cannot be chosen (a detector's score). */
  noClasses?: boolean;
}

export function runExplainerConformance(name: string, setup: () => ExplainerCase): void {
  describe(`explainer conformance: ${name}`, () => {
    const c = setup();
    const ex = c.make().explain(c.X);

    it("has one attribution per row and feature, all finite", () => {
      const M = c.X.cols;
      expect(ex.rows).toBe(c.X.rows);
      expect(ex.nFeatures).toBe(M);
      expect(ex.attributions.length).toBe(c.X.rows * M);
      expect(ex.base.length).toBe(c.X.rows);
      expect(ex.output.length).toBe(c.X.rows);
      expect(ex.classIndex.length).toBe(c.X.rows);
      expect(ex.outputName.length).toBe(c.X.rows);
      for (const v of ex.attributions) expect(Number.isFinite(v)).toBe(true);
      for (const v of ex.base) expect(Number.isFinite(v)).toBe(true);
    });

    it("is deterministic", () => {
      const again = c.make().explain(c.X);
      expect(Array.from(again.attributions)).toEqual(Array.from(ex.attributions));
      expect(Array.from(again.base)).toEqual(Array.from(ex.base));
    });

    it("explains the class it is asked for, and reports the model's output", () => {
      if (c.noClasses) return;
      const k = c.nClasses - 1;
      const asked = c.make().explain(c.X, new Int32Array(c.X.rows).fill(k));
      for (let r = 0; r < c.X.rows; r++) {
        expect(asked.classIndex[r]).toBe(k);
        if (c.modelOutput) expect(asked.output[r]).toBeCloseTo(c.modelOutput(c.X, r, k), 5);
      }
    });

    it(`local accuracy${ex.additive ? "" : " (not claimed)"}`, () => {
      if (!ex.additive) return;
      const tol = c.tolerance ?? 1e-6;
      let worst = 0;
      for (let r = 0; r < ex.rows; r++) {
        let s = 0;
        for (let f = 0; f < ex.nFeatures; f++) s += ex.attributions[r * ex.nFeatures + f];
        worst = Math.max(worst, Math.abs(s - (ex.output[r] - ex.base[r])));
      }
      expect(worst).toBeLessThanOrEqual(tol);
    });
  });
}
