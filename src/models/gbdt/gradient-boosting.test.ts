import { describe, expect, it } from "vitest";
import { accuracy, makeBlobs, runClassifierConformance } from "../conformance.js";
import { Rng } from "../tree/random.js";
import { GradientBoostingClassifier } from "./gradient-boosting.js";

runClassifierConformance(
  "gradient-boosting",
  () => new GradientBoostingClassifier({ nEstimators: 30, seed: 1 }),
);
runClassifierConformance(
  "gradient-boosting (leaf-wise, subsampled, early stopping)",
  () =>
    new GradientBoostingClassifier({
      nEstimators: 60,
      maxDepth: null,
      maxLeaves: 8,
      subsample: 0.7,
      colsampleByTree: 0.6,
      earlyStopping: true,
      seed: 2,
    }),
);

describe("gradient-boosting specifics", () => {
  const { X, y } = makeBlobs({ rows: 2000, cols: 6, classes: 3, seed: 4, spread: 3 });

  it("training log-loss falls as rounds are added", () => {
    const ll = (n: number) => {
      const p = new GradientBoostingClassifier({ nEstimators: n }).fit(X, y).predictProba(X);
      let s = 0;
      for (let r = 0; r < X.rows; r++) s -= Math.log(Math.max(1e-15, p.data[r * 3 + y[r]]));
      return s / X.rows;
    };
    const a = ll(5);
    const b = ll(20);
    const c = ll(60);
    expect(b).toBeLessThan(a);
    expect(c).toBeLessThan(b);
  });

  it("early stopping keeps fewer rounds on a problem it has learned", () => {
    const easy = makeBlobs({ rows: 1000, cols: 4, classes: 2, seed: 8, spread: 0.5 });
    const m = new GradientBoostingClassifier({
      nEstimators: 500,
      earlyStopping: true,
      nIterNoChange: 5,
      tol: 1e-4,
    }).fit(easy.X, easy.y);
    expect(m.nIter).toBeLessThan(500);
    expect(m.trees().nTrees).toBe(m.nIter);
  });

  it("binary uses one raw column; decisionFunction is its log-odds", () => {
    const b = makeBlobs({ rows: 400, cols: 3, classes: 2, seed: 3, spread: 2 });
    const m = new GradientBoostingClassifier({ nEstimators: 10 }).fit(b.X, b.y);
    expect(m.trees().nColumns).toBe(1);
    const raw = m.decisionFunction(b.X);
    const p = m.predictProba(b.X);
    for (let r = 0; r < 20; r++) expect(p.data[2 * r + 1]).toBeCloseTo(1 / (1 + Math.exp(-raw.data[r])), 5);
  });

  it("honours maxDepth and maxLeaves", () => {
    const d2 = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2 }).fit(X, y).trees();
    // A depth-2 tree has at most 7 nodes.
    for (let t = 0; t < d2.nTrees; t++) {
      const end = t + 1 < d2.nTrees ? d2.roots[t + 1] : d2.feature.length;
      expect(end - d2.roots[t]).toBeLessThanOrEqual(7);
    }
    const l5 = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: null, maxLeaves: 5 })
      .fit(X, y)
      .trees();
    let leaves = 0;
    for (let i = 0; i < l5.feature.length; i++) if (l5.feature[i] < 0) leaves++;
    expect(leaves).toBeLessThanOrEqual(5 * l5.nTrees);
  });

  it("balanced class weights raise the probability of a rare class", () => {
    const n = 3000;
    const d = new Float32Array(n * 2);
    const yy = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      yy[i] = i % 25 === 0 ? 1 : 0;
      d[2 * i] = (yy[i] ? 0.3 : 0) + ((i * 7919) % 1000) / 1000;
      d[2 * i + 1] = ((i * 104729) % 997) / 997;
    }
    const XX = { rows: n, cols: 2, data: d };
    // Mean predicted probability of the rare class on its own rows.
    const rareMass = (m: GradientBoostingClassifier) => {
      const p = m.predictProba(XX);
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++) {
        if (yy[i] === 1) {
          s += p.data[2 * i + 1];
          c++;
        }
      }
      return s / c;
    };
    const plain = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 2 }).fit(XX, yy);
    const bal = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 2, classWeight: "balanced" }).fit(
      XX,
      yy,
    );
    expect(rareMass(bal)).toBeGreaterThan(rareMass(plain) + 0.1);
  });

  it("gain importances favour the informative features", () => {
    const n = 1000;
    const d = new Float32Array(n * 3);
    const yy = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      yy[i] = i % 2;
      d[3 * i] = ((i * 31) % 100) / 100;
      d[3 * i + 1] = yy[i] + ((i * 13) % 10) / 10;
      d[3 * i + 2] = ((i * 7) % 50) / 50;
    }
    const m = new GradientBoostingClassifier({ nEstimators: 10 }).fit({ rows: n, cols: 3, data: d }, yy);
    const imp = m.featureImportances();
    expect(imp[1]).toBeGreaterThan(imp[0]);
    expect(imp[1]).toBeGreaterThan(imp[2]);
    expect(accuracy(m.predict({ rows: n, cols: 3, data: d }), yy)).toBeGreaterThan(0.99);
  });

  it("every class's stump is the exact best second-order split (brute force check)", () => {
    const n = 300;
    const F = 4;
    const K = 3;
    const rng = new Rng(17);
    const data = new Float32Array(n * F);
    const yy = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      yy[i] = rng.int(K);
      // 50 levels per feature (exact CART bins), shifted by class on feature yy[i].
      for (let f = 0; f < F; f++) data[i * F + f] = Math.round(rng.float() * 40 + (f === yy[i] ? 10 : 0));
    }
    const lambda = 1;
    const m = new GradientBoostingClassifier({
      nEstimators: 1,
      maxDepth: 1,
      learningRate: 1,
      lambda,
      minChildWeight: 0,
    }).fit({ rows: n, cols: F, data }, yy);
    const e = m.trees();
    expect(e.nTrees).toBe(K);
    const init = m.baseScores();
    let z = 0;
    for (let k = 0; k < K; k++) z += Math.exp(init[k]);
    for (let c = 0; c < K; c++) {
      const pc = Math.exp(init[c]) / z;
      const h = pc * (1 - pc);
      let best = -1;
      let bestF = -1;
      let bestT = 0;
      let G = 0;
      for (let i = 0; i < n; i++) G += pc - (yy[i] === c ? 1 : 0);
      const H = n * h;
      for (let f = 0; f < F; f++) {
        const vals = [...new Set(Array.from({ length: n }, (_, i) => data[i * F + f]))].sort((a, b) => a - b);
        for (let v = 0; v + 1 < vals.length; v++) {
          let GL = 0;
          let HL = 0;
          for (let i = 0; i < n; i++) {
            if (data[i * F + f] <= vals[v]) {
              GL += pc - (yy[i] === c ? 1 : 0);
              HL += h;
            }
          }
          const gain =
            (GL * GL) / (HL + lambda) + ((G - GL) * (G - GL)) / (H - HL + lambda) - (G * G) / (H + lambda);
          if (gain > best + 1e-9) {
            best = gain;
            bestF = f;
            bestT = (vals[v] + vals[v + 1]) / 2;
          }
        }
      }
      const root = e.roots[c];
      expect(e.outputOffset[c]).toBe(c);
      expect(e.feature[root]).toBe(bestF);
      expect(e.threshold[root]).toBeCloseTo(bestT, 5);
    }
  });

  it("rejects a limitless tree", () => {
    expect(() => new GradientBoostingClassifier({ maxDepth: null, maxLeaves: null })).toThrow(/maxLeaves/);
  });
});

