/**
 * Krum and Multi-Krum (Blanchard et al. 2017). Each update's score is the sum of squared distances to
 * its n - f - 2 nearest other updates; Krum takes the update with the lowest score, Multi-Krum averages
 * the m lowest. Needs n >= 2f + 3: with fewer updates (dropouts) f is lowered to the largest tolerable
 * value. By default example counts are ignored (a Byzantine client could lie about them); with
 * `weighted` Multi-Krum averages the selected updates by their example counts as FedAvg does, each count
 * capped at `weightCap` times the median reported count (so a lie buys at most that much weight).
 * On a non-IID split the unweighted mean over-weights small clients (few local steps, skewed labels).
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { sqDist } from "../vector.js";
import {
  applyStep,
  type ClientUpdate,
  checkUpdates,
  maxTolerated,
  STATELESS,
  type Strategy,
} from "./strategy.js";

export const krumParamsSchema = z
  .object({
    /** Byzantine clients tolerated. */
    f: z.number().int().min(0).default(1),
    /** Updates averaged (1 = Krum; null = n - f, Multi-Krum's usual choice). */
    m: z.number().int().positive().nullable().default(1),
    /** Average the selected updates by example count (capped), as FedAvg does. */
    weighted: z.boolean().default(false),
    /** With `weighted`: a count counts at most weightCap x the median reported count. */
    weightCap: z.number().min(1).default(4),
  })
  .strict();

/** Pairwise squared distances, n x n (Float64, symmetric, zero diagonal). */
export function pairwiseSqDist(vs: readonly Float32Array[]): Float64Array {
  const n = vs.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = sqDist(vs[i], vs[j]);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}

/** Krum scores of the updates in `among` (indices into the distance matrix of size n). */
export function krumScores(dist: Float64Array, n: number, among: readonly number[], f: number): Float64Array {
  const nearest = Math.max(1, among.length - f - 2);
  const scores = new Float64Array(among.length);
  const row = new Float64Array(among.length - 1);
  for (let a = 0; a < among.length; a++) {
    let t = 0;
    for (let b = 0; b < among.length; b++) if (b !== a) row[t++] = dist[among[a] * n + among[b]];
    row.sort();
    let s = 0;
    for (let k = 0; k < Math.min(nearest, row.length); k++) s += row[k];
    scores[a] = s;
  }
  return scores;
}

/**
 * Indices (into `among`) of the m lowest Krum scores, lowest first; equal scores (two mutually nearest
 * updates) are ordered by `ids` (client ids) so the result does not depend on arrival order.
 */
export function krumSelect(
  dist: Float64Array,
  n: number,
  among: readonly number[],
  f: number,
  m: number,
  ids: readonly string[],
): number[] {
  const scores = krumScores(dist, n, among, f);
  const order = among
    .map((_, i) => i)
    .sort(
      (a, b) =>
        scores[a] - scores[b] || (ids[among[a]] < ids[among[b]] ? -1 : ids[among[a]] > ids[among[b]] ? 1 : 0),
    );
  return order.slice(0, m);
}

export class Krum implements Strategy {
  readonly name: "krum" | "multi-krum";
  private readonly p: z.infer<typeof krumParamsSchema>;
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(variant: "krum" | "multi-krum", params: Record<string, unknown> = {}) {
    this.name = variant;
    const defaults = variant === "multi-krum" ? { m: null } : {};
    this.p = parseParams(krumParamsSchema, { ...defaults, ...params }, variant);
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const n = updates.length;
    const f = Math.min(
      this.p.f,
      maxTolerated(n, (k) => 2 * k + 3),
    );
    const m = Math.max(1, Math.min(n, this.p.m ?? n - f));
    const vs = updates.map((u) => u.delta);
    const chosen = krumSelect(
      pairwiseSqDist(vs),
      n,
      vs.map((_, i) => i),
      f,
      m,
      updates.map((u) => u.clientId),
    );
    const counts = updates.map((u) => u.numExamples).sort((a, b) => a - b);
    const cap = this.p.weightCap * counts[counts.length >> 1];
    const w = chosen.map((c) => (this.p.weighted ? Math.min(updates[c].numExamples, cap) : 1));
    const total = w.reduce((s, x) => s + x, 0);
    const mean = new Float64Array(global.length);
    chosen.forEach((c, k) => {
      const v = vs[c];
      const wk = w[k] / total;
      for (let i = 0; i < mean.length; i++) mean[i] += wk * v[i];
    });
    return applyStep(global, mean);
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }
}
