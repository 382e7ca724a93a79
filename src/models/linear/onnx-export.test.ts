import { describe, expect, it } from "vitest";
import type { Estimator } from "../base.js";
import { makeBlobs } from "../conformance.js";
import { exportOnnx } from "../onnx/export.js";
import { createOnnxSession } from "../onnx/runtime.js";
import { Pipeline } from "../preprocess/pipeline.js";
import { MinMaxScaler, StandardScaler } from "../preprocess/scalers.js";
import "../preprocess/index.js";
import type { Matrix } from "../../table/matrix.js";
import { LinearSvm } from "../svm/linear-svm.js";
import { LogisticRegression } from "./logistic.js";
import "./onnx-export.js";

async function maxDiff(m: Estimator, X: Matrix, vigil: Float32Array, output: string): Promise<number> {
  const s = await createOnnxSession(exportOnnx(m));
  try {
    const out = (await s.run(X))[output] as Float32Array;
    expect(out.length).toBe(vigil.length);
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - vigil[i]));
    return worst;
  } finally {
    await s.release();
  }
}

async function labelsAgree(m: Estimator & { predict(X: Matrix): Int32Array }, X: Matrix): Promise<number> {
  const s = await createOnnxSession(exportOnnx(m));
  try {
    const l = (await s.run(X)).label as BigInt64Array;
    const p = m.predict(X);
    let same = 0;
    for (let i = 0; i < p.length; i++) if (Number(l[i]) === p[i]) same++;
    return same / p.length;
  } finally {
    await s.release();
  }
}

describe("ONNX export of linear models and scalers, run by onnxruntime", () => {
  const train = makeBlobs({ rows: 600, cols: 5, classes: 3, seed: 4, spread: 3 });
  const test = makeBlobs({ rows: 300, cols: 5, classes: 3, seed: 8, spread: 4 });

  it("logistic regression and linear SVM (multi-class and binary) equal vigil within 1e-5", async () => {
    const lr = new LogisticRegression().fit(train.X, train.y);
    expect(await maxDiff(lr, test.X, lr.predictProba(test.X).data, "probabilities")).toBeLessThanOrEqual(
      1e-5,
    );
    expect(await labelsAgree(lr, test.X)).toBeGreaterThan(0.995);
    const svm = new LinearSvm().fit(train.X, train.y);
    expect(await maxDiff(svm, test.X, svm.predictProba(test.X).data, "probabilities")).toBeLessThanOrEqual(
      1e-5,
    );
    const yb = train.y.map((v) => (v === 2 ? 1 : 0));
    const bin = new LinearSvm().fit(train.X, yb);
    expect(await maxDiff(bin, test.X, bin.predictProba(test.X).data, "probabilities")).toBeLessThanOrEqual(
      1e-5,
    );
    expect(await labelsAgree(bin, test.X)).toBeGreaterThan(0.995);
  });

  it("scalers equal vigil within 1e-5", async () => {
    for (const sc of [new StandardScaler().fit(train.X), new MinMaxScaler().fit(train.X)]) {
      expect(await maxDiff(sc, test.X, sc.transform(test.X).data, "transformed")).toBeLessThanOrEqual(1e-5);
    }
  });

  it("a pipeline imputer -> scaler -> logistic regression equals vigil within 1e-5, NaN included", async () => {
    const Xn = { ...test.X, data: Float32Array.from(test.X.data) };
    for (let i = 0; i < Xn.data.length; i += 23) Xn.data[i] = Number.NaN;
    const p = new Pipeline({
      steps: [{ kind: "simple-imputer" }, { kind: "standard-scaler" }, { kind: "logistic-regression" }],
    }).fit(train.X, train.y);
    expect(await maxDiff(p, Xn, p.predictProba(Xn).data, "probabilities")).toBeLessThanOrEqual(1e-5);
  });

  it("refuses a pipeline step it cannot export, naming it", () => {
    const p = new Pipeline({
      steps: [{ kind: "pca", params: { nComponents: 2 } }, { kind: "logistic-regression" }],
    }).fit(train.X, train.y);
    expect(() => exportOnnx(p)).toThrow(/steps.0.kind/);
  });
});
