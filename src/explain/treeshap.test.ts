import { describe, expect, it } from "vitest";
import { makeBlobs } from "../models/conformance.js";
import { RandomForestClassifier } from "../models/forest/random-forest.js";
import { GradientBoostingClassifier } from "../models/gbdt/gradient-boosting.js";
import { DecisionTreeClassifier } from "../models/tree/decision-tree.js";
import { Rng } from "../models/tree/random.js";
import {
  bruteForceShapley,
  conditionalTreeValue,
  interventionalValue,
  treeRowOutput,
} from "./brute-force.js";
import { flatten, leaf, randomRows, randomTree, split, viewOf } from "./random-trees.test-data.js";
import { type TreeModelView, treeModelView, treeOutput } from "./tree-view.js";
import { FastTreeShap } from "./treeshap-fast.js";
import { InterventionalTreeShap } from "./treeshap-interventional.js";
import { PathTreeShap } from "./treeshap-path.js";

/** Both path-dependent implementations; they must agree (checked here) and the value is returned. */
function pathPhi(view: TreeModelView, x: Float32Array): Float64Array {
  const phi = new Float64Array(view.ensemble.nColumns * view.nFeatures);
  new PathTreeShap(view).explainRow(x, 0, phi);
  const fast = new Float64Array(phi.length);
  new FastTreeShap(view).explainRow(x, 0, fast);
  expect(maxDiff(fast, phi)).toBeLessThanOrEqual(1e-10);
  return phi;
}

