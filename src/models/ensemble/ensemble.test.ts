import { describe, expect, it } from "vitest";
import { matrix, takeRows } from "../../table/matrix.js";
import "../bayes/gaussian-nb.js";
import "../linear/logistic.js";
import "../neighbors/knn.js";
import { GaussianNb } from "../bayes/gaussian-nb.js";
import { THREE_BLOBS_X, THREE_BLOBS_Y } from "../linear/fixture.test-data.js";
import { Knn } from "../neighbors/knn.js";
import { loadModel } from "../registry.js";
import { foldIndices, stratifiedFoldIds } from "./fold-ids.js";
import { Stacking } from "./stacking.js";
import { Voting } from "./voting.js";

const members = [
  { kind: "gaussian-nb", params: {} },
  { kind: "knn", params: { k: 3 } },
];

describe("fold ids", () => {
  it("stratify every class across folds", () => {
    const y = Int32Array.from({ length: 103 }, (_, i) => (i < 90 ? 0 : i < 100 ? 1 : 2));
    const ids = stratifiedFoldIds(y, 5, 1);
    for (let f = 0; f < 5; f++) {
      const { test } = foldIndices(ids, f);
      const c1 = Array.from(test).filter((i) => y[i] === 1).length;
      expect(c1).toBe(2);
      expect(test.length === 20 || test.length === 21).toBe(true);
    }
    expect(() => stratifiedFoldIds(Int32Array.from([0, 1]), 3, 0)).toThrow(/folds/);
  });
});

describe("Voting", () => {
  it("soft voting averages member probabilities; hard voting counts votes", () => {
    const soft = new Voting({ estimators: members, voting: "soft", weights: [1, 3] }).fit(
      THREE_BLOBS_X,
      THREE_BLOBS_Y,
    );
    const q = takeRows(THREE_BLOBS_X, [0, 5, 15]);
    const p1 = new GaussianNb().fit(THREE_BLOBS_X, THREE_BLOBS_Y).predictProba(q);
    const p2 = new Knn({ k: 3 }).fit(THREE_BLOBS_X, THREE_BLOBS_Y).predictProba(q);
    const p = soft.predictProba(q);
    for (let i = 0; i < p.data.length; i++)
      expect(p.data[i]).toBeCloseTo((p1.data[i] + 3 * p2.data[i]) / 4, 6);
    const hard = new Voting({ estimators: members, voting: "hard" }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const ph = hard.predictProba(q);
    for (let i = 0; i < ph.data.length; i++) expect([0, 0.5, 1]).toContain(ph.data[i]);
    const back = loadModel<Voting>(JSON.stringify(soft.toArtifact()));
    expect(Array.from(back.predictProba(q).data)).toEqual(Array.from(p.data));
    expect(() => new Voting({ estimators: members, weights: [1] })).toThrow(/weights/);
  });
});

describe("Stacking", () => {
  it("learns from out-of-fold probabilities and round-trips", () => {
    const s = new Stacking({ estimators: members, folds: 3 }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const pred = s.predict(THREE_BLOBS_X);
    const acc = pred.reduce((a, v, i) => a + (v === THREE_BLOBS_Y[i] ? 1 : 0), 0) / 30;
    expect(acc).toBeGreaterThan(0.8);
    const back = loadModel<Stacking>(JSON.stringify(s.toArtifact()));
    expect(Array.from(back.predictProba(THREE_BLOBS_X).data)).toEqual(
      Array.from(s.predictProba(THREE_BLOBS_X).data),
    );
    const p = s.predictProba(matrix(1, 2, Float32Array.from([0, 3])));
    expect(p.data[0] + p.data[1] + p.data[2]).toBeCloseTo(1, 5);
  });
});
