/**
 * The evasion-attack seam: an attack perturbs rows of attack traffic inside a threat model
 * (./constraints.ts) at budget eps until the model predicts the target class (benign). Every returned
 * row is projected onto the threat model, so it is a legal flow; `queries` counts model calls per row
 * (predictions, plus gradient calls for gradient attacks).
 */
import type { Classifier } from "../models/base.js";
import type { Matrix } from "../table/matrix.js";
import type { ThreatModel } from "./constraints.js";

export interface AttackOptions {
  eps: number;
  /** The class the attacker wants (benign). */
  target: number;
  seed?: number;
}

export interface AttackResult {
  /** Perturbed rows (projected), in input order; rows that did not evade hold the last try. */
  X: Matrix;
  /** 1 where the model predicts the target for the perturbed row. */
  evaded: Uint8Array;
  /** Model calls spent per row. */
  queries: Int32Array;
}

export interface EvasionAttack {
  readonly name: string;
  /** "white-box-gradient" needs a Differentiable model; "black-box-decision" only predict(). */
  readonly access: "white-box-gradient" | "black-box-decision";
  run(model: Classifier, X0: Matrix, tm: ThreatModel, options: AttackOptions): AttackResult;
}

/** Per row, whether predict() gives `target`. */
export function hitsTarget(model: Classifier, X: Matrix, target: number): Uint8Array {
  const p = model.predict(X);
  return Uint8Array.from(p, (v) => (v === target ? 1 : 0));
}
