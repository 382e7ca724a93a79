/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per parameter, drop the floor(beta n) largest and
 * smallest client values and average the rest. beta < 0.5; example counts are ignored.
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { type ClientUpdate, checkUpdates, STATELESS, type Strategy } from "./strategy.js";

export const trimmedMeanParamsSchema = z.object({ beta: z.number().min(0).lt(0.5).default(0.2) }).strict();

export class TrimmedMean implements Strategy {
  readonly name = "trimmed-mean";
  private readonly beta: number;
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(params: Record<string, unknown> = {}) {
    this.beta = parseParams(trimmedMeanParamsSchema, params, "trimmed-mean").beta;
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const n = updates.length;
    const cut = Math.min(Math.floor(this.beta * n), (n - 1) >> 1);
    const col = new Float64Array(n);
    const out = new Float32Array(global.length);
    for (let i = 0; i < out.length; i++) {
      for (let k = 0; k < n; k++) col[k] = updates[k].delta[i];
      col.sort();
      let s = 0;
      for (let k = cut; k < n - cut; k++) s += col[k];
      out[i] = global[i] + s / (n - 2 * cut);
    }
    return out;
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }
}
