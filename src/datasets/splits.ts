/**
 * Train/test splits as row-index arrays (ascending): stratified (train/test, k-fold), grouped (no group
 * on both sides: device, capture, host), and temporal (every training row before every test row).
 * Seeded: the same seed gives the same split.
 */
import { VigilError } from "../errors.js";

export interface Split {
  train: Int32Array;
  test: Int32Array;
}

export interface SeedOption {
  /** Default 0. */
  seed?: number;
}

/** mulberry32: small, fast, deterministic; enough for shuffling rows. */
function rng(seed: number): () => number {
  let s = (seed | 0) ^ 0x2545f491;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleInPlace<T>(a: { length: number; [i: number]: T }, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

function checkFraction(f: number): void {
  if (!(f > 0 && f < 1))
    throw new VigilError("E_CONFIG", `testFraction must be in (0, 1), got ${f}`, { field: "testFraction" });
}

function checkK(k: number, available: number, what: string): void {
  if (!Number.isInteger(k) || k < 2)
    throw new VigilError("E_CONFIG", `k must be an integer >= 2, got ${k}`, { field: "k" });
  if (available < k)
    throw new VigilError("E_CONFIG", `k = ${k} folds need at least ${k} ${what}, found ${available}`, {
      field: "k",
    });
}

/** Row indices per value of `codes` (values must be >= 0). */
function indicesByCode(codes: Int32Array): Int32Array[] {
  let max = -1;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < 0)
      throw new VigilError("E_SCHEMA", `negative class/group code at row ${i}`, { record: i });
    if (codes[i] > max) max = codes[i];
  }
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(max + 1);
  for (let i = 0; i < codes.length; i++) out[codes[i]][fill[codes[i]]++] = i;
  return out;
}

