import { describe, expect, it } from "vitest";
import { fromRows, matrix } from "../../table/matrix.js";
import { THREE_BLOBS_X, THREE_BLOBS_Y } from "../linear/fixture.test-data.js";
import { loadModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { Knn } from "./knn.js";

const Q = fromRows([
  [1, 1],
  [0, 2.5],
  [2.5, 0.5],
  [-1, 1],
]);

describe("Knn", () => {
  it("matches scikit-learn KNeighborsClassifier (uniform and distance weights)", () => {
    // python3 (see ../linear/fixture.test-data.ts): KNeighborsClassifier(5).fit(X, y).predict_proba(Q)
    const u = new Knn({ k: 5 }).fit(THREE_BLOBS_X, THREE_BLOBS_Y).predictProba(Q);
    [0.6, 0.4, 0, 0, 0, 1, 0.2, 0.8, 0, 0.4, 0.2, 0.4].forEach((v, i) => {
      expect(u.data[i]).toBeCloseTo(v, 6);
    });
    // python3: KNeighborsClassifier(7, weights='distance').fit(X, y).predict_proba(Q)
    const w = new Knn({ k: 7, weights: "distance" }).fit(THREE_BLOBS_X, THREE_BLOBS_Y).predictProba(Q);
    [
      0.525394603794301, 0.47460539620569897, 0, 0.11021909001378372, 0.11043451088184338, 0.7793463991043729,
      0.23093952127747142, 0.7690604787225285, 0, 0.3384128458091218, 0.18000813968353926, 0.481579014507339,
    ].forEach((v, i) => {
      expect(w.data[i]).toBeCloseTo(v, 5);
    });
  });

  it("finds the same neighbours as a naive scan across block boundaries", () => {
    const rng = new Rng(3);
    const n = 2500;
    const d = 5;
    const X = matrix(
      n,
      d,
      Float32Array.from({ length: n * d }, () => rng.normal()),
    );
    const y = Int32Array.from({ length: n }, () => rng.int(3));
    const q = matrix(
      70,
      d,
      Float32Array.from({ length: 70 * d }, () => rng.normal()),
    );
    const m = new Knn({ k: 4 }).fit(X, y);
    const nb = m.kneighbors(q);
    for (let i = 0; i < q.rows; i++) {
      const all: [number, number][] = [];
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (q.data[i * d + j] - X.data[t * d + j]) ** 2;
        all.push([Math.sqrt(s), t]);
      }
      all.sort((a, b) => a[0] - b[0]);
      for (let j = 0; j < 4; j++) expect(nb.distance[i * 4 + j]).toBeCloseTo(all[j][0], 4);
    }
  });

  it("predicts a training point's own class at distance 0 with distance weights, and round-trips", () => {
    const m = new Knn({ k: 3, weights: "distance" }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    expect(Array.from(m.predict(THREE_BLOBS_X))).toEqual(Array.from(THREE_BLOBS_Y));
    const back = loadModel<Knn>(JSON.stringify(m.toArtifact()));
    expect(Array.from(back.predictProba(Q).data)).toEqual(Array.from(m.predictProba(Q).data));
  });
});
