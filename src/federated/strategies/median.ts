/**
 * Coordinate-wise median (Yin et al. 2018): each parameter's step is the median of the clients' values
 * (mean of the two middle ones for even n). Example counts are ignored.
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { type ClientUpdate, checkUpdates, STATELESS, type Strategy } from "./strategy.js";

export class CoordinateMedian implements Strategy {
  readonly name = "median";
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(params: Record<string, unknown> = {}) {
    parseParams(z.object({}).strict(), params, "median");
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const n = updates.length;
    const col = new Float64Array(n);
    const out = new Float32Array(global.length);
    const half = n >> 1;
    for (let i = 0; i < out.length; i++) {
      for (let k = 0; k < n; k++) col[k] = updates[k].delta[i];
      col.sort();
      const med = n % 2 === 1 ? col[half] : 0.5 * (col[half - 1] + col[half]);
      out[i] = global[i] + med;
    }
    return out;
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }
}
