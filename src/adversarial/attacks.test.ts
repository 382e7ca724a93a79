import { describe, expect, it } from "vitest";
import type { Classifier, ModelArtifact } from "../models/base.js";
import type { Differentiable } from "../models/differentiable.js";
import { fromRows, type Matrix } from "../table/matrix.js";
import { isFeasible, projectRow, type ThreatModel } from "./constraints.js";
import { DecisionAttack } from "./decision-attack.js";
import { Fgsm, Pgd } from "./gradient-attacks.js";
import { evaluateRobustness } from "./robustness.js";
import { threatModelFor } from "./threat-models.js";

/** Two-class logistic model with known weights: logits [0, w.x + b]; class 0 = benign. */
class Logistic implements Classifier, Differentiable {
  readonly kind = "test-logistic";
  readonly fitted = true;
  readonly nClasses = 2;
  calls = 0;
  constructor(
    readonly w: number[],
    readonly b: number,
  ) {}
  private z(X: Matrix, r: number): number {
    let s = this.b;
    for (let j = 0; j < X.cols; j++) s += this.w[j] * X.data[r * X.cols + j];
    return s;
  }
  fit(): this {
    return this;
  }
  predict(X: Matrix): Int32Array {
    this.calls += X.rows;
    return Int32Array.from({ length: X.rows }, (_, r) => (this.z(X, r) > 0 ? 1 : 0));
  }
  predictProba(X: Matrix): Matrix {
    const d = new Float32Array(X.rows * 2);
    for (let r = 0; r < X.rows; r++) {
      const p = 1 / (1 + Math.exp(-this.z(X, r)));
      d[2 * r] = 1 - p;
      d[2 * r + 1] = p;
    }
    return { rows: X.rows, cols: 2, data: d };
  }
  inputGradient(X: Matrix, cls: Int32Array): Matrix {
    const d = new Float32Array(X.rows * X.cols);
    for (let r = 0; r < X.rows; r++)
      if (cls[r] === 1) for (let j = 0; j < X.cols; j++) d[r * X.cols + j] = this.w[j];
    return { rows: X.rows, cols: X.cols, data: d };
  }
  lossGradient(X: Matrix, y: Int32Array): Matrix {
    const d = new Float32Array(X.rows * X.cols);
    for (let r = 0; r < X.rows; r++) {
      const p = 1 / (1 + Math.exp(-this.z(X, r)));
      for (let j = 0; j < X.cols; j++) d[r * X.cols + j] = (p - (y[r] === 1 ? 1 : 0)) * this.w[j];
    }
    return { rows: X.rows, cols: X.cols, data: d };
  }
  getParams(): object {
    return {};
  }
  clone(): Logistic {
    return new Logistic(this.w, this.b);
  }
  toArtifact(): ModelArtifact {
    throw new Error("not needed");
  }
}

// TON_IoT-like columns: the attacker may grow duration, src_bytes, src_pkts; src_ip_bytes is derived.
const NAMES = ["duration", "src_bytes", "src_pkts", "src_ip_bytes", "dst_bytes", "proto=tcp"];
const REF = fromRows([
  [1, 100, 2, 180, 50, 1],
  [2, 300, 4, 460, 80, 0],
  [0.5, 0, 1, 40, 0, 1],
]);
const tm: ThreatModel = threatModelFor("ton-iot-network", NAMES, REF);

// attack rows: short, many bytes per packet
const X = fromRows([
  [0.1, 200, 1, 240, 10, 1],
  [0.2, 400, 2, 480, 20, 1],
  [0.1, 100, 1, 128, 30, 0],
  [0.3, 300, 3, 420, 40, 1],
]);

describe("threat model projection", () => {
  it("keeps directions, integrality, the victim's features and the IP byte total", () => {
    const x0 = Float32Array.from([0.1, 200, 1, 240, 10, 1]);
    const x = Float32Array.from([-5, 10_000.7, 0.4, 0, 999, 0]);
    projectRow(tm, x0, x, 0.5);
    expect(x[0]).toBeCloseTo(0.1, 6); // duration cannot shrink
    expect(x[2]).toBe(1); // packets cannot shrink
    expect(Number.isInteger(x[1])).toBe(true);
    expect(x[1]).toBeLessThanOrEqual(200 + 0.5 * (200 + tm.floor[1]));
    expect(x[4]).toBe(10); // the victim's bytes
    expect(x[5]).toBe(1); // category fixed
    expect(x[3]).toBe(240 + (x[1] - 200) + 40 * (x[2] - 1)); // derived, TCP header bytes
    expect(x[3]).toBeGreaterThanOrEqual(x[1] + 20 * x[2]);
    expect(isFeasible(tm, x0, x, 0.5)).toBe(true);
    expect(isFeasible(tm, x0, Float32Array.from([0.05, 200, 1, 240, 10, 1]), 0.5)).toBe(false);
  });
});

