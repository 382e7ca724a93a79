import { describe, expect, it } from "vitest";
import { NotFittedError } from "../../errors.js";
import { takeRows } from "../../table/matrix.js";
import { loadModel } from "../registry.js";
import { THREE_BLOBS_X, THREE_BLOBS_Y } from "./fixture.test-data.js";
import { LogisticRegression } from "./logistic.js";

describe("LogisticRegression", () => {
  it("finds scikit-learn's multinomial solution", () => {
    // python3 (see fixture.test-data.ts): LogisticRegression(C=1.0, multi_class='multinomial', tol=1e-10,
    //   max_iter=10000).fit(X, y).coef_, .intercept_, .predict_proba(X[:2])
    const m = new LogisticRegression({ C: 1, tol: 1e-9, maxIter: 1000 }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const { coef, intercept } = m.coefficients;
    const want = [
      -0.01882028416124609, -0.8406844349722684, 1.013242683597751, -0.14781781821677953, -0.9944223994365052,
      0.9885022531890484,
    ];
    want.forEach((v, i) => {
      expect(coef[i]).toBeCloseTo(v, 4);
    });
    [1.6563158737675092, -0.20663494211271388, -1.4496809316547934].forEach((v, i) => {
      expect(intercept[i]).toBeCloseTo(v, 4);
    });
    const p = m.predictProba(takeRows(THREE_BLOBS_X, [0, 1]));
    [
      0.4383562032998231, 0.5543447221373113, 0.007299074562865446, 0.24673740847110462, 0.4969441100857758,
    ].forEach((v, i) => {
      expect(p.data[i]).toBeCloseTo(v, 4);
    });
  });

  it("applies balanced class weights like scikit-learn", () => {
    // python3: LogisticRegression(C=0.5, multi_class='multinomial', tol=1e-10, max_iter=10000,
    //   class_weight='balanced').fit(X[:25], y[:25])
    const idx = Array.from({ length: 25 }, (_, i) => i);
    const m = new LogisticRegression({ C: 0.5, tol: 1e-9, maxIter: 1000, classWeight: "balanced" }).fit(
      takeRows(THREE_BLOBS_X, idx),
      THREE_BLOBS_Y.slice(0, 25),
    );
    const want = [
      -0.005642313563605476, -0.6171824084492663, 0.8250509045880553, -0.00449420310145367,
      -0.8194085910244495, 0.6216766115507205,
    ];
    want.forEach((v, i) => {
      expect(m.coefficients.coef[i]).toBeCloseTo(v, 4);
    });
    expect(m.coefficients.intercept[0]).toBeCloseTo(1.2092698621308846, 4);
  });

  it("follows the contract: not fitted, round trip, bad params", () => {
    const m = new LogisticRegression();
    expect(() => m.predict(THREE_BLOBS_X)).toThrow(NotFittedError);
    m.fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const back = loadModel<LogisticRegression>(JSON.stringify(m.toArtifact()));
    expect(Array.from(back.predictProba(THREE_BLOBS_X).data)).toEqual(
      Array.from(m.predictProba(THREE_BLOBS_X).data),
    );
    expect(() => new LogisticRegression({ C: -1 })).toThrow(/field=C/);
    expect(() => new LogisticRegression({ nope: 1 } as never)).toThrow(/bad params/);
  });
});
