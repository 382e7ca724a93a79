/**
 * Centered clipping (Karimireddy, He & Jaggi 2021, "Learning from History for Byzantine Robust
 * Optimization"): starting from a robust centre v (here the coordinate-wise median of the round's
 * deltas, so the rule is stateless), repeat `iterations` times
 *   v <- v + sum_k w_k clip(x_k - v, tau),  clip(d, tau) = d min(1, tau / |d|),  sum_k w_k = 1,
 * and step by v. Each client moves the result by at most w_k tau, however large its update, and unlike
 * Krum no honest client is dropped for being far from the others (a non-IID client with a rare class
 * keeps its direction, only its length is bounded). tau: a fixed radius, or (null) the median of the
 * distances |x_k - v| at each iteration. Weights: equal, or (`weighted`) example counts each capped at
 * weightCap x the median reported count (a lie about the count buys at most that much weight).
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { l2Norm } from "../vector.js";
import { applyStep, type ClientUpdate, checkUpdates, STATELESS, type Strategy } from "./strategy.js";

export const centeredClipParamsSchema = z
  .object({
    /** Clipping radius (L2); null: the median distance to the centre, recomputed each iteration. */
    tau: z.number().positive().nullable().default(null),
    iterations: z.number().int().min(1).max(100).default(3),
    weighted: z.boolean().default(false),
    weightCap: z.number().min(1).default(4),
  })
  .strict();

export class CenteredClip implements Strategy {
  readonly name = "centered-clip";
  private readonly p: z.infer<typeof centeredClipParamsSchema>;
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(params: Record<string, unknown> = {}) {
    this.p = parseParams(centeredClipParamsSchema, params, "centered-clip");
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const n = updates.length;
    const dim = global.length;
    const counts = updates.map((u) => u.numExamples).sort((a, b) => a - b);
    const cap = this.p.weightCap * counts[n >> 1];
    const raw = updates.map((u) => (this.p.weighted ? Math.min(u.numExamples, cap) : 1));
    const total = raw.reduce((s, x) => s + x, 0);
    const w = raw.map((x) => x / total);
    const v = coordinateMedian(updates, dim);
    const diff = new Float64Array(dim);
    const step = new Float64Array(dim);
    for (let it = 0; it < this.p.iterations; it++) {
      const dist = updates.map((u) => {
        for (let i = 0; i < dim; i++) diff[i] = u.delta[i] - v[i];
        return l2Norm(diff);
      });
      const tau = this.p.tau ?? median(dist);
      step.fill(0);
      updates.forEach((u, k) => {
        const s = dist[k] > tau && dist[k] > 0 ? (w[k] * tau) / dist[k] : w[k];
        for (let i = 0; i < dim; i++) step[i] += s * (u.delta[i] - v[i]);
      });
      for (let i = 0; i < dim; i++) v[i] += step[i];
    }
    return applyStep(global, v);
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

function coordinateMedian(updates: readonly ClientUpdate[], dim: number): Float64Array {
  const n = updates.length;
  const col = new Float64Array(n);
  const out = new Float64Array(dim);
  const h = n >> 1;
  for (let i = 0; i < dim; i++) {
    for (let k = 0; k < n; k++) col[k] = updates[k].delta[i];
    col.sort();
    out[i] = n % 2 === 1 ? col[h] : 0.5 * (col[h - 1] + col[h]);
  }
  return out;
}
