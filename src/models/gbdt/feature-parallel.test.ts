import { describe, expect, it } from "vitest";
import { boosterBins, growOnFixture } from "../../../test/helpers/booster-bins.js";
import { Rng } from "../tree/random.js";
import { FeatureHelper } from "./feature-parallel.js";
import { FEATURE_PARALLEL_MIN_CELLS, GradientBoostingClassifier } from "./gradient-boosting.js";
import { BoosterWorkspace } from "./grow-booster-tree.js";
import { shared } from "./parallel-rounds.js";
import { buildSparseBins } from "./sparse-bins.js";

const opts = {
  maxDepth: 6,
  maxLeaves: 48,
  lambda: 1,
  minChildWeight: 1e-3,
  minSplitGain: 0,
  learningRate: 0.1,
};

describe("one tree's features on two threads", () => {
  it("grows the same tree (same bits) with a helper thread taking half the dense features", () => {
    const d = boosterBins(30_000, 5);
    const sparse = buildSparseBins(d.bins, d.n, d.nBins);
    expect(sparse).not.toBeNull();
    const features = Int32Array.of(0, 1, 2, 4, 5, 6, 7);
    const grow = (helped: boolean) => {
      const ws = new BoosterWorkspace(d.F, opts.maxLeaves, d.n, helped);
      const bins = helped ? shared(d.bins) : d.bins;
      const helper = helped ? FeatureHelper.spawn() : null;
      if (helped) expect(helper).not.toBeNull();
      helper?.attach(ws, bins, d.n, d.nBins, opts);
      try {
        const imp = new Float64Array(d.F);
        const trees = [];
        // two trees: the second reuses the workspace, slots and the worker's feature list
        for (let t = 0; t < 2; t++) {
          ws.idx.set(Int32Array.from({ length: d.n }, (_, i) => i));
          const gh = d.gh.map((v, k) => (k % 2 === 0 ? v * (t + 1) : v));
          const tree = growOnFixture(d, gh, ws.idx, features, opts, ws, imp, sparse);
          trees.push(tree);
        }
        return { trees, imp, tasks: helper?.tasks ?? 0 };
      } finally {
        helper?.close(ws);
      }
    };
    const one = grow(false);
    const two = grow(true);
    expect(two.tasks).toBeGreaterThan(10);
    for (let t = 0; t < 2; t++) {
      const a = one.trees[t];
      const b = two.trees[t];
      expect(a.n).toBeGreaterThan(40);
      expect(b.n).toBe(a.n);
      expect(Array.from(b.feature.subarray(0, b.n))).toEqual(Array.from(a.feature.subarray(0, a.n)));
      expect(Array.from(b.binThreshold.subarray(0, b.n))).toEqual(
        Array.from(a.binThreshold.subarray(0, a.n)),
      );
      expect(Array.from(b.value.subarray(0, b.n))).toEqual(Array.from(a.value.subarray(0, a.n)));
    }
    // splits on features of both shares: sparse 2 and 6 stay in share 0, dense 1 and 7 go to share 1
    const used = new Set(Array.from(one.trees[0].feature.subarray(0, one.trees[0].n)));
    expect(used.has(2) || used.has(6)).toBe(true);
    expect(used.has(1) || used.has(7)).toBe(true);
    expect(Array.from(two.imp)).toEqual(Array.from(one.imp));
  });

  it("fits a two-class model to the same bits with nJobs 2 as with 1 (subsampling, missing values)", () => {
    const rng = new Rng(9);
    const F = 41;
    const n = Math.ceil(FEATURE_PARALLEL_MIN_CELLS / F) + 100;
    const data = new Float32Array(n * F);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let f = 0; f < F; f++) {
        const v = f % 5 === 4 ? (rng.float() < 0.9 ? 0 : 1) : rng.normal();
        data[i * F + f] = f === 3 && rng.float() < 0.05 ? Number.NaN : v;
        // signal at both ends of the feature list, so both threads' shares hold winning splits
        if (f < 4 || f >= F - 4) s += (f % 2 === 0 ? 1 : -0.7) * v;
      }
      y[i] = s + 0.5 * rng.normal() > 0 ? 1 : 0;
    }
    const X = { rows: n, cols: F, data };
    const params = { nEstimators: 8, maxDepth: 5, subsample: 0.9, colsampleByTree: 0.8, seed: 4 };
    const one = new GradientBoostingClassifier({ ...params, nJobs: 1 }).fit(X, y);
    const two = new GradientBoostingClassifier({ ...params, nJobs: 2 }).fit(X, y);
    const pa = one.predictProba(X).data;
    const pb = two.predictProba(X).data;
    let differing = 0;
    for (let k = 0; k < pa.length; k++) if (!Object.is(pa[k], pb[k])) differing++;
    expect(differing).toBe(0);
    expect(Array.from(two.featureImportances())).toEqual(Array.from(one.featureImportances()));
    expect(two.trees().nTrees).toBe(8);
  });
});
