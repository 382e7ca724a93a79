import { describe, expect, it } from "vitest";
import type { Matrix } from "../../table/matrix.js";
import { runDetectorConformance } from "../conformance.js";
import { loadModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { encodeItems, fitDiscretiser, itemNames } from "./discretise.js";
import { associationRules, mineTransactions } from "./itemsets.js";
import { RuleDetector } from "./rule-detector.js";

runDetectorConformance("rules (fpof)", () => new RuleDetector({ minSupport: 0.05, maxLength: 2 }));

// Tan, Steinbach & Kumar, "Introduction to Data Mining", table 6.1 (market baskets).
const BASKETS = [
  ["bread", "milk"],
  ["bread", "diapers", "beer", "eggs"],
  ["milk", "diapers", "beer", "cola"],
  ["bread", "milk", "diapers", "beer"],
  ["bread", "milk", "diapers", "cola"],
];

describe("frequent itemsets and rules on a hand-checked basket set", () => {
  it("finds exactly the itemsets with support >= 0.6", () => {
    const sets = mineTransactions(BASKETS, { minSupport: 0.6 });
    const keys = sets.map((s) => `${s.items.join("+")}:${s.count}`).sort();
    expect(keys).toEqual(
      [
        "beer:3",
        "bread:4",
        "diapers:4",
        "milk:4",
        "bread+milk:3",
        "bread+diapers:3",
        "diapers+milk:3",
        "beer+diapers:3",
      ].sort(),
    );
  });

  it("gives the textbook support, confidence and lift", () => {
    const sets = mineTransactions(BASKETS, { minSupport: 0.4 });
    const rules = associationRules(sets, { minConfidence: 0.5 });
    const find = (a: string[], c: string[]) =>
      rules.find((r) => r.antecedent.join() === a.join() && r.consequent.join() === c.join());
    // {milk, diapers} => {beer}: s = 2/5, c = 2/3, lift = (2/3) / (3/5)
    const r1 = find(["diapers", "milk"], ["beer"]);
    expect(r1?.support).toBeCloseTo(0.4, 12);
    expect(r1?.confidence).toBeCloseTo(2 / 3, 12);
    expect(r1?.lift).toBeCloseTo(10 / 9, 12);
    // {diapers} => {beer}: s = 3/5, c = 3/4, lift = 1.25
    const r2 = find(["diapers"], ["beer"]);
    expect(r2?.confidence).toBeCloseTo(0.75, 12);
    expect(r2?.lift).toBeCloseTo(1.25, 12);
    expect(r2?.text).toContain("diapers => beer");
    // {beer} => {bread}: c = 2/3 kept; {milk, beer} => {diapers} c = 1
    expect(find(["beer", "milk"], ["diapers"])?.confidence).toBe(1);
    // confidence below the floor is dropped: {bread} => {beer} has c = 2/4 = 0.5, kept at 0.5 but not at 0.6
    expect(find(["bread"], ["beer"])?.confidence).toBe(0.5);
    expect(
      associationRules(sets, { minConfidence: 0.6 }).some(
        (r) => r.antecedent.join() === "bread" && r.consequent.join() === "beer",
      ),
    ).toBe(false);
  });

  it("respects maxLength", () => {
    const sets = mineTransactions(BASKETS, { minSupport: 0.2, maxLength: 2 });
    expect(Math.max(...sets.map((s) => s.items.length))).toBe(2);
  });
});

describe("discretiser", () => {
  it("cuts at distinct quantiles and names items by the values they cover", () => {
    const X: Matrix = { rows: 8, cols: 1, data: Float32Array.from([0, 0, 0, 0, 10, 20, 30, 40]) };
    const t = fitDiscretiser(X, 4);
    // quantiles at 0.25, 0.5, 0.75 (linear): 0, 5, 22.5
    expect(Array.from(t.cuts)).toEqual([0, 5, 22.5]);
    const names = itemNames(t, ["bytes"], X);
    expect(names).toEqual([
      "bytes=0",
      "bytes in (0, 5]",
      "bytes in [10, 20]",
      "bytes in [30, 40]",
      "bytes < 0 (below training range)",
      "bytes > 40 (above training range)",
    ]);
    const it = encodeItems(t, { rows: 3, cols: 1, data: Float32Array.from([-1, 25, 99]) });
    expect(Array.from(it)).toEqual([4, 3, 5]);
  });
});

describe("class rules", () => {
  // two columns: a = port-like code, b = bytes; class 1 ("ddos") is exactly a = 3 with small b.
  const rng = new Rng(5);
  const n = 2000;
  const data = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const attack = i % 4 === 0;
    y[i] = attack ? 1 : 0;
    data[i * 2] = attack ? 3 : rng.int(3);
    data[i * 2 + 1] = attack ? rng.float() : 10 + 100 * rng.float();
  }
  const X: Matrix = { rows: n, cols: 2, data };

  it("finds the attack rule with its support, confidence and lift, and explains by it", () => {
    const m = new RuleDetector({ featureNames: ["port", "bytes"], classNames: ["benign", "ddos"] }).fit(X, y);
    expect(m.mode).toBe("class-rules");
    const rules = m.rules();
    const top = rules[0];
    expect(top.consequent).toEqual(["class=ddos"]);
    expect(top.antecedent).toEqual(["port=3"]);
    expect(top.support).toBeCloseTo(0.25, 12);
    expect(top.confidence).toBe(1);
    expect(top.lift).toBeCloseTo(4, 12);
    // the longer rule "port=3 and bytes in ..." is redundant and pruned
    expect(rules.some((r) => r.antecedent.includes("port=3") && r.antecedent.length > 1)).toBe(false);
    const test: Matrix = { rows: 2, cols: 2, data: Float32Array.from([3, 0.5, 1, 50]) };
    const ex = m.explain(test);
    expect(ex[0].score).toBe(1);
    expect(ex[0].rule?.text).toContain("port=3 => class=ddos");
    expect(ex[1].score).toBe(0);
    expect(ex[1].rule).toBeUndefined();
    const back = loadModel<RuleDetector>(JSON.stringify(m.toArtifact()));
    expect(Array.from(back.score(test))).toEqual([1, 0]);
    expect(back.rules().map((r) => r.text)).toEqual(rules.map((r) => r.text));
  });

  it("fpof mode names a never-seen value as the reason", () => {
    const benign = Int32Array.from(y.keys()).filter((i) => y[i] === 0);
    const bx: Matrix = {
      rows: benign.length,
      cols: 2,
      data: Float32Array.from(Array.from(benign).flatMap((i) => [data[i * 2], data[i * 2 + 1]])),
    };
    const m = new RuleDetector({ featureNames: ["port", "bytes"] }).fit(bx);
    expect(m.mode).toBe("fpof");
    const ex = m.explain({ rows: 2, cols: 2, data: Float32Array.from([1, 50, 3, 0.5]) });
    expect(ex[1].score).toBeGreaterThan(ex[0].score);
    expect(ex[1].rareItems).toEqual(["port > 2 (above training range)", "bytes < 10 (below training range)"]);
    expect(ex[0].rareItems).toEqual([]);
  });
});
