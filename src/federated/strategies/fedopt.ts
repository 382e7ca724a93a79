/**
 * Adaptive server optimizers of Reddi et al. 2021, "Adaptive Federated Optimization" (FedAdam, FedYogi),
 * treating the averaged client delta as a pseudo-gradient step d:
 *   m <- b1 m + (1 - b1) d
 *   FedAdam: v <- b2 v + (1 - b2) d^2
 *   FedYogi: v <- v - (1 - b2) d^2 sign(v - d^2)
 *   theta <- theta + eta m / (sqrt(v) + tau)
 * No bias correction, v starts at tau^2, as in the paper's Algorithm 2.
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { weightedMean } from "../vector.js";
import { type ClientUpdate, checkUpdates, type Strategy } from "./strategy.js";

export const fedOptParamsSchema = z
  .object({
    eta: z.number().positive().default(0.01),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.99),
    tau: z.number().positive().default(1e-3),
  })
  .strict();

export class FedOpt implements Strategy {
  readonly name: "fedadam" | "fedyogi";
  private readonly p: z.infer<typeof fedOptParamsSchema>;
  private m: Float32Array | null = null;
  private v: Float32Array | null = null;

  constructor(variant: "fedadam" | "fedyogi", params: Record<string, unknown> = {}) {
    this.name = variant;
    this.p = parseParams(fedOptParamsSchema, params, variant);
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const d = weightedMean(
      updates.map((u) => u.delta),
      updates.map((u) => u.numExamples),
    );
    const { eta, beta1, beta2, tau } = this.p;
    if (this.m === null || this.v === null || this.m.length !== global.length) {
      this.m = new Float32Array(global.length);
      this.v = new Float32Array(global.length).fill(tau * tau);
    }
    const m = this.m;
    const v = this.v;
    const out = new Float32Array(global.length);
    const yogi = this.name === "fedyogi";
    for (let i = 0; i < out.length; i++) {
      const di = d[i];
      const d2 = di * di;
      m[i] = beta1 * m[i] + (1 - beta1) * di;
      v[i] = yogi ? v[i] - (1 - beta2) * d2 * Math.sign(v[i] - d2) : beta2 * v[i] + (1 - beta2) * d2;
      out[i] = global[i] + (eta * m[i]) / (Math.sqrt(Math.max(v[i], 0)) + tau);
    }
    return out;
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }

  getState(): Record<string, Float32Array> {
    return this.m === null || this.v === null ? {} : { m: this.m.slice(), v: this.v.slice() };
  }

  setState(state: Record<string, Float32Array>): void {
    this.m = state.m?.slice() ?? null;
    this.v = state.v?.slice() ?? null;
  }
}
