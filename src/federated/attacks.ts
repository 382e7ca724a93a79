/**
 * Attacks a fraction of simulated (or real) clients mount, to measure the defences:
 * - label-flip: train on y -> (nClasses - 1 - y) (data poisoning);
 * - sign-flip: send -scale * delta (model poisoning, pushes the global model uphill);
 * - scaled: send scale * delta (an honest-looking direction with outsized weight);
 * - backdoor: stamp a trigger (feature `feature` set to `value`) on a share of the local rows, relabel
 *   them `targetClass`, train, and send scale * delta (model replacement, Bagdasaryan et al. 2020).
 */
import { z } from "zod";
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import { Rng } from "./random.js";

export const attackSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z.object({ kind: z.literal("label-flip") }).strict(),
  z.object({ kind: z.literal("sign-flip"), scale: z.number().positive().default(4) }).strict(),
  z.object({ kind: z.literal("scaled"), scale: z.number().positive().default(10) }).strict(),
  z
    .object({
      kind: z.literal("backdoor"),
      feature: z.number().int().min(0),
      value: z.number(),
      targetClass: z.number().int().min(0),
      /** Share of the local rows stamped. */
      poisonFraction: z.number().gt(0).max(1).default(0.5),
      scale: z.number().positive().default(1),
    })
    .strict(),
]);
export type Attack = z.infer<typeof attackSchema>;

export function parseAttack(value: unknown): Attack {
  const r = attackSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new VigilError("E_CONFIG", `bad attack: ${issue.message}`, {
      field: `attack.${issue.path.join(".")}`,
    });
  }
  return r.data;
}

/** The training rows an attacker uses (copies; honest clients get the inputs back). */
export function poisonData(
  attack: Attack,
  X: Matrix,
  y: Int32Array,
  nClasses: number,
  seed: number,
): { X: Matrix; y: Int32Array } {
  if (attack.kind === "label-flip") return { X, y: y.map((v) => nClasses - 1 - v) };
  if (attack.kind !== "backdoor") return { X, y };
  const Xp = { rows: X.rows, cols: X.cols, data: X.data.slice() };
  const yp = y.slice();
  const rng = new Rng(seed);
  for (let r = 0; r < X.rows; r++) {
    if (rng.float() >= attack.poisonFraction) continue;
    Xp.data[r * X.cols + attack.feature] = attack.value;
    yp[r] = attack.targetClass;
  }
  return { X: Xp, y: yp };
}

/** The delta an attacker sends (in place). */
export function poisonUpdate(attack: Attack, delta: Float32Array): void {
  let s = 1;
  if (attack.kind === "sign-flip") s = -attack.scale;
  else if (attack.kind === "scaled" || attack.kind === "backdoor") s = attack.scale;
  if (s !== 1) for (let i = 0; i < delta.length; i++) delta[i] *= s;
}

/** Rows of X (not of the target class) with the trigger stamped, for the attack success rate. */
export function stampTrigger(
  attack: Extract<Attack, { kind: "backdoor" }>,
  X: Matrix,
  y: Int32Array,
): Matrix {
  const keep: number[] = [];
  for (let r = 0; r < X.rows; r++) if (y[r] !== attack.targetClass) keep.push(r);
  const out = new Float32Array(keep.length * X.cols);
  keep.forEach((r, i) => {
    out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols);
    out[i * X.cols + attack.feature] = attack.value;
  });
  return { rows: keep.length, cols: X.cols, data: out };
}
