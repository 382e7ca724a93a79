/**
 * The shared conformance suite every Sampler passes (DESIGN.md convention 2), on a small imbalanced
 * data set (classes of 200, 40 and 8 rows; continuous, count and one-hot columns):
 * - the output has one label and one synthetic flag per row, the input's width, only input classes;
 * - every row flagged 0 is an exact copy of an input row with its label (oversamplers keep them all);
 * - the input is not mutated and the same seed gives the same output;
 * - synthetic rows keep the domain: integral columns integral, non-negative columns non-negative,
 *   and (for interpolating samplers) inside their class's bounding box;
 * - oversamplers never shrink a class, undersamplers never add a row; `balances` samplers equalise;
 * - bad input (empty, label count mismatch, negative label) is a VigilError E_SCHEMA.
 */
import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import type { Sampler } from "./sampler.js";

export interface SamplerConformanceOptions {
  kind: "over" | "under";
  /** Every class ends at the majority count. */
  balances?: boolean;
  /** Synthetic rows lie in their class's bounding box (SMOTE family, random copies). */
  withinClassBox?: boolean;
}

const COLS = 5;

/** Classes 0/1/2 with 200/40/8 rows: 2 gaussian columns, a count column, a one-hot pair. */
export function imbalancedFixture(seed = 3): { X: Matrix; y: Int32Array } {
  const sizes = [200, 40, 8];
  const n = sizes.reduce((a, b) => a + b, 0);
  const rng = new Rng(seed);
  const data = new Float32Array(n * COLS);
  const y = new Int32Array(n);
  let r = 0;
  sizes.forEach((size, c) => {
    for (let i = 0; i < size; i++, r++) {
      y[r] = c;
      data[r * COLS] = c * 2 + rng.normal();
      data[r * COLS + 1] = -c + 0.5 * rng.normal();
      data[r * COLS + 2] = Math.floor(rng.float() * (5 + 10 * c));
      const hot = rng.float() < 0.3 + 0.3 * c ? 1 : 0;
      data[r * COLS + 3] = hot;
      data[r * COLS + 4] = 1 - hot;
    }
  });
  return { X: { rows: n, cols: COLS, data }, y };
}

const counts = (y: Int32Array, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v]++;
  return c;
};

export function runSamplerConformance(
  name: string,
  make: () => Sampler,
  options: SamplerConformanceOptions,
): void {
  describe(`sampler conformance: ${name}`, () => {
    const { X, y } = imbalancedFixture();
    const before = counts(y, 3);

    it("returns aligned rows, labels and flags over the input classes, the input untouched", () => {
      const copy = X.data.slice();
      const out = make().resample(X, y, 1);
      expect(X.data).toEqual(copy);
      expect(out.X.cols).toBe(COLS);
      expect(out.y.length).toBe(out.X.rows);
      expect(out.synthetic.length).toBe(out.X.rows);
      expect(out.X.data.length).toBe(out.X.rows * COLS);
      for (const v of out.y) expect(v >= 0 && v < 3).toBe(true);
      const after = counts(out.y, 3);
      for (let c = 0; c < 3; c++) expect(after[c]).toBeGreaterThan(0);
      if (options.kind === "over") {
        for (let c = 0; c < 3; c++) expect(after[c]).toBeGreaterThanOrEqual(before[c]);
        expect(out.synthetic.filter((s) => s === 0).length).toBe(X.rows);
      } else {
        expect(out.X.rows).toBeLessThanOrEqual(X.rows);
        expect(out.synthetic.every((s) => s === 0)).toBe(true);
      }
      if (options.balances) expect(new Set(after).size).toBe(1);
    });

    it("keeps input rows verbatim with their labels", () => {
      const out = make().resample(X, y, 2);
      const key = (m: Matrix, r: number) => Array.from(m.data.subarray(r * COLS, (r + 1) * COLS)).join(",");
      const inputs = new Map<string, number>();
      for (let r = 0; r < X.rows; r++) inputs.set(key(X, r), y[r]);
      for (let r = 0; r < out.X.rows; r++) {
        if (out.synthetic[r] === 1) continue;
        expect(inputs.get(key(out.X, r))).toBe(out.y[r]);
      }
    });

    it("is deterministic under a seed", () => {
      const a = make().resample(X, y, 7);
      const b = make().resample(X, y, 7);
      expect(a.X.data).toEqual(b.X.data);
      expect(a.y).toEqual(b.y);
      expect(a.synthetic).toEqual(b.synthetic);
    });

    it("keeps synthetic rows in the data's domain", () => {
      const out = make().resample(X, y, 4);
      for (let r = 0; r < out.X.rows; r++) {
        if (out.synthetic[r] === 0) continue;
        const v = out.X.data.subarray(r * COLS, (r + 1) * COLS);
        expect(Number.isInteger(v[2]) && v[2] >= 0).toBe(true);
        expect([0, 1]).toContain(v[3]);
        expect(v[3] + v[4]).toBe(1);
        if (!options.withinClassBox) continue;
        for (let j = 0; j < COLS; j++) {
          let lo = Number.POSITIVE_INFINITY;
          let hi = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < X.rows; i++) {
            if (y[i] !== out.y[r]) continue;
            lo = Math.min(lo, X.data[i * COLS + j]);
            hi = Math.max(hi, X.data[i * COLS + j]);
          }
          expect(v[j]).toBeGreaterThanOrEqual(lo - 1e-5);
          expect(v[j]).toBeLessThanOrEqual(hi + 1e-5);
        }
      }
    });

    it("rejects bad input with E_SCHEMA", () => {
      const bad = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          expect(e).toBeInstanceOf(VigilError);
          expect((e as VigilError).code).toBe("E_SCHEMA");
          return;
        }
        throw new Error("expected a VigilError");
      };
      bad(() => make().resample({ rows: 0, cols: COLS, data: new Float32Array(0) }, new Int32Array(0), 0));
      bad(() => make().resample(X, y.subarray(1), 0));
      const neg = y.slice();
      neg[5] = -1;
      bad(() => make().resample(X, neg, 0));
    });
  });
}
