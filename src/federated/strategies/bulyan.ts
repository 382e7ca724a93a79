/**
 * Bulyan (El Mhamdi et al. 2018): select theta = n - 2f updates by repeated Krum (each pick removed from
 * the pool), then per parameter average the beta = theta - 2f selected values closest to their median.
 * Needs n >= 4f + 3; with fewer updates f is lowered to the largest tolerable value (so at 30% attackers
 * among 10 clients Bulyan runs with f = 1: outside its guarantee, reported as such by the benchmark).
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { krumSelect, pairwiseSqDist } from "./krum.js";
import { type ClientUpdate, checkUpdates, maxTolerated, STATELESS, type Strategy } from "./strategy.js";

export const bulyanParamsSchema = z.object({ f: z.number().int().min(0).default(1) }).strict();

export class Bulyan implements Strategy {
  readonly name = "bulyan";
  private readonly f: number;
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(params: Record<string, unknown> = {}) {
    this.f = parseParams(bulyanParamsSchema, params, "bulyan").f;
  }

  /** The f actually used for n updates. */
  effectiveF(n: number): number {
    return Math.min(
      this.f,
      maxTolerated(n, (k) => 4 * k + 3),
    );
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const n = updates.length;
    const f = this.effectiveF(n);
    const vs = updates.map((u) => u.delta);
    const dist = pairwiseSqDist(vs);
    const ids = updates.map((u) => u.clientId);
    const pool = vs.map((_, i) => i);
    const selected: number[] = [];
    const theta = n - 2 * f;
    while (selected.length < theta) {
      const [best] = krumSelect(dist, n, pool, f, 1, ids);
      selected.push(pool[best]);
      pool.splice(best, 1);
    }
    const beta = Math.max(1, theta - 2 * f);
    const col = new Float64Array(theta);
    const out = new Float32Array(global.length);
    for (let i = 0; i < out.length; i++) {
      for (let k = 0; k < theta; k++) col[k] = vs[selected[k]][i];
      col.sort();
      const h = theta >> 1;
      const med = theta % 2 === 1 ? col[h] : 0.5 * (col[h - 1] + col[h]);
      // the beta values closest to the median form a contiguous window of the sorted column
      let lo = 0;
      for (let start = 1; start + beta <= theta; start++) {
        const cur = Math.max(Math.abs(col[lo] - med), Math.abs(col[lo + beta - 1] - med));
        const cand = Math.max(Math.abs(col[start] - med), Math.abs(col[start + beta - 1] - med));
        if (cand < cur) lo = start;
      }
      let s = 0;
      for (let k = lo; k < lo + beta; k++) s += col[k];
      out[i] = global[i] + s / beta;
    }
    return out;
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }
}
