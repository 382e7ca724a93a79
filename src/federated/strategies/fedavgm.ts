/**
 * FedAvgM (Hsu et al. 2019): server momentum on the averaged delta,
 *   v <- beta v + mean_delta;  theta <- theta + serverLr v.
 * With beta = 0 and serverLr = 1 it is FedAvg.
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { weightedMean } from "../vector.js";
import { applyStep, type ClientUpdate, checkUpdates, type Strategy } from "./strategy.js";

export const fedAvgMParamsSchema = z
  .object({
    serverLr: z.number().positive().default(1),
    momentum: z.number().min(0).lt(1).default(0.9),
  })
  .strict();

export class FedAvgM implements Strategy {
  readonly name = "fedavgm";
  private readonly p: z.infer<typeof fedAvgMParamsSchema>;
  private velocity: Float32Array | null = null;

  constructor(params: Record<string, unknown> = {}) {
    this.p = parseParams(fedAvgMParamsSchema, params, "fedavgm");
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const mean = weightedMean(
      updates.map((u) => u.delta),
      updates.map((u) => u.numExamples),
    );
    if (this.velocity === null || this.velocity.length !== global.length) {
      this.velocity = new Float32Array(global.length);
    }
    const v = this.velocity;
    for (let i = 0; i < v.length; i++) v[i] = this.p.momentum * v[i] + mean[i];
    return applyStep(global, v, this.p.serverLr);
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }

  getState(): Record<string, Float32Array> {
    return this.velocity === null ? {} : { velocity: this.velocity.slice() };
  }

  setState(state: Record<string, Float32Array>): void {
    this.velocity = state.velocity?.slice() ?? null;
  }
}
