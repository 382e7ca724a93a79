/**
 * Server checkpoints: after every aggregated round the server writes the next round number, the global
 * parameters, the strategy's optimizer state and the DP rounds spent, atomically (temp file + rename),
 * so a restarted server resumes at the round after the last completed one and loses none.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { VigilError } from "../errors.js";
import { type Checkpoint, checkpointSchema } from "../schemas/federated.js";
import { parseMessage } from "./transport/body.js";
import { decodeVector, encodeVector } from "./vector.js";

export interface CheckpointState {
  nextRound: number;
  parameters: Float32Array;
  strategy: string;
  strategyState: Record<string, Float32Array>;
  dpRounds: number;
  modelSha: string;
}

export function writeCheckpoint(path: string, s: CheckpointState): void {
  const body: Checkpoint = {
    format: "vigil-fed-checkpoint",
    version: 1,
    nextRound: s.nextRound,
    parameters: encodeVector(s.parameters),
    strategy: s.strategy,
    strategyState: Object.fromEntries(Object.entries(s.strategyState).map(([k, v]) => [k, encodeVector(v)])),
    dpRounds: s.dpRounds,
    modelSha: s.modelSha,
  };
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, path);
  } catch (cause) {
    throw new VigilError("E_IO", `cannot write checkpoint: ${String(cause)}`, { file: path }, { cause });
  }
}

/** The checkpoint at `path`, or null when there is none yet. */
export function readCheckpoint(path: string): CheckpointState | null {
  if (!existsSync(path)) return null;
  let c: Checkpoint;
  try {
    c = parseMessage(checkpointSchema, readFileSync(path), "checkpoint");
  } catch (e) {
    if (e instanceof VigilError) throw e.withContext({ file: path });
    throw new VigilError("E_IO", `cannot read checkpoint: ${String(e)}`, { file: path }, { cause: e });
  }
  return {
    nextRound: c.nextRound,
    parameters: decodeVector(c.parameters, "parameters"),
    strategy: c.strategy,
    strategyState: Object.fromEntries(
      Object.entries(c.strategyState).map(([k, v]) => [k, decodeVector(v, `strategyState.${k}`)]),
    ),
    dpRounds: c.dpRounds,
    modelSha: c.modelSha,
  };
}
