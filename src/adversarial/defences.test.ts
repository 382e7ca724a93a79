import { describe, expect, it } from "vitest";
import { imbalancedFixture } from "../augment/conformance.js";
import "../models/tree/decision-tree.js";
import "../models/forest/random-forest.js";
import type { Classifier } from "../models/base.js";
import { createModel } from "../models/registry.js";
import { Rng } from "../models/tree/random.js";
import { fromRows, type Matrix } from "../table/matrix.js";
import { adversarialTraining } from "./adversarial-training.js";
import { DecisionAttack } from "./decision-attack.js";
import { detectByCrossValidation, detectLabelNoise, flagQuality, flipLabels } from "./poisoning.js";
import { evaluateRobustness } from "./robustness.js";
import { FeatureSqueezer } from "./squeeze.js";
import { threatModelFor } from "./threat-models.js";

const NAMES = ["duration", "src_bytes", "src_pkts", "src_ip_bytes", "dst_bytes", "proto=tcp"];

/** Benign flows: long, few bytes per packet; attack flows: short bursts of big packets. */
function flows(n: number, seed: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const attack = i % 2 === 1;
    const pkts = attack ? 1 + rng.int(3) : 5 + rng.int(20);
    const bytes = attack ? 400 + rng.int(400) : 20 * pkts + rng.int(100);
    const dur = attack ? 0.05 + 0.1 * rng.float() : 1 + 5 * rng.float();
    rows.push([dur, bytes, pkts, bytes + 40 * pkts, rng.int(500), 1]);
    y.push(attack ? 1 : 0);
  }
  return { X: fromRows(rows), y: Int32Array.from(y) };
}

describe("adversarial training", () => {
  const train = flows(400, 1);
  const test = flows(200, 2);
  const tm = threatModelFor("ton-iot-network", NAMES, train.X);
  const make = () => createModel<Classifier>("decision-tree", { maxDepth: 6, seed: 0 });
  const attack = new DecisionAttack(60);
  const opts = {
    tm,
    attacks: [attack],
    budgets: [0.5],
    benignClass: 0,
    classes: ["benign", "attack"],
    maxRowsPerClass: 60,
  };
  it("adds evading training rows with true labels and lowers the attack success rate", () => {
    const before = evaluateRobustness(make().fit(train.X, train.y), test.X, test.y, opts);
    const at = adversarialTraining(make, train.X, train.y, {
      tm,
      attack,
      budgets: [0.5],
      benignClass: 0,
      maxRowsPerClass: 100,
      rounds: 2,
    });
    expect(at.addedRows[0]).toBeGreaterThan(0);
    expect(at.trainRows).toBe(train.X.rows + at.addedRows.reduce((a, b) => a + b, 0));
    const after = evaluateRobustness(at.model, test.X, test.y, opts);
    const b = before.attacks[0].budgets[0].successRate ?? 0;
    const a = after.attacks[0].budgets[0].successRate ?? 0;
    expect(b).toBeGreaterThan(0.2);
    expect(a).toBeLessThan(b);
  });
});

describe("feature squeezing", () => {
  const { X } = flows(50, 3);
  const tm = threatModelFor("ton-iot-network", NAMES, X);
  it("snaps controlled and derived features to a log grid, leaving the rest", () => {
    const sq = new FeatureSqueezer(tm, 1);
    const s = sq.squeeze(fromRows([[0.3, 300, 3, 420, 77, 1]]));
    expect(Array.from(s.data)).toEqual([0.25, 256, 4, 512, 77, 1]);
    const close = sq.squeeze(fromRows([[0.31, 290, 3, 430, 77, 1]]));
    expect(Array.from(close.data)).toEqual(Array.from(s.data));
  });
  it("calibrates a threshold at the asked clean false-positive rate", () => {
    const train = flows(300, 4);
    const model = createModel<Classifier>("decision-tree", { maxDepth: 8, seed: 0 }).fit(train.X, train.y);
    const sq = new FeatureSqueezer(tm, 4);
    sq.calibrate(model, train.X, 0.1);
    const flagged = sq.detect(model, train.X).reduce((a, b) => a + b, 0);
    expect(flagged / train.X.rows).toBeLessThanOrEqual(0.1);
  });
});

describe("label-noise poisoning and its detection", () => {
  const { X, y } = imbalancedFixture(8);
  it("flips exactly the asked share, each to another class", () => {
    const p = flipLabels(y, 0.1, 3, 1);
    const n = p.flipped.reduce((a, b) => a + b, 0);
    expect(n).toBe(Math.round(0.1 * y.length));
    for (let i = 0; i < y.length; i++) expect(p.y[i] !== y[i]).toBe(p.flipped[i] === 1);
    const tb = flipLabels(y, 0.05, 3, 1, "to-benign", 0);
    for (let i = 0; i < y.length; i++) if (tb.flipped[i] === 1) expect([y[i], tb.y[i]]).toEqual([y[i], 0]);
  });
  it("k-NN disagreement and cross-validated confidence find most flipped rows", () => {
    const p = flipLabels(y, 0.1, 3, 2);
    const knn = flagQuality(detectLabelNoise(X, p.y, { k: 7 }).flagged, p.flipped);
    expect(knn.recall).toBeGreaterThan(0.6);
    expect(knn.precision).toBeGreaterThan(0.4);
    const make = () => createModel<Classifier>("random-forest", { nEstimators: 10, seed: 0 });
    const cv = flagQuality(detectByCrossValidation(make, X, p.y).flagged, p.flipped);
    expect(cv.recall).toBeGreaterThan(0.5);
    expect(cv.precision).toBeGreaterThan(0.4);
  });
});
