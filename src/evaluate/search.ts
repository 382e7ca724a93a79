/**
 * Hyper-parameter search by cross-validation (scikit-learn's GridSearchCV / RandomizedSearchCV):
 * every candidate params object is merged over `baseParams`, cross-validated with ./crossval.ts, and
 * the candidates are ranked by the mean of `scoring` (default macro-F1; for "falsePositiveRate" lower
 * is better). Random search draws `nIter` candidates, seeded, from per-param distributions:
 * an array (uniform choice), { uniform: [lo, hi] }, { logUniform: [lo, hi] } or { int: [lo, hi] }.
 */
import { VigilError } from "../errors.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { type CvOptions, type CvResult, crossValidate, type SummaryMetric } from "./crossval.js";

export type ParamDistribution =
  | unknown[]
  | { uniform: [number, number] }
  | { logUniform: [number, number] }
  | { int: [number, number] };

export interface SearchOptions extends CvOptions {
  scoring?: SummaryMetric;
}

export interface Candidate {
  params: Record<string, unknown>;
  mean: number;
  std: number;
  rank: number;
  cv: CvResult;
}

export interface SearchResult {
  best: Candidate;
  candidates: Candidate[];
}

/** Every combination of the grid's values (cartesian product, keys in insertion order). */
export function gridCandidates(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new VigilError("E_CONFIG", `grid entry "${key}" must be a non-empty array`, { field: key });
    }
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return out;
}

export function randomCandidates(
  space: Record<string, ParamDistribution>,
  nIter: number,
  seed: number,
): Record<string, unknown>[] {
  const rng = new Rng(seed);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < nIter; i++) {
    const c: Record<string, unknown> = {};
    for (const [key, d] of Object.entries(space)) c[key] = draw(key, d, rng);
    out.push(c);
  }
  return out;
}

function draw(key: string, d: ParamDistribution, rng: Rng): unknown {
  if (Array.isArray(d)) {
    if (d.length === 0) throw new VigilError("E_CONFIG", `choice for "${key}" is empty`, { field: key });
    return d[rng.int(d.length)];
  }
  if ("uniform" in d) return d.uniform[0] + rng.float() * (d.uniform[1] - d.uniform[0]);
  if ("logUniform" in d) {
    const [lo, hi] = d.logUniform;
    if (!(lo > 0 && hi > lo))
      throw new VigilError("E_CONFIG", `logUniform for "${key}" needs 0 < lo < hi`, { field: key });
    return Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo)));
  }
  if ("int" in d) return d.int[0] + rng.int(d.int[1] - d.int[0] + 1);
  throw new VigilError("E_CONFIG", `unknown distribution for "${key}"`, { field: key });
}

export function searchCandidates(
  kind: string,
  baseParams: Record<string, unknown>,
  candidates: Record<string, unknown>[],
  X: Matrix,
  y: Int32Array,
  options: SearchOptions,
): SearchResult {
  const scoring = options.scoring ?? "macroF1";
  const lowerIsBetter = scoring === "falsePositiveRate";
  const scored: Candidate[] = candidates.map((c) => {
    const params = { ...baseParams, ...c };
    const cv = crossValidate({ kind, params }, X, y, options);
    const s = cv.summary[scoring];
    return { params, mean: s?.mean ?? Number.NaN, std: s?.std ?? Number.NaN, rank: 0, cv };
  });
  const order = scored
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const va = Number.isNaN(a.c.mean) ? Number.NEGATIVE_INFINITY : lowerIsBetter ? -a.c.mean : a.c.mean;
      const vb = Number.isNaN(b.c.mean) ? Number.NEGATIVE_INFINITY : lowerIsBetter ? -b.c.mean : b.c.mean;
      return vb - va || a.i - b.i;
    });
  order.forEach((o, r) => {
    o.c.rank = r + 1;
  });
  const ranked = order.map((o) => o.c);
  return { best: ranked[0], candidates: ranked };
}

export function gridSearch(
  kind: string,
  baseParams: Record<string, unknown>,
  grid: Record<string, unknown[]>,
  X: Matrix,
  y: Int32Array,
  options: SearchOptions,
): SearchResult {
  return searchCandidates(kind, baseParams, gridCandidates(grid), X, y, options);
}

export function randomSearch(
  kind: string,
  baseParams: Record<string, unknown>,
  space: Record<string, ParamDistribution>,
  nIter: number,
  X: Matrix,
  y: Int32Array,
  options: SearchOptions & { seed?: number },
): SearchResult {
  return searchCandidates(kind, baseParams, randomCandidates(space, nIter, options.seed ?? 0), X, y, options);
}