function intvPhi(view: TreeModelView, x: Float32Array, bg: Float32Array, nBg: number): Float64Array {
  const phi = new Float64Array(view.ensemble.nColumns * view.nFeatures);
  new InterventionalTreeShap(view, bg, nBg).explainRow(x, 0, phi);
  return phi;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("TreeSHAP on hand-checked trees (shap's conditional-expectation definition)", () => {
  it("one split: phi = f(x) − E[f] on the split feature, 0 elsewhere", () => {
    // x0 <= 0.5 ? (cover 3, value 1) : (cover 1, value 5). E = (3·1 + 1·5)/4 = 2. x0 = 0.2 → f = 1.
    const view = viewOf(flatten([split(0, 0.5, leaf(3, 1), leaf(1, 5))], 1, 1), 2);
    const phi = pathPhi(view, Float32Array.of(0.2, 0.9));
    expect(phi[0]).toBeCloseTo(-1, 12);
    expect(phi[1]).toBe(0);
  });

  it("two features on one path", () => {
    // x0 <= 0.5 ? (x1 <= 0.5 ? 10 [cover 2] : 20 [cover 2]) : 0 [cover 4]. x = (0.2, 0.8) → f = 20.
    // v({}) = ½·15 + ½·0 = 7.5; v({0}) = 15; v({1}) = ½·20 + ½·0 = 10; v({0,1}) = 20.
    // phi0 = ½[(15 − 7.5) + (20 − 10)] = 8.75; phi1 = ½[(10 − 7.5) + (20 − 15)] = 3.75.
    const t = split(0, 0.5, split(1, 0.5, leaf(2, 10), leaf(2, 20)), leaf(4, 0));
    const view = viewOf(flatten([t], 1, 1), 2);
    const phi = pathPhi(view, Float32Array.of(0.2, 0.8));
    expect(phi[0]).toBeCloseTo(8.75, 12);
    expect(phi[1]).toBeCloseTo(3.75, 12);
    // Interventional with one background row z = (0.8, 0.2), f(z) = 0:
    // v({}) = 0, v({0}) = f(0.2, 0.2) = 10, v({1}) = f(0.8, 0.8) = 0, v({0,1}) = 20 → phi = (15, 5).
    const iv = intvPhi(view, Float32Array.of(0.2, 0.8), Float32Array.of(0.8, 0.2), 1);
    expect(iv[0]).toBeCloseTo(15, 12);
    expect(iv[1]).toBeCloseTo(5, 12);
  });

  it("a feature split on twice along the path", () => {
    // x0 <= 0.5 ? (x0 <= 0.2 ? 4 [1] : 8 [3]) : (x1 <= 0.5 ? 0 [2] : 12 [2]). x = (0.3, 0.9) → f = 8.
    // E = ½·7 + ½·6 = 6.5; v({0}) = 8; v({1}) = ½·7 + ½·12 = 9.5; v({0,1}) = 8.
    // phi0 = ½[(8 − 6.5) + (8 − 9.5)] = 0; phi1 = ½[(9.5 − 6.5) + (8 − 8)] = 1.5.
    const t = split(0, 0.5, split(0, 0.2, leaf(1, 4), leaf(3, 8)), split(1, 0.5, leaf(2, 0), leaf(2, 12)));
    const view = viewOf(flatten([t], 1, 1), 2);
    const phi = pathPhi(view, Float32Array.of(0.3, 0.9));
    expect(phi[0]).toBeCloseTo(0, 12);
    expect(phi[1]).toBeCloseTo(1.5, 12);
  });
});

describe("TreeSHAP equals brute-force Shapley values", () => {
  it("on random trees with repeated features (path-dependent and interventional)", () => {
    const rng = new Rng(11);
    let worstPath = 0;
    let worstIntv = 0;
    for (let trial = 0; trial < 40; trial++) {
      const M = 2 + rng.int(7);
      const nTrees = 1 + rng.int(3);
      const trees = Array.from({ length: nTrees }, () => randomTree(rng, M, 2 + rng.int(5), 2));
      const view = viewOf(flatten(trees, 2, 2), M, 1 / nTrees);
      const xs = randomRows(rng, 3, M);
      const bg = randomRows(rng, 5, M);
      for (let r = 0; r < 3; r++) {
        const x = xs.subarray(r * M, (r + 1) * M);
        const p = pathPhi(view, x);
        const iv = intvPhi(view, x, bg, 5);
        for (let c = 0; c < 2; c++) {
          const bf = bruteForceShapley(M, conditionalTreeValue(view, x, c));
          worstPath = Math.max(worstPath, maxDiff(p.subarray(c * M, (c + 1) * M), bf));
          const bi = bruteForceShapley(M, interventionalValue(treeRowOutput(view, c), x, bg, 5, M));
          worstIntv = Math.max(worstIntv, maxDiff(iv.subarray(c * M, (c + 1) * M), bi));
        }
      }
    }
    expect(worstPath).toBeLessThanOrEqual(1e-9);
    expect(worstIntv).toBeLessThanOrEqual(1e-9);
  });

  const { X, y } = makeBlobs({ rows: 600, cols: 8, classes: 3, seed: 5, spread: 3 });
  const models = [
    ["decision-tree", new DecisionTreeClassifier({ maxDepth: 7, seed: 1 }).fit(X, y)],
    ["random-forest", new RandomForestClassifier({ nEstimators: 6, maxDepth: 6, seed: 2 }).fit(X, y)],
    ["gradient-boosting", new GradientBoostingClassifier({ nEstimators: 8, maxDepth: 4, seed: 3 }).fit(X, y)],
  ] as const;
  for (const [name, model] of models) {
    it(`on a trained ${name} with 8 features, and local accuracy within 1e-6`, () => {
      const view = treeModelView(model);
      const M = 8;
      const C = view.ensemble.nColumns;
      const bg = X.data.subarray(0, 10 * M);
      const path = new PathTreeShap(view);
      const fast = new FastTreeShap(view);
      const intv = new InterventionalTreeShap(view, bg, 10);
      const out = new Float64Array(C);
      let worst = 0;
      let worstLocal = 0;
      for (const r of [11, 200, 451]) {
        const x = X.data.subarray(r * M, (r + 1) * M);
        const p = new Float64Array(C * M);
        const iv = new Float64Array(C * M);
        path.explainRow(X.data, r, p);
        const pf = new Float64Array(C * M);
        fast.explainRow(X.data, r, pf);
        worst = Math.max(worst, maxDiff(pf, p));
        intv.explainRow(X.data, r, iv);
        treeOutput(view, x, out);
        for (let c = 0; c < C; c++) {
          const bf = bruteForceShapley(M, conditionalTreeValue(view, x, c));
          worst = Math.max(worst, maxDiff(p.subarray(c * M, (c + 1) * M), bf));
          const bi = bruteForceShapley(M, interventionalValue(treeRowOutput(view, c), x, bg, 10, M));
          worst = Math.max(worst, maxDiff(iv.subarray(c * M, (c + 1) * M), bi));
          let s = 0;
          let si = 0;
          for (let f = 0; f < M; f++) {
            s += p[c * M + f];
            si += iv[c * M + f];
          }
          worstLocal = Math.max(worstLocal, Math.abs(s - (out[c] - path.expected[c])));
          worstLocal = Math.max(worstLocal, Math.abs(si - (out[c] - intv.expected[c])));
        }
      }
      expect(worst).toBeLessThanOrEqual(1e-9);
      expect(worstLocal).toBeLessThanOrEqual(1e-6);
    });
  }

  it("the explained output is the model's: forest probabilities, boosting margins", () => {
    const rf = models[1][1];
    const gb = models[2][1];
    const out = new Float64Array(3);
    const rows = { rows: 1, cols: 8, data: X.data.slice(0, 8) };
    treeOutput(treeModelView(rf), rows.data, out);
    const p = rf.predictProba(rows).data;
    for (let k = 0; k < 3; k++) expect(out[k]).toBeCloseTo(p[k], 6);
    treeOutput(treeModelView(gb), rows.data, out);
    const m = gb.decisionFunction(rows).data;
    for (let k = 0; k < 3; k++) expect(out[k]).toBeCloseTo(m[k], 4);
  });
});

describe("TreeSHAP for one output column", () => {
  it("equals that column of the all-columns result (forest and boosting)", () => {
    const { X, y } = makeBlobs({ rows: 400, cols: 6, classes: 3, seed: 8, spread: 3 });
    for (const model of [
      new RandomForestClassifier({ nEstimators: 5, maxDepth: 5, seed: 1 }).fit(X, y),
      new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3, seed: 1 }).fit(X, y),
    ]) {
      const view = treeModelView(model);
      for (const shap of [new PathTreeShap(view), new FastTreeShap(view)]) {
        const all = new Float64Array(3 * 6);
        shap.explainRow(X.data, 7, all);
        for (let c = 0; c < 3; c++) {
          const one = new Float64Array(6);
          shap.explainRow(X.data, 7, one, c);
          expect(maxDiff(one, all.subarray(c * 6, (c + 1) * 6))).toBeLessThanOrEqual(1e-12);
        }
      }
    }
  });
});
