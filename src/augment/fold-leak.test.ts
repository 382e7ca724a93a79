/**
 * Proof that augmentation stays inside training folds: every row carries its id in column 0; the model
 * records what it is fitted on and what it scores. For each fold: the sampler saw exactly the fold's
 * training rows; every kept row the model was fitted on is a training row; every synthetic row lies on
 * a segment between two same-class TRAINING rows of that fold (a copy when both ends coincide), checked
 * on the continuous columns, and never derives from a test row; the scored rows are exactly the fold's
 * test rows, unaltered, with no synthetic row among them.
 */
import { describe, expect, it } from "vitest";
import { crossValidate, splitsFor } from "../evaluate/crossval.js";
import "../models/bayes/index.js";
import type { Classifier } from "../models/base.js";
import { createModel } from "../models/registry.js";
import type { Matrix } from "../table/matrix.js";
import { imbalancedFixture } from "./conformance.js";
import { type FoldAugmentLog, inTrainingFolds } from "./in-folds.js";
import { createSampler } from "./index.js";

function withIds(X: Matrix): Matrix {
  const cols = X.cols + 1;
  const data = new Float32Array(X.rows * cols);
  for (let r = 0; r < X.rows; r++) {
    data[r * cols] = r;
    data.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), r * cols + 1);
  }
  return { rows: X.rows, cols, data };
}

/** Whether row v lies on a segment a + lambda (b - a) of two rows among `parents` (continuous columns 1, 2). */
function onSegment(v: Float32Array, X: Matrix, parents: number[]): boolean {
  const c = X.cols;
  for (const a of parents) {
    for (const b of parents) {
      const da = X.data[b * c + 1] - X.data[a * c + 1];
      const lam = Math.abs(da) < 1e-9 ? 0 : (v[1] - X.data[a * c + 1]) / da;
      if (!(lam >= -1e-6 && lam <= 1 + 1e-6)) continue;
      const e2 = Math.abs(X.data[a * c + 1] + lam * da - v[1]);
      const e3 = Math.abs(X.data[a * c + 2] + lam * (X.data[b * c + 2] - X.data[a * c + 2]) - v[2]);
      if (e2 < 1e-4 && e3 < 1e-4) return true;
    }
  }
  return false;
}

const ids = (m: Matrix) => Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols]);

describe("augmentation inside cross-validation folds", () => {
  const base = imbalancedFixture(5);
  const X = withIds(base.X);
  const y = base.y;
  const classes = ["a", "b", "c"];
  const names = ["smote", "borderline-smote", "adasyn", "random-over", "random-under", "gan"];
  for (const name of names) {
    it(`${name}: no synthetic or test-derived row crosses into a test fold`, () => {
      const fitted: Matrix[] = [];
      const fittedY: Int32Array[] = [];
      const scored: Matrix[] = [];
      const factory = () => {
        const m = createModel<Classifier>("gaussian-nb", {});
        const fitOriginal = m.fit.bind(m);
        const proba = m.predictProba.bind(m);
        m.fit = (A: Matrix, b: Int32Array) => {
          fitted.push(A);
          fittedY.push(b);
          return fitOriginal(A, b);
        };
        m.predictProba = (A: Matrix) => {
          scored.push(A);
          return proba(A);
        };
        return m;
      };
      const log: FoldAugmentLog[] = [];
      const sampler = createSampler(name, name === "gan" ? { gan: { epochs: 5 } } : {});
      const seen: number[][] = [];
      const flags: Uint8Array[] = [];
      const hook = inTrainingFolds(
        {
          name,
          resample: (A, b, seed) => {
            const out = sampler.resample(A, b, seed);
            flags.push(out.synthetic);
            return out;
          },
        },
        3,
        log,
      );
      crossValidate(factory, X, y, {
        folds: 3,
        seed: 2,
        classes,
        resampleTraining: (A, b, fold) => {
          seen.push(ids(A));
          return hook(A, b, fold);
        },
      });
      const splits = splitsFor(y, { folds: 3, seed: 2 });
      expect(fitted.length).toBe(3);
      splits.forEach((s, f) => {
        const train = new Set(Array.from(s.train));
        expect(new Set(seen[f])).toEqual(train);
        const fit = fitted[f];
        ids(fit).forEach((id, r) => {
          if (flags[f][r] === 0) {
            expect(train.has(id)).toBe(true);
            return;
          }
          // a GAN row descends from the whole training fold (the GAN saw only it: checked above)
          if (name === "gan") return;
          const v = fit.data.subarray(r * fit.cols, (r + 1) * fit.cols);
          const label = fittedY[f][r];
          const trainParents = Array.from(s.train).filter((i) => y[i] === label);
          const testParents = Array.from(s.test).filter((i) => y[i] === label);
          expect(onSegment(v, X, trainParents)).toBe(true);
          for (const t of testParents) expect(onSegment(v, X, [t])).toBe(false);
        });
        expect(ids(scored[f])).toEqual(Array.from(s.test));
        for (const [i, r] of Array.from(s.test).entries()) {
          const row = scored[f].data.subarray(i * X.cols, (i + 1) * X.cols);
          expect(Array.from(row)).toEqual(Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols)));
        }
        expect(log[f].inputRows).toBe(s.train.length);
      });
      if (name !== "random-under") expect(log.some((l) => l.syntheticRows > 0)).toBe(true);
    });
  }
});
