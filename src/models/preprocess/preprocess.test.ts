import { describe, expect, it } from "vitest";
import { fromRows, takeRows } from "../../table/matrix.js";
import "../linear/logistic.js";
import { THREE_BLOBS_X, THREE_BLOBS_Y } from "../linear/fixture.test-data.js";
import { loadModel } from "../registry.js";
import { chi2Scores, fClassifScores, mutualInfoScores } from "./feature-scores.js";
import { SimpleImputer } from "./imputer.js";
import { OneHotEncoder } from "./one-hot.js";
import { Pca } from "./pca.js";
import { Pipeline } from "./pipeline.js";
import { MinMaxScaler, StandardScaler } from "./scalers.js";
import { SelectFromModel, SelectKBest, VarianceThreshold } from "./select.js";

// python3: X below, y = [0,1,1,0,1,0]
const X = fromRows([
  [1, 2, 0.5],
  [3, 0, 1.5],
  [4, 1, 2.5],
  [0, 5, 0],
  [2, 2, 3],
  [5, 1, 1],
]);
const y = Int32Array.from([0, 1, 1, 0, 1, 0]);
const close = (got: ArrayLike<number>, want: number[], digits = 5) =>
  want.forEach((v, i) => {
    expect(got[i]).toBeCloseTo(v, digits);
  });

describe("scalers", () => {
  it("match scikit-learn StandardScaler and MinMaxScaler", () => {
    // python3: StandardScaler().fit_transform(X)[:2]
    close(
      new StandardScaler().fitTransform(X).data,
      [
        -0.8783100656536799, 0.10599978800063603, -0.8669214468630109, 0.29277002188455997,
        -1.165997668006996, 0.07881104062391,
      ],
    );
    // python3: MinMaxScaler((-1, 1)).fit_transform(X)[:2]
    const mm = new MinMaxScaler({ featureRange: [-1, 1] });
    close(mm.fitTransform(X).data, [-0.6, -0.2, -0.6666666666666667, 0.2, -1, 0]);
    const back = loadModel<MinMaxScaler>(JSON.stringify(mm.toArtifact()));
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(mm.transform(X).data));
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/featureRange/);
  });

  it("skip NaN in fit and keep it in transform", () => {
    const Xn = fromRows([[1], [Number.NaN], [3]]);
    const out = new StandardScaler().fitTransform(Xn);
    expect(out.data[0]).toBeCloseTo(-1, 6);
    expect(Number.isNaN(out.data[1])).toBe(true);
  });
});

describe("SimpleImputer", () => {
  it("fills by mean, median and most frequent (hand-computed)", () => {
    const Xn = fromRows([
      [1, 7],
      [Number.NaN, 7],
      [4, Number.NaN],
      [10, 2],
    ]);
    expect(Array.from(new SimpleImputer().fit(Xn).statistics)).toEqual([5, 16 / 3]);
    expect(Array.from(new SimpleImputer({ strategy: "median" }).fit(Xn).statistics)).toEqual([4, 7]);
    const mf = new SimpleImputer({ strategy: "most-frequent" }).fit(Xn);
    expect(Array.from(mf.transform(Xn).data)).toEqual([1, 7, 1, 7, 4, 7, 10, 2]);
  });
});

describe("OneHotEncoder", () => {
  it("encodes chosen columns after the passthrough ones", () => {
    const Xc = fromRows([
      [6, 0.5],
      [17, 1.5],
      [6, 2.5],
    ]);
    const enc = new OneHotEncoder({ columns: [0] }).fit(Xc);
    expect(enc.outputWidth).toBe(3);
    expect(
      Array.from(
        enc.transform(
          fromRows([
            [17, 9],
            [1, 8],
          ]),
        ).data,
      ),
    ).toEqual([9, 0, 1, 8, 0, 0]);
    const strict = new OneHotEncoder({ columns: [0], handleUnknown: "error" }).fit(Xc);
    expect(() =>
      strict.transform(
        fromRows([
          [6, 0],
          [1, 8],
        ]),
      ),
    ).toThrow(/record=1 field=column 0/);
  });
});

