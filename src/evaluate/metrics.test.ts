import { describe, expect, it } from "vitest";
import { fromRows } from "../table/matrix.js";
import {
  accuracy,
  attackDetectionRate,
  averagePrecision,
  averagePrecisionOvr,
  confusionMatrix,
  confusionToRows,
  detectionRateAtFpr,
  falsePositiveRate,
  precisionRecallF1,
  rocAuc,
  rocAucOvr,
} from "./metrics.js";

const yt = [0, 0, 1, 1, 2, 2, 2, 0, 1, 2, 0, 1];
const yp = [0, 1, 1, 1, 2, 0, 2, 0, 2, 2, 0, 0];

describe("confusion-matrix metrics", () => {
  it("matches scikit-learn 1.2.1 on a 3-class example", () => {
    // python3: confusion_matrix(yt, yp) ; precision_recall_fscore_support(yt, yp, zero_division=0)
    const cm = confusionMatrix(yt, yp, 3);
    expect(confusionToRows(cm)).toEqual([
      [3, 1, 0],
      [1, 2, 1],
      [1, 0, 3],
    ]);
    const s = precisionRecallF1(cm);
    expect(Array.from(s.precision)).toEqual([0.6, 2 / 3, 0.75].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(s.recall)).toEqual([0.75, 0.5, 0.75].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(s.f1)).toEqual([2 / 3, 4 / 7, 0.75].map((v) => expect.closeTo(v, 12)));
    // average='macro' -> (0.6722222222222222, 0.6666666666666666, 0.6626984126984127)
    expect(s.macro.precision).toBeCloseTo(0.6722222222222222, 12);
    expect(s.macro.recall).toBeCloseTo(0.6666666666666666, 12);
    expect(s.macro.f1).toBeCloseTo(0.6626984126984127, 12);
    expect(accuracy(yt, yp)).toBeCloseTo(8 / 12, 12);
  });

  it("matches scikit-learn weighted and macro averages on imbalanced labels", () => {
    // python3: precision_recall_fscore_support([0,0,0,0,0,1,1,2],[0,0,0,1,2,1,0,2], average=..., zero_division=0)
    const cm = confusionMatrix([0, 0, 0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 2, 1, 0, 2], 3);
    const s = precisionRecallF1(cm);
    expect(s.weighted.precision).toBeCloseTo(0.65625, 12);
    expect(s.weighted.recall).toBeCloseTo(0.625, 12);
    expect(s.weighted.f1).toBeCloseTo(0.6249999999999999, 12);
    expect(s.macro.precision).toBeCloseTo(0.5833333333333334, 12);
    expect(s.macro.recall).toBeCloseTo(0.7000000000000001, 12);
    expect(s.macro.f1).toBeCloseTo(0.611111111111111, 12);
  });

  it("counts 0/0 as 0 like zero_division=0", () => {
    // python3: precision_recall_fscore_support([0,0,1,1],[0,0,0,0], average='macro', zero_division=0)
    const s = precisionRecallF1(confusionMatrix([0, 0, 1, 1], [0, 0, 0, 0], 2));
    expect(s.macro.precision).toBeCloseTo(0.25, 12);
    expect(s.macro.recall).toBeCloseTo(0.5, 12);
    expect(s.macro.f1).toBeCloseTo(1 / 3, 12);
  });

  it("computes the false-positive rate with a benign class (hand-computed)", () => {
    const cm = confusionMatrix(yt, yp, 3);
    // benign = 0: 4 benign rows, one predicted as class 1
    expect(falsePositiveRate(cm, 0)).toBeCloseTo(0.25, 12);
    // attacks (classes 1, 2): 8 rows, 2 predicted benign -> 6/8 detected
    expect(attackDetectionRate(cm, 0)).toBeCloseTo(0.75, 12);
    // binary: FP / (FP + TN)
    const b = confusionMatrix([0, 0, 0, 0, 1, 1], [0, 1, 1, 0, 1, 0], 2);
    expect(falsePositiveRate(b, 0)).toBeCloseTo(0.5, 12);
  });

  it("rejects bad labels with the record and field", () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/record=1 field=yTrue/);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/yPred/);
    expect(() => falsePositiveRate(confusionMatrix([0], [0], 2), 5)).toThrow(/benign class/);
  });
});

describe("ranking metrics", () => {
  const yb = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];
  const s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.1, 0.7];

  it("matches scikit-learn roc_auc_score and average_precision_score with ties", () => {
    // python3: roc_auc_score(yb, s) -> 0.62 ; average_precision_score(yb, s) -> 0.7142857142857142
    expect(rocAuc(yb, s)).toBeCloseTo(0.62, 12);
    expect(averagePrecision(yb, s)).toBeCloseTo(0.7142857142857142, 12);
  });

  it("gives 1 for a perfect ranking and 0.5 for constant scores (hand-computed)", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([0, 1, 0, 1], [1, 1, 1, 1])).toBe(0.5);
    expect(averagePrecision([0, 1, 0, 1], [1, 1, 1, 1])).toBe(0.5);
    expect(Number.isNaN(rocAuc([1, 1], [0.2, 0.3]))).toBe(true);
  });

  it("matches scikit-learn one-vs-rest macro ROC-AUC and AP", () => {
    const P = fromRows([
      [0.7, 0.2, 0.1],
      [0.3, 0.4, 0.3],
      [0.2, 0.5, 0.3],
      [0.1, 0.8, 0.1],
      [0.1, 0.1, 0.8],
      [0.5, 0.2, 0.3],
      [0.2, 0.2, 0.6],
      [0.6, 0.3, 0.1],
      [0.2, 0.3, 0.5],
      [0.3, 0.3, 0.4],
      [0.8, 0.1, 0.1],
      [0.4, 0.3, 0.3],
    ]);
    // python3: roc_auc_score(yt, P, multi_class='ovr', average='macro') -> 0.8958333333333334
    // (P is float64 there; vigil's Matrix is float32, which keeps these scores' order and ties)
    expect(rocAucOvr(yt, P).macro).toBeCloseTo(0.8958333333333334, 10);
    // python3: average_precision_score(label_binarize(yt, classes=[0,1,2]), P, average='macro') -> 0.8303571428571428
    expect(averagePrecisionOvr(yt, P).macro).toBeCloseTo(0.8303571428571428, 10);
  });

  it("sets the operating point from the benign quantile (hand-computed)", () => {
    const benign = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const attack = [0.85, 0.95, 1.5, 0.05];
    // target 10% of 10 benign -> k = 1 -> threshold = 9th smallest = 0.9; flagged: > 0.9
    const op = detectionRateAtFpr(benign, attack, 0.1);
    expect(op.threshold).toBeCloseTo(0.9, 12);
    expect(op.fpr).toBeCloseTo(0.1, 12);
    expect(op.detectionRate).toBeCloseTo(0.5, 12);
    const zero = detectionRateAtFpr(benign, attack, 0);
    expect(zero.threshold).toBeCloseTo(1.0, 12);
    expect(zero.fpr).toBe(0);
    expect(zero.detectionRate).toBeCloseTo(0.25, 12);
    expect(() => detectionRateAtFpr(benign, attack, 2)).toThrow(/target FPR/);
  });
});
