import { describe, expect, it } from "vitest";
import { fromRows, takeRows } from "../../table/matrix.js";
import { THREE_BLOBS_X, THREE_BLOBS_Y } from "../linear/fixture.test-data.js";
import { loadModel } from "../registry.js";
import { CategoricalNb } from "./categorical-nb.js";
import { GaussianNb } from "./gaussian-nb.js";

describe("GaussianNb", () => {
  it("matches scikit-learn GaussianNB moments and probabilities", () => {
    // python3 (see ../linear/fixture.test-data.ts): g = GaussianNB().fit(X, y); g.theta_, g.var_,
    //   g.predict_proba(X[[0, 10, 20]])
    const m = new GaussianNb().fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    [0.8614, 0.2775, 2.1922, 0.9193, -0.8133, 3.023].forEach((v, i) => {
      expect(m.moments.mean[i]).toBeCloseTo(v, 5);
    });
    [
      0.4179568423279642, 0.8570166523279642, 1.699634362327964, 1.0847790123279641, 0.3300748123279641,
    ].forEach((v, i) => {
      expect(m.moments.variance[i]).toBeCloseTo(v, 5);
    });
    const p = m.predictProba(takeRows(THREE_BLOBS_X, [0, 10, 20]));
    [
      0.5035265806262924, 0.4964722333453888, 1.1860283188958127e-6, 0.07395731552534185, 0.0915724517159865,
      0.8344702327586715, 0.01434437543440955, 0.04981164665328326, 0.9358439779123071,
    ].forEach((v, i) => {
      expect(p.data[i]).toBeCloseTo(v, 4);
    });
    const back = loadModel<GaussianNb>(m.toArtifact());
    expect(Array.from(back.predict(THREE_BLOBS_X))).toEqual(Array.from(m.predict(THREE_BLOBS_X)));
  });
});

describe("CategoricalNb", () => {
  const Xc = fromRows([
    [0, 1],
    [1, 1],
    [2, 0],
    [0, 0],
    [1, 2],
    [2, 2],
    [0, 1],
    [1, 0],
  ]);
  const yc = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 0]);

  it("matches scikit-learn CategoricalNB probabilities", () => {
    // python3: CategoricalNB(alpha=1.0).fit(Xc, yc).predict_proba([[0,1],[2,2],[1,0]])
    const p = new CategoricalNb().fit(Xc, yc).predictProba(
      fromRows([
        [0, 1],
        [2, 2],
        [1, 0],
      ]),
    );
    [0.5, 0.5, 0.25, 0.75, 0.6923076923076924, 0.3076923076923076].forEach((v, i) => {
      expect(p.data[i]).toBeCloseTo(v, 6);
    });
  });

  it("gives an unseen code the smoothed zero count (hand-computed)", () => {
    // class 0: 4 rows, feature 0 has 3 codes -> P(unseen | 0) = 1 / (4 + 3); same for class 1 -> ratio 1
    const m = new CategoricalNb().fit(Xc, yc);
    const p = m.predictProba(fromRows([[7, 1]]));
    // so only feature 1 = 1 decides: class 0 (2+1)/(4+3), class 1 (1+1)/(4+3), equal priors -> 3/5
    expect(p.data[0]).toBeCloseTo(0.6, 6);
  });

  it("names the record and column of a non-code, and bins continuous data when asked", () => {
    expect(() => new CategoricalNb().fit(fromRows([[0.5], [1]]), Int32Array.from([0, 1]))).toThrow(
      /record=0 field=column 0/,
    );
    const m = new CategoricalNb({ nBins: 4 }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const pred = m.predict(THREE_BLOBS_X);
    let right = 0;
    for (let i = 0; i < 30; i++) if (pred[i] === THREE_BLOBS_Y[i]) right++;
    expect(right).toBeGreaterThan(20);
    const back = loadModel<CategoricalNb>(JSON.stringify(m.toArtifact()));
    expect(Array.from(back.predictProba(THREE_BLOBS_X).data)).toEqual(
      Array.from(m.predictProba(THREE_BLOBS_X).data),
    );
  });
});