/** Membership mask → ascending indices of rows in / out. */
function fromMask(isTest: Uint8Array): Split {
  let nTest = 0;
  for (let i = 0; i < isTest.length; i++) nTest += isTest[i];
  const train = new Int32Array(isTest.length - nTest);
  const test = new Int32Array(nTest);
  for (let i = 0, a = 0, b = 0; i < isTest.length; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/**
 * Each class split in the same proportion: round(n_c * testFraction) test rows per class, at least one
 * on each side for classes with two or more rows.
 */
export function stratifiedTrainTestSplit(
  y: Int32Array,
  options: SeedOption & { testFraction?: number } = {},
): Split {
  const f = options.testFraction ?? 0.25;
  checkFraction(f);
  const rand = rng(options.seed ?? 0);
  const isTest = new Uint8Array(y.length);
  for (const idx of indicesByCode(y)) {
    const n = idx.length;
    if (n === 0) continue;
    let nTest = Math.round(n * f);
    if (n >= 2) nTest = Math.min(n - 1, Math.max(1, nTest));
    shuffleInPlace(idx, rand);
    for (let i = 0; i < nTest; i++) isTest[idx[i]] = 1;
  }
  return fromMask(isTest);
}

/** k folds; every class dealt round-robin over the folds (class sizes differ by at most one per fold). */
export function stratifiedKFold(y: Int32Array, options: SeedOption & { k?: number } = {}): Split[] {
  const k = options.k ?? 5;
  checkK(k, y.length, "rows");
  const rand = rng(options.seed ?? 0);
  const fold = new Int32Array(y.length);
  let next = 0; // continue the rotation across classes so fold sizes stay even
  for (const idx of indicesByCode(y)) {
    shuffleInPlace(idx, rand);
    for (let i = 0; i < idx.length; i++) {
      fold[idx[i]] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFrom(fold, k);
}

function foldsFrom(fold: Int32Array, k: number): Split[] {
  const out: Split[] = [];
  const mask = new Uint8Array(fold.length);
  for (let f = 0; f < k; f++) {
    for (let i = 0; i < fold.length; i++) mask[i] = fold[i] === f ? 1 : 0;
    out.push(fromMask(mask));
  }
  return out;
}

/**
 * k folds of whole groups (no group in two folds): groups in seeded random order, largest first, each
 * to the fold with the fewest rows so far.
 */
export function groupKFold(groups: Int32Array, options: SeedOption & { k?: number } = {}): Split[] {
  const k = options.k ?? 5;
  const byGroup = indicesByCode(groups)
    .map((idx, g) => ({ g, idx }))
    .filter((x) => x.idx.length > 0);
  checkK(k, byGroup.length, "groups");
  const rand = rng(options.seed ?? 0);
  shuffleInPlace(byGroup, rand);
  byGroup.sort((a, b) => b.idx.length - a.idx.length); // stable: ties keep the shuffled order
  const foldRows = new Float64Array(k);
  const fold = new Int32Array(groups.length);
  for (const { idx } of byGroup) {
    let best = 0;
    for (let f = 1; f < k; f++) if (foldRows[f] < foldRows[best]) best = f;
    for (let i = 0; i < idx.length; i++) fold[idx[i]] = best;
    foldRows[best] += idx.length;
  }
  return foldsFrom(fold, k);
}

/**
 * Whole groups to test, in seeded random order, until the test side holds at least `testFraction` of
 * the rows; at least one group on each side.
 */
export function groupTrainTestSplit(
  groups: Int32Array,
  options: SeedOption & { testFraction?: number } = {},
): Split {
  const f = options.testFraction ?? 0.25;
  checkFraction(f);
  const byGroup = indicesByCode(groups).filter((idx) => idx.length > 0);
  if (byGroup.length < 2) {
    throw new VigilError("E_CONFIG", `a grouped split needs at least 2 groups, found ${byGroup.length}`, {
      field: "groups",
    });
  }
  shuffleInPlace(byGroup, rng(options.seed ?? 0));
  const isTest = new Uint8Array(groups.length);
  const target = f * groups.length;
  let nTest = 0;
  for (let g = 0; g < byGroup.length - 1 && (g === 0 || nTest < target); g++) {
    for (const i of byGroup[g]) isTest[i] = 1;
    nTest += byGroup[g].length;
  }
  return fromMask(isTest);
}

/**
 * Earliest rows train, latest test: the cut falls after (1 - testFraction) of the rows in time order,
 * moved forward past rows sharing the cut's time, so every training time < every test time.
 */
export function temporalSplit(time: Float64Array, options: { testFraction?: number } = {}): Split {
  const f = options.testFraction ?? 0.25;
  checkFraction(f);
  const order = timeOrder(time);
  const n = order.length;
  let cut = Math.floor(n * (1 - f));
  while (cut < n && cut > 0 && time[order[cut]] === time[order[cut - 1]]) cut++;
  if (cut <= 0 || cut >= n) {
    throw new VigilError("E_CONFIG", "temporal split leaves one side empty (too few distinct times)", {
      field: "time",
    });
  }
  const isTest = new Uint8Array(n);
  for (let i = cut; i < n; i++) isTest[order[i]] = 1;
  return fromMask(isTest);
}

/**
 * Expanding-window folds (scikit-learn's TimeSeriesSplit): the rows in time order cut into k + 1 blocks;
 * fold i trains on blocks 0..i and tests on block i + 1. Ties at a cut move to the earlier block.
 */
export function temporalKFold(time: Float64Array, options: { k?: number } = {}): Split[] {
  const k = options.k ?? 5;
  checkK(k, time.length, "rows");
  const order = timeOrder(time);
  const n = order.length;
  const bounds: number[] = [0];
  for (let b = 1; b <= k; b++) {
    let cut = Math.max(bounds[b - 1], Math.floor((n * b) / (k + 1)));
    while (cut < n && cut > 0 && time[order[cut]] === time[order[cut - 1]]) cut++;
    bounds.push(cut);
  }
  bounds.push(n);
  const out: Split[] = [];
  for (let i = 0; i < k; i++) {
    const train = Int32Array.from(order.subarray(0, bounds[i + 1])).sort();
    const test = Int32Array.from(order.subarray(bounds[i + 1], bounds[i + 2])).sort();
    if (train.length === 0 || test.length === 0) {
      throw new VigilError("E_CONFIG", `temporal fold ${i} is empty (too few distinct times for k = ${k})`, {
        field: "k",
      });
    }
    out.push({ train, test });
  }
  return out;
}

/** Row indices sorted by time (stable); NaN times are an error. */
function timeOrder(time: Float64Array): Int32Array {
  for (let i = 0; i < time.length; i++) {
    if (Number.isNaN(time[i]))
      throw new VigilError("E_SCHEMA", `row ${i} has no time`, { record: i, field: "time" });
  }
  const order = Int32Array.from({ length: time.length }, (_, i) => i);
  return order.sort((a, b) => time[a] - time[b] || a - b);
}