describe("feature selection", () => {
  it("scores match scikit-learn chi2 and f_classif", () => {
    // python3: chi2(X, y)[0] ; f_classif(X, y)[0]
    close(chi2Scores(X, y), [0.6, 2.272727272727273, 3.5588235294117645]);
    close(fClassifScores(X, y), [0.375, 1.562499999999999, 12.09999999999999], 4);
  });

  it("mutual information ranks an informative feature above noise", () => {
    const mi = mutualInfoScores(THREE_BLOBS_X, THREE_BLOBS_Y, 4);
    expect(mi[0]).toBeGreaterThan(0.1);
    expect(mi[1]).toBeGreaterThan(0.1);
    const yNoise = Int32Array.from({ length: 30 }, (_, i) => i % 2);
    expect(mutualInfoScores(THREE_BLOBS_X, yNoise, 2)[0]).toBeLessThan(0.05);
  });

  it("select-k-best, variance-threshold and select-from-model keep the right columns", () => {
    const kb = new SelectKBest({ k: 2, score: "chi2" }).fit(X, y);
    expect(Array.from(kb.selection.keep)).toEqual([1, 2]);
    expect(kb.transform(X).cols).toBe(2);
    const Xc = fromRows([
      [1, 5, 0],
      [2, 5, 1],
    ]);
    expect(Array.from(new VarianceThreshold().fit(Xc).selection.keep)).toEqual([0, 2]);
    const sfm = new SelectFromModel({
      estimator: { kind: "logistic-regression", params: {} },
      maxFeatures: 1,
    }).fit(X, y);
    expect(Array.from(sfm.selection.keep)).toEqual([2]);
    const back = loadModel<SelectFromModel>(JSON.stringify(sfm.toArtifact()));
    expect(Array.from(back.transform(X).data)).toEqual(Array.from(sfm.transform(X).data));
  });
});

describe("Pca", () => {
  it("matches scikit-learn PCA up to component sign", () => {
    // python3: p = PCA(2).fit(X); p.explained_variance_ratio_, p.explained_variance_, abs(p.components_),
    //   abs(p.transform(X[:2]))
    const p = new Pca({ nComponents: 2 }).fit(X);
    const f = p.fittedComponents;
    close(f.explainedVarianceRatio, [0.7873074130558907, 0.1269645815620065], 8);
    close(f.explainedVariance, [6.147558716944745, 0.9913817743633337], 8);
    close(
      Array.from(f.components, Math.abs),
      [
        0.7103590778514587, 0.646923040739091, 0.2772734388197209, 0.45366707004217466, 0.1196521435333765,
        0.8831022331005716,
      ],
      6,
    );
    close(
      Array.from(p.transform(takeRows(X, [0, 1])).data, Math.abs),
      [1.4275264424851142, 0.14895179920115806, 1.5643112335157061, 0.06612058088181715],
    );
    expect(new Pca({ nComponents: 0.9 }).fit(X).fittedComponents.explainedVariance.length).toBe(2);
  });
});

describe("Pipeline", () => {
  it("fits, predicts and round-trips as one artifact", () => {
    const p = new Pipeline({
      steps: [
        { kind: "standard-scaler" },
        { kind: "pca", params: { nComponents: 2 } },
        { kind: "logistic-regression", params: { C: 10 } },
      ],
    }).fit(THREE_BLOBS_X, THREE_BLOBS_Y);
    expect(p.nClasses).toBe(3);
    const back = loadModel<Pipeline>(JSON.stringify(p.toArtifact()));
    expect(Array.from(back.predictProba(THREE_BLOBS_X).data)).toEqual(
      Array.from(p.predictProba(THREE_BLOBS_X).data),
    );
    const acc = p.predict(THREE_BLOBS_X).reduce((s, v, i) => s + (v === THREE_BLOBS_Y[i] ? 1 : 0), 0) / 30;
    expect(acc).toBeGreaterThan(0.8);
  });

  it("rejects a classifier before the last step and unknown kinds, naming the step", () => {
    expect(() => new Pipeline({ steps: [{ kind: "logistic-regression" }, { kind: "pca" }] })).toThrow(
      /steps.0.kind/,
    );
    expect(() => new Pipeline({ steps: [{ kind: "nope" }] })).toThrow(/steps.0.kind/);
  });
});
