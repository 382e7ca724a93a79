import { describe, expect, it } from "vitest";
import type { Classifier } from "../base.js";
import { makeBlobs } from "../conformance.js";
import { ExtraTreesClassifier } from "../forest/extra-trees.js";
import { RandomForestClassifier } from "../forest/random-forest.js";
import { GradientBoostingClassifier } from "../gbdt/gradient-boosting.js";
import { DecisionTreeClassifier } from "../tree/decision-tree.js";
import { exportOnnx } from "./export.js";
import { createOnnxSession } from "./runtime.js";

async function expectSameAsVigil(m: Classifier, X: { rows: number; cols: number; data: Float32Array }) {
  const bytes = exportOnnx(m);
  const s = await createOnnxSession(bytes);
  try {
    expect([...s.outputNames].sort()).toEqual(["label", "probabilities"]);
    const out = await s.run(X);
    const p = m.predictProba(X).data;
    const q = out.probabilities as Float32Array;
    expect(q.length).toBe(p.length);
    let worst = 0;
    for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
    expect(worst).toBeLessThanOrEqual(1e-5);
    const labels = out.label as BigInt64Array;
    const pred = m.predict(X);
    let same = 0;
    for (let r = 0; r < X.rows; r++) if (Number(labels[r]) === pred[r]) same++;
    // Labels agree except where two classes tie to within float rounding.
    expect(same / X.rows).toBeGreaterThan(0.995);
  } finally {
    await s.release();
  }
}

describe("ONNX export of tree models, run by onnxruntime", () => {
  const train = makeBlobs({ rows: 1200, cols: 6, classes: 4, seed: 2, spread: 3 });
  const test = makeBlobs({ rows: 500, cols: 6, classes: 4, seed: 99, spread: 4 });
  // Some missing values: they must take the same branch in both runtimes.
  for (let i = 0; i < test.X.data.length; i += 37) test.X.data[i] = Number.NaN;

  it("decision tree", async () => {
    await expectSameAsVigil(new DecisionTreeClassifier({ maxDepth: 6 }).fit(train.X, train.y), test.X);
  });

  it("random forest", async () => {
    await expectSameAsVigil(
      new RandomForestClassifier({ nEstimators: 25, seed: 1 }).fit(train.X, train.y),
      test.X,
    );
  });

  it("extra trees", async () => {
    await expectSameAsVigil(
      new ExtraTreesClassifier({ nEstimators: 25, seed: 1 }).fit(train.X, train.y),
      test.X,
    );
  });

  it("gradient boosting, multi-class (softmax)", async () => {
    await expectSameAsVigil(
      new GradientBoostingClassifier({ nEstimators: 40 }).fit(train.X, train.y),
      test.X,
    );
  });

  it("gradient boosting, binary (sigmoid as a 2-column softmax)", async () => {
    const b = makeBlobs({ rows: 800, cols: 5, classes: 2, seed: 5, spread: 3 });
    await expectSameAsVigil(new GradientBoostingClassifier({ nEstimators: 30 }).fit(b.X, b.y), b.X);
  });

  it("random forest, binary", async () => {
    const b = makeBlobs({ rows: 800, cols: 5, classes: 2, seed: 6, spread: 3 });
    await expectSameAsVigil(new RandomForestClassifier({ nEstimators: 10 }).fit(b.X, b.y), b.X);
  });

  it("refuses kinds without an exporter, and unfitted models", () => {
    const fake = { kind: "martian" } as unknown as Classifier;
    expect(() => exportOnnx(fake)).toThrow(/no ONNX exporter/);
    expect(() => exportOnnx(new RandomForestClassifier())).toThrow(/not fitted/);
  });
});