describe("CICIoT2023 threat model", () => {
  const names = [
    "Header_Length",
    "Rate",
    "Tot sum",
    "Min",
    "Max",
    "AVG",
    "Std",
    "Tot size",
    "IAT",
    "Number",
    "Variance",
    "TCP",
  ];
  const ref = fromRows([
    [100, 50, 1000, 60, 100, 80, 10, 80, 0.02, 10, 1, 1],
    [200, 20, 4000, 60, 1500, 400, 300, 400, 0.1, 10, 2, 0],
  ]);
  const cic = threatModelFor("ciciot2023-sample", names, ref);
  it("pads lengths up only, keeps Min <= AVG <= Max, derives Tot sum and Rate", () => {
    const x0 = Float32Array.from([100, 50, 1000, 60, 100, 80, 10, 80, 0.02, 10, 1, 1]);
    const x = Float32Array.from([90, 999, 0, 200, 90, 150, 50, 85, 0.03, 99, 5, 0]);
    projectRow(cic, x0, x, 1);
    expect(x[0]).toBe(100); // header length cannot shrink
    expect(x[3]).toBeLessThanOrEqual(x[5]);
    expect(x[5]).toBeLessThanOrEqual(x[4]);
    expect(x[2]).toBeCloseTo(1000 + (x[5] - 80) * 10, 3); // Tot sum follows the per-packet padding
    expect(x[1]).toBeCloseTo((50 * 0.02) / x[8], 3); // Rate falls as gaps grow
    expect([x[6], x[9], x[10], x[11]]).toEqual([10, 10, 1, 1]); // fixed features
    expect(isFeasible(cic, x0, x, 1)).toBe(true);
  });
  it("rejects data without the features it needs, and unknown datasets", () => {
    expect(() => threatModelFor("ciciot2023-sample", ["Rate"], fromRows([[1]]))).toThrow(/needs feature/);
    expect(() => threatModelFor("nsl-kdd", ["a"], fromRows([[1]]))).toThrow(/no threat model/);
  });
});

describe("gradient attacks on a differentiable model (known gradient)", () => {
  // detection rises with bytes per packet: benign needs more packets and duration, fewer bytes
  const model = new Logistic([-2, 0.02, -1, 0, 0, 0], -0.5);
  it("evade only as far as the threat model allows, and more with a bigger budget", () => {
    for (const attack of [new Fgsm(), new Pgd(20, 0.1)]) {
      const rates = [0, 0.5, 3].map((eps) => {
        const res = attack.run(model, X, tm, { eps, target: 0 });
        for (let r = 0; r < X.rows; r++) {
          const x0 = X.data.subarray(r * 6, r * 6 + 6);
          const x = res.X.data.subarray(r * 6, r * 6 + 6);
          expect(isFeasible(tm, x0, x, eps)).toBe(true);
          expect(x[1]).toBeGreaterThanOrEqual(x0[1]); // bytes can only grow, even though the gradient says shrink
        }
        return res.evaded.reduce((a, b) => a + b, 0);
      });
      expect(rates[0]).toBe(0);
      expect(rates[1]).toBeLessThanOrEqual(rates[2]);
      expect(rates[2]).toBeGreaterThan(0);
    }
  });
  it("cannot evade when the only way out is a direction the attacker lacks", () => {
    const onlyShrink = new Logistic([0, 0, 0, 0, 0.05, 0], -0.1); // depends on the victim's bytes only
    const res = new Pgd().run(onlyShrink, X, tm, { eps: 10, target: 0 });
    expect(Array.from(res.evaded)).toEqual([0, 0, 0, 0]);
  });
  it("rejects a model without gradients", () => {
    const noGrad = { ...new Logistic([0], 0), predict: () => new Int32Array(0) } as unknown as Classifier;
    expect(() =>
      new Fgsm().run({ kind: "x", predict: noGrad.predict } as unknown as Classifier, X, tm, {
        eps: 1,
        target: 0,
      }),
    ).toThrow(/no input gradients/);
  });
});

describe("decision-based black-box attack", () => {
  const model = new Logistic([-2, 0.02, -1, 0, 0, 0], -0.5);
  it("evades within its query budget, legal rows, refined towards the boundary", () => {
    const attack = new DecisionAttack(40, 16, 8);
    const res = attack.run(model, X, tm, { eps: 3, target: 0, seed: 1 });
    expect(res.evaded.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (let r = 0; r < X.rows; r++) {
      expect(res.queries[r]).toBeLessThanOrEqual(40);
      expect(
        isFeasible(tm, X.data.subarray(r * 6, r * 6 + 6), res.X.data.subarray(r * 6, r * 6 + 6), 3),
      ).toBe(true);
    }
    const far = new DecisionAttack(40, 16, 0).run(model, X, tm, { eps: 3, target: 0, seed: 1 });
    let moved = 0;
    let movedFar = 0;
    for (let i = 0; i < X.data.length; i++) {
      moved += Math.abs(res.X.data[i] - X.data[i]);
      movedFar += Math.abs(far.X.data[i] - X.data[i]);
    }
    expect(moved).toBeLessThan(movedFar);
  });
  it("robustness report: per-class success rate per budget", () => {
    const y = Int32Array.from([1, 1, 1, 1]);
    const rep = evaluateRobustness(model, X, y, {
      tm,
      attacks: [new DecisionAttack(30), new Pgd()],
      budgets: [0, 3],
      benignClass: 0,
      classes: ["benign", "dos"],
    });
    expect(rep.attacks.length).toBe(2);
    for (const a of rep.attacks) {
      expect(a.budgets[0].successRate).toBe(0);
      expect(a.budgets[1].perClass.dos.attacked).toBe(rep.attackedRowsPerClass.dos);
      expect(a.budgets[1].infeasibleRows).toBe(0);
    }
  });
});
