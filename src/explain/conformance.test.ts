import "./index.js";
import { describe, expect, it } from "vitest";
import type { VigilError } from "../errors.js";
import { makeBlobs } from "../models/conformance.js";
import { RandomForestClassifier } from "../models/forest/random-forest.js";
import { GradientBoostingClassifier } from "../models/gbdt/gradient-boosting.js";
import { KitNET } from "../models/kitnet/kitnet.js";
import { MLPClassifier } from "../models/neural/mlp.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { runExplainerConformance } from "./conformance.js";
import { createExplainer, defaultExplainerName, listExplainers } from "./explainer.js";

const { X, y } = makeBlobs({ rows: 500, cols: 6, classes: 3, seed: 21, spread: 2.5 });
const some: Matrix = { rows: 6, cols: 6, data: X.data.slice(0, 36) };
const background: Matrix = { rows: 12, cols: 6, data: X.data.slice(X.data.length - 72) };
const rf = new RandomForestClassifier({ nEstimators: 10, maxDepth: 6, seed: 1 }).fit(X, y);
const gb = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3, seed: 1 }).fit(X, y);
const proba = (m: { predictProba(X: Matrix): Matrix }) => (Xm: Matrix, r: number, k: number) =>
  m.predictProba({ rows: 1, cols: Xm.cols, data: Xm.data.slice(r * Xm.cols, (r + 1) * Xm.cols) }).data[k];

runExplainerConformance("tree-path (random forest)", () => ({
  make: () => createExplainer("tree-path", rf),
  X: some,
  nClasses: 3,
  modelOutput: proba(rf),
}));
runExplainerConformance("tree-path (gradient boosting margins)", () => ({
  make: () => createExplainer("tree-path", gb),
  X: some,
  nClasses: 3,
  modelOutput: (Xm, r, k) =>
    gb.decisionFunction({ rows: 1, cols: 6, data: Xm.data.slice(r * 6, (r + 1) * 6) }).data[k],
  tolerance: 1e-6,
}));
runExplainerConformance("tree-interventional (random forest)", () => ({
  make: () => createExplainer("tree-interventional", rf, { background }),
  X: some,
  nClasses: 3,
  modelOutput: proba(rf),
}));
runExplainerConformance("kernel (gradient boosting probabilities, sampled)", () => ({
  make: () => createExplainer("kernel", gb, { background, budget: 40, seed: 3 }),
  X: some,
  nClasses: 3,
  modelOutput: proba(gb),
}));
runExplainerConformance("lime (random forest)", () => ({
  make: () => createExplainer("lime", rf, { background, budget: 300, seed: 3 }),
  X: some,
  nClasses: 3,
  modelOutput: proba(rf),
}));
runExplainerConformance("integrated-gradients (mlp, tanh)", () => {
  const mlp = new MLPClassifier({ hiddenLayers: [8], activation: "tanh", epochs: 10, seed: 2 }).fit(X, y);
  return {
    make: () => createExplainer("integrated-gradients", mlp, { background, steps: 48 }),
    X: some,
    nClasses: 3,
    modelOutput: (Xm, r, k) =>
      mlp.logits({ rows: 1, cols: 6, data: Xm.data.slice(r * 6, (r + 1) * 6) }).data[k],
    // logits are float32: completeness holds to float32 rounding
    tolerance: 1e-4,
  };
});
runExplainerConformance("kitnet (score breakdown)", () => {
  const rng = new Rng(5);
  const net = new KitNET({ nFeatures: 6, maxAE: 3, fmGrace: 100, adGrace: 400 });
  const x = new Float64Array(6);
  for (let i = 0; i < 501; i++) {
    const r = i % X.rows;
    for (let f = 0; f < 6; f++) x[f] = X.data[r * 6 + f] + 0.01 * rng.normal();
    net.process(x);
  }
  return { make: () => createExplainer("kitnet", net), X: some, nClasses: 1, noClasses: true };
});

describe("explainer registry and bad input", () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as VigilError).code;
    }
    return "no error";
  };
  it("names every explainer and picks a default per model", () => {
    expect(listExplainers()).toEqual([
      "integrated-gradients",
      "kernel",
      "kitnet",
      "lime",
      "tree-interventional",
      "tree-path",
    ]);
    expect(defaultExplainerName(rf)).toBe("tree-path");
  });
  it("rejects unknown names, unsupported models, missing background, wrong widths and classes", () => {
    expect(code(() => createExplainer("nope", rf))).toBe("E_CONFIG");
    expect(code(() => createExplainer("tree-path", { kind: "x" }))).toBe("E_CONFIG");
    expect(code(() => createExplainer("tree-interventional", rf))).toBe("E_CONFIG");
    expect(code(() => createExplainer("kernel", rf))).toBe("E_CONFIG");
    const tp = createExplainer("tree-path", rf);
    expect(code(() => tp.explain({ rows: 1, cols: 5, data: new Float32Array(5) }))).toBe("E_SCHEMA");
    expect(code(() => tp.explain(some, new Int32Array(6).fill(7)))).toBe("E_SCHEMA");
    expect(code(() => tp.explain(some, new Int32Array(2)))).toBe("E_SCHEMA");
  });
});
