/** FedAvg (McMahan et al. 2017): the example-weighted mean of the client deltas, applied with step 1. */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { weightedMean } from "../vector.js";
import { applyStep, type ClientUpdate, checkUpdates, STATELESS, type Strategy } from "./strategy.js";

export const fedAvgParamsSchema = z
  .object({
    /** Weight clients by their example counts (true) or equally. */
    weighted: z.boolean().default(true),
  })
  .strict();

export class FedAvg implements Strategy {
  readonly name: string = "fedavg";
  protected readonly weighted: boolean;
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(params: Record<string, unknown> = {}) {
    this.weighted = parseParams(fedAvgParamsSchema, params, "fedavg").weighted;
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const mean = weightedMean(
      updates.map((u) => u.delta),
      updates.map((u) => (this.weighted ? u.numExamples : 1)),
    );
    return applyStep(global, mean);
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: 0 };
  }
}
