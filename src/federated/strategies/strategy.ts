/**
 * The aggregation seam (DESIGN.md convention 1): one Strategy interface, one file per strategy, a
 * registry by name (./index.ts) and a shared conformance suite (./conformance.ts).
 *
 * Strategies aggregate client *deltas* (local parameters minus the round's global parameters) into the
 * next global parameters. Working on deltas makes server optimizers (FedAvgM, FedAdam, FedYogi) and the
 * robust rules (Krum, median, trimmed mean, Bulyan) one code path; for FedAvg it is the same as averaging
 * the local parameters.
 */
import { VigilError } from "../../errors.js";

export interface ClientUpdate {
  clientId: string;
  /** Local parameters minus the global parameters of the round (length = parameter count). */
  delta: Float32Array;
  /** Local training rows (FedAvg weight). */
  numExamples: number;
}

export interface Strategy {
  readonly name: string;
  /** The new global parameters after `round`'s updates (a new array; inputs are not modified). */
  aggregate(global: Float32Array, updates: readonly ClientUpdate[], round: number): Float32Array;
  /** Per-round settings sent to clients (FedProx's mu). */
  clientConfig(): { proximalMu: number };
  /** Server-side optimizer state to checkpoint (empty for stateless strategies). */
  getState(): Record<string, Float32Array>;
  setState(state: Record<string, Float32Array>): void;
}

/** Throws E_CONFIG unless there is at least one update, all of the global length. */
export function checkUpdates(name: string, global: Float32Array, updates: readonly ClientUpdate[]): void {
  if (updates.length === 0) throw new VigilError("E_CONFIG", `${name}: no client updates to aggregate`);
  for (const u of updates) {
    if (u.delta.length !== global.length) {
      throw new VigilError(
        "E_SCHEMA",
        `${name}: client ${u.clientId} sent ${u.delta.length} values, the model has ${global.length}`,
        { field: "delta", client: u.clientId },
      );
    }
    if (!(u.numExamples > 0)) {
      throw new VigilError("E_SCHEMA", `${name}: client ${u.clientId} reports ${u.numExamples} examples`, {
        field: "numExamples",
        client: u.clientId,
      });
    }
  }
}

/** global + step, as a new Float32Array. */
export function applyStep(global: Float32Array, step: ArrayLike<number>, scale = 1): Float32Array {
  const out = new Float32Array(global.length);
  for (let i = 0; i < out.length; i++) out[i] = global[i] + scale * step[i];
  return out;
}

/** Stateless strategies share these. */
export const STATELESS = {
  getState(): Record<string, Float32Array> {
    return {};
  },
  setState(_state: Record<string, Float32Array>): void {},
};

/** Largest f with n >= need(f): the number of Byzantine clients a rule can tolerate among n. */
export function maxTolerated(n: number, need: (f: number) => number): number {
  let f = 0;
  while (need(f + 1) <= n) f++;
  return f;
}
