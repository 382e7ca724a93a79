/**
 * Gradient evasion attacks for Differentiable models (src/models/differentiable.ts), targeted at the
 * benign class: x <- x - step * sign(d loss(x, benign) / dx) on the controlled features only, each step
 * scaled per feature by its budget room eps (|x0_j| + floor_j), then projected onto the threat model
 * (directions, integrality, derived totals: ./constraints.ts).
 * - FGSM (Goodfellow et al. 2015): one full-budget step;
 * - PGD (Madry et al. 2018): `steps` steps of size `stepFraction` of the room, a continuous iterate kept
 *   inside the box, the model queried on its projection; a row stops once it evades.
 */
import { VigilError } from "../errors.js";
import type { Classifier } from "../models/base.js";
import { type Differentiable, isDifferentiable } from "../models/differentiable.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import type { AttackOptions, AttackResult, EvasionAttack } from "./attack.js";
import {
  checkWidth,
  controlledFeatures,
  featureBox,
  projectMatrix,
  type ThreatModel,
} from "./constraints.js";

function requireGradients(model: Classifier): Differentiable {
  if (!isDifferentiable(model)) {
    throw new VigilError("E_UNSUPPORTED", `gradient attack: model "${model.kind}" has no input gradients`, {
      field: "model",
    });
  }
  return model;
}

/** One signed step on the controlled features of the rows in `active`, clamped to each feature's box. */
function signedStep(
  tm: ThreatModel,
  X0: Matrix,
  Xc: Float32Array,
  grad: Matrix,
  active: Int32Array,
  eps: number,
  fraction: number,
): void {
  const cols = X0.cols;
  const ctrl = controlledFeatures(tm);
  for (let a = 0; a < active.length; a++) {
    const r = active[a];
    for (const j of ctrl) {
      const x0 = X0.data[r * cols + j];
      if (!Number.isFinite(x0)) continue;
      const g = grad.data[a * cols + j];
      if (g === 0 || !Number.isFinite(g)) continue;
      const room = eps * (Math.abs(x0) + tm.floor[j]);
      const [lo, hi] = featureBox(tm, j, x0, eps);
      const v = Xc[r * cols + j] - Math.sign(g) * fraction * room;
      Xc[r * cols + j] = v < lo ? lo : v > hi ? hi : v;
    }
  }
}

function runGradient(
  model: Classifier,
  X0: Matrix,
  tm: ThreatModel,
  o: AttackOptions,
  steps: number,
  fraction: number,
): AttackResult {
  checkWidth(tm, X0);
  const d = requireGradients(model);
  const n = X0.rows;
  const Xc = X0.data.slice();
  const evaded = new Uint8Array(n);
  const queries = new Int32Array(n);
  let Xp = projectMatrix(tm, X0, { rows: n, cols: X0.cols, data: Xc }, o.eps);
  const best = Xp.data.slice();
  for (let t = 0; t < steps; t++) {
    const active = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => evaded[i] === 0));
    if (active.length === 0) break;
    const Xa = takeRows(Xp, active);
    const grad = d.lossGradient(Xa, new Int32Array(active.length).fill(o.target));
    signedStep(tm, X0, Xc, grad, active, o.eps, fraction);
    Xp = projectMatrix(tm, X0, { rows: n, cols: X0.cols, data: Xc }, o.eps);
    const pred = model.predict(takeRows(Xp, active));
    for (let a = 0; a < active.length; a++) {
      const r = active[a];
      queries[r] += 2;
      best.set(Xp.data.subarray(r * X0.cols, (r + 1) * X0.cols), r * X0.cols);
      if (pred[a] === o.target) evaded[r] = 1;
    }
  }
  return { X: { rows: n, cols: X0.cols, data: best }, evaded, queries };
}

export class Fgsm implements EvasionAttack {
  readonly name = "fgsm";
  readonly access = "white-box-gradient";

  run(model: Classifier, X0: Matrix, tm: ThreatModel, o: AttackOptions): AttackResult {
    return runGradient(model, X0, tm, o, 1, 1);
  }
}

export class Pgd implements EvasionAttack {
  readonly name = "pgd";
  readonly access = "white-box-gradient";

  constructor(
    readonly steps = 20,
    readonly stepFraction = 0.15,
  ) {}

  run(model: Classifier, X0: Matrix, tm: ThreatModel, o: AttackOptions): AttackResult {
    return runGradient(model, X0, tm, o, this.steps, this.stepFraction);
  }
}