describe("gradient boosting on two threads", () => {
  it("grows the same trees and predictions with nJobs 2 as with 1 (multi-class, subsampling)", async () => {
    const { GradientBoostingClassifier } = await import("./gradient-boosting.js");
    let s = 11;
    const rnd = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    const n = 3000;
    const F = 8;
    const data = new Float32Array(n * F);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 4;
      y[i] = c;
      for (let f = 0; f < F; f++) data[i * F + f] = rnd() + (f === c ? 0.8 : 0) + (f === 4 ? c * 0.1 : 0);
    }
    const X = { rows: n, cols: F, data };
    const params = { nEstimators: 15, maxDepth: 4, subsample: 0.8, colsampleByTree: 0.75, seed: 3 };
    const one = new GradientBoostingClassifier({ ...params, nJobs: 1 }).fit(X, y);
    const two = new GradientBoostingClassifier({ ...params, nJobs: 2 }).fit(X, y);
    expect(Array.from(two.predictProba(X).data)).toEqual(Array.from(one.predictProba(X).data));
    const a = one.trees();
    const b = two.trees();
    expect(b.nTrees).toBe(a.nTrees);
    const ia = one.featureImportances();
    const ib = two.featureImportances();
    for (let f = 0; f < F; f++) expect(ib[f]).toBeCloseTo(ia[f], 12);
  });
});
