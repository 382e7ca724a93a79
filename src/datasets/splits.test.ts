import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import {
  groupKFold,
  groupTrainTestSplit,
  stratifiedKFold,
  stratifiedTrainTestSplit,
  temporalKFold,
  temporalSplit,
} from "./splits.js";

/** 1000 rows: class 0 ×700, 1 ×250, 2 ×50, interleaved. */
function labels(): Int32Array {
  const y = new Int32Array(1000);
  for (let i = 0; i < 1000; i++) y[i] = i % 20 === 0 ? 2 : i % 4 === 1 ? 1 : 0;
  return y;
}

function count(y: Int32Array, idx: Int32Array, c: number): number {
  let n = 0;
  for (const i of idx) if (y[i] === c) n++;
  return n;
}

function expectPartition(n: number, a: Int32Array, b: Int32Array): void {
  const seen = new Uint8Array(n);
  for (const i of a) seen[i]++;
  for (const i of b) seen[i]++;
  expect(seen.every((v) => v === 1)).toBe(true);
}

describe("stratifiedTrainTestSplit", () => {
  it("keeps every class's proportion and partitions the rows", () => {
    const y = labels();
    const totals = [0, 1, 2].map((c) => y.filter((v) => v === c).length);
    const { train, test } = stratifiedTrainTestSplit(y, { testFraction: 0.2, seed: 7 });
    expectPartition(y.length, train, test);
    for (const c of [0, 1, 2]) expect(count(y, test, c)).toBe(Math.round(totals[c] * 0.2));
  });

  it("is deterministic under a seed and differs across seeds", () => {
    const y = labels();
    const a = stratifiedTrainTestSplit(y, { seed: 1 });
    const b = stratifiedTrainTestSplit(y, { seed: 1 });
    const c = stratifiedTrainTestSplit(y, { seed: 2 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it("puts one row of a two-row class on each side", () => {
    const y = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    const { train, test } = stratifiedTrainTestSplit(y, { testFraction: 0.1 });
    expect(count(y, test, 1)).toBe(1);
    expect(count(y, train, 1)).toBe(1);
  });

  it("rejects a fraction outside (0, 1)", () => {
    expect(() => stratifiedTrainTestSplit(labels(), { testFraction: 1.5 })).toThrow(VigilError);
  });
});

describe("stratifiedKFold", () => {
  it("gives k disjoint test folds covering every row, each class within one row of even", () => {
    const y = labels();
    const folds = stratifiedKFold(y, { k: 5, seed: 3 });
    expect(folds).toHaveLength(5);
    const seen = new Uint8Array(y.length);
    for (const f of folds) {
      expectPartition(y.length, f.train, f.test);
      for (const i of f.test) seen[i]++;
      for (const [c, total] of [
        [0, 700],
        [1, 250],
        [2, 50],
      ]) {
        expect(Math.abs(count(y, f.test, c) - total / 5)).toBeLessThanOrEqual(1);
      }
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });
});

describe("grouped splits", () => {
  // 12 groups of unequal sizes
  const groups = Int32Array.from({ length: 600 }, (_, i) => Math.floor(Math.sqrt(i * 0.24)));

  it("groupKFold never puts a group in two folds", () => {
    const folds = groupKFold(groups, { k: 4, seed: 5 });
    const foldOfGroup = new Map<number, number>();
    folds.forEach((f, fi) => {
      expectPartition(groups.length, f.train, f.test);
      for (const i of f.test) {
        const g = groups[i];
        expect(foldOfGroup.get(g) ?? fi).toBe(fi);
        foldOfGroup.set(g, fi);
      }
      const trainGroups = new Set(Array.from(f.train, (i) => groups[i]));
      for (const i of f.test) expect(trainGroups.has(groups[i])).toBe(false);
    });
    expect(foldOfGroup.size).toBe(new Set(groups).size);
  });

  it("groupKFold needs at least k groups", () => {
    expect(() => groupKFold(Int32Array.from([0, 0, 1, 1]), { k: 3 })).toThrow(/at least 3 groups/);
  });

  it("groupTrainTestSplit keeps groups whole and reaches the fraction", () => {
    const { train, test } = groupTrainTestSplit(groups, { testFraction: 0.3, seed: 9 });
    expectPartition(groups.length, train, test);
    const testGroups = new Set(Array.from(test, (i) => groups[i]));
    for (const i of train) expect(testGroups.has(groups[i])).toBe(false);
    expect(test.length).toBeGreaterThanOrEqual(0.3 * groups.length);
    expect(train.length).toBeGreaterThan(0);
  });
});

describe("temporal splits", () => {
  it("temporalSplit trains strictly before it tests, ties kept together", () => {
    // times out of order, with ties
    const time = Float64Array.from({ length: 500 }, (_, i) => ((i * 7919) % 500) >> 2);
    const { train, test } = temporalSplit(time, { testFraction: 0.25 });
    expectPartition(time.length, train, test);
    const lastTrain = Math.max(...Array.from(train, (i) => time[i]));
    const firstTest = Math.min(...Array.from(test, (i) => time[i]));
    expect(lastTrain).toBeLessThan(firstTest);
    expect(test.length).toBeGreaterThan(100);
  });

  it("temporalSplit rejects rows without a time", () => {
    expect(() => temporalSplit(Float64Array.from([1, Number.NaN, 3, 4]))).toThrow(/row 1 has no time/);
  });

  it("temporalKFold: expanding windows, each test block after its training rows", () => {
    const time = Float64Array.from({ length: 120 }, (_, i) => 1000 - i);
    const folds = temporalKFold(time, { k: 3 });
    expect(folds).toHaveLength(3);
    let prevTrain = 0;
    for (const f of folds) {
      expect(f.train.length).toBeGreaterThan(prevTrain);
      prevTrain = f.train.length;
      const lastTrain = Math.max(...Array.from(f.train, (i) => time[i]));
      const firstTest = Math.min(...Array.from(f.test, (i) => time[i]));
      expect(lastTrain).toBeLessThan(firstTest);
    }
  });
});
