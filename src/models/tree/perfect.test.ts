import { describe, expect, it } from "vitest";
import { randomTree, rowsWithNaN } from "../../../test/helpers/random-trees.js";
import { makeBlobs } from "../conformance.js";
import { GradientBoostingClassifier } from "../gbdt/gradient-boosting.js";
import { accumulateEnsemble, accumulateWalk, buildEnsemble, NodeStore } from "./flat.js";
import { PERFECT_MAX_DEPTH, perfectLayout } from "./perfect.js";
import { Rng } from "./random.js";

describe("perfect-tree inference layout", () => {
  it("gives the same bits as the pointer walk (NaN right, uneven depths, one-leaf trees, batch and single rows)", () => {
    const rng = new Rng(3);
    const F = 7;
    // depth 0 (a single leaf: boosting's tree when no split gains) to 6
    const trees = Array.from({ length: 23 }, (_, t) => randomTree(rng, F, t % 7));
    const e = buildEnsemble(
      trees,
      3,
      trees.map((_, t) => t % 3),
    );
    expect(perfectLayout(e)).not.toBeNull();
    for (const rows of [1, 3, 4, 101]) {
      const x = rowsWithNaN(rng, rows, F);
      const a = new Float64Array(rows * 3);
      const b = new Float64Array(rows * 3);
      accumulateWalk(e, x, rows, F, a, 0.5);
      accumulateEnsemble(e, x, rows, F, b, 0.5);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });

  it("declines trees deeper than its limit and multi-output leaves", () => {
    const deep = buildEnsemble([randomTree(new Rng(9), 3, PERFECT_MAX_DEPTH + 3)], 1);
    // the random tree may stop early: only assert when it is really deeper than the limit
    const d = (node: number): number =>
      deep.feature[node] < 0 ? 0 : 1 + Math.max(d(deep.left[node]), d(deep.right[node]));
    if (d(0) > PERFECT_MAX_DEPTH) expect(perfectLayout(deep)).toBeNull();
    const multi = new NodeStore(2, 4);
    multi.add(1);
    multi.value[0] = 1;
    multi.value[1] = 2;
    expect(perfectLayout(buildEnsemble([multi], 2))).toBeNull();
  });

  it("a fitted boosting model predicts the same through either layout", () => {
    const { X, y } = makeBlobs({ rows: 600, cols: 5, classes: 4, seed: 11, spread: 3 });
    const m = new GradientBoostingClassifier({ nEstimators: 15, maxDepth: 4 }).fit(X, y);
    const raw = m.decisionFunction(X);
    const e = m.trees();
    const ref = new Float64Array(X.rows * e.nColumns);
    const init = m.baseScores();
    for (let r = 0; r < X.rows; r++) for (let c = 0; c < e.nColumns; c++) ref[r * e.nColumns + c] = init[c];
    accumulateWalk(e, X.data, X.rows, X.cols, ref, 1);
    expect(Array.from(raw.data)).toEqual(Array.from(Float32Array.from(ref)));
  });
});
