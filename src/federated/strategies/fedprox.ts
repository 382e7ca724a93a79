/**
 * FedProx (Li et al. 2020): FedAvg aggregation; clients add (mu/2)|theta - theta_global|^2 to their local
 * loss (ParameterVector.partialFit's proximalMu), which limits client drift on non-IID data.
 */
import { z } from "zod";
import { parseParams } from "../../models/base.js";
import { weightedMean } from "../vector.js";
import { applyStep, type ClientUpdate, checkUpdates, STATELESS, type Strategy } from "./strategy.js";

export const fedProxParamsSchema = z.object({ mu: z.number().min(0).default(0.01) }).strict();

export class FedProx implements Strategy {
  readonly name = "fedprox";
  private readonly mu: number;
  getState = STATELESS.getState;
  setState = STATELESS.setState;

  constructor(params: Record<string, unknown> = {}) {
    this.mu = parseParams(fedProxParamsSchema, params, "fedprox").mu;
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    checkUpdates(this.name, global, updates);
    const mean = weightedMean(
      updates.map((u) => u.delta),
      updates.map((u) => u.numExamples),
    );
    return applyStep(global, mean);
  }

  clientConfig(): { proximalMu: number } {
    return { proximalMu: this.mu };
  }
}
