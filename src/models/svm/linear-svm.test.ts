import { describe, expect, it } from "vitest";
import { THREE_BLOBS_X, THREE_BLOBS_Y } from "../linear/fixture.test-data.js";
import { loadModel } from "../registry.js";
import { LinearSvm } from "./linear-svm.js";

describe("LinearSvm", () => {
  it("finds liblinear's one-vs-rest squared-hinge solution", () => {
    // python3 (see ../linear/fixture.test-data.ts): LinearSVC(C=1.0, tol=1e-8, max_iter=100000).fit(X, y)
    const m = new LinearSvm({ C: 1, tol: 1e-7, maxIter: 100000 }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const { coef, intercept } = m.coefficients;
    [
      -0.23657851048540499, -0.5109571589433679, 0.5036029296583063, 0.08210330521844608, -0.8793175309820128,
      0.5824805430927098,
    ].forEach((v, i) => {
      expect(coef[i]).toBeCloseTo(v, 3);
    });
    [0.47439730120118007, -0.8332133399480304, -1.163437106898309].forEach((v, i) => {
      expect(intercept[i]).toBeCloseTo(v, 3);
    });
  });

  it("finds liblinear's binary hinge solution", () => {
    // python3: LinearSVC(C=0.5, tol=1e-8, max_iter=100000, loss='hinge').fit(X, (y == 1).astype(int))
    const yb = THREE_BLOBS_Y.map((v) => (v === 1 ? 1 : 0));
    const m = new LinearSvm({ C: 0.5, loss: "hinge", tol: 1e-7, maxIter: 100000 }).fit(THREE_BLOBS_X, yb);
    expect(m.coefficients.coef[0]).toBeCloseTo(0.7597558514034946, 3);
    expect(m.coefficients.coef[1]).toBeCloseTo(0.05563203587900446, 3);
    expect(m.coefficients.intercept[0]).toBeCloseTo(-1.1902938236763914, 3);
    const p = m.predictProba(THREE_BLOBS_X);
    const pred = m.predict(THREE_BLOBS_X);
    for (let i = 0; i < 30; i++) {
      expect(p.data[2 * i] + p.data[2 * i + 1]).toBeCloseTo(1, 6);
      expect(pred[i]).toBe(p.data[2 * i + 1] > 0.5 ? 1 : 0);
    }
  });

  it("round-trips through its artifact", () => {
    const m = new LinearSvm().fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    const back = loadModel<LinearSvm>(m.toArtifact());
    expect(Array.from(back.predict(THREE_BLOBS_X))).toEqual(Array.from(m.predict(THREE_BLOBS_X)));
  });
});
