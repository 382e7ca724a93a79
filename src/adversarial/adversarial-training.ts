/**
 * Adversarial training (Madry et al. 2018, here with the constrained attacks): fit on the training rows,
 * attack the training rows of attack classes that the model detects (at every budget given, up to
 * `maxRowsPerClass` per class), add the perturbed rows that evaded with their TRUE labels, refit; repeat
 * for `rounds`. Only training rows are attacked, so nothing derived from test rows enters the fit.
 */
import type { Classifier } from "../models/base.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import type { EvasionAttack } from "./attack.js";
import type { ThreatModel } from "./constraints.js";
import { rowsToAttack } from "./robustness.js";

export interface AdversarialTrainingOptions {
  tm: ThreatModel;
  attack: EvasionAttack;
  budgets: number[];
  benignClass: number;
  maxRowsPerClass?: number;
  rounds?: number;
  seed?: number;
}

export interface AdversarialTrainingResult {
  model: Classifier;
  /** Adversarial rows added per round. */
  addedRows: number[];
  trainRows: number;
}

export function adversarialTraining(
  make: () => Classifier,
  X: Matrix,
  y: Int32Array,
  o: AdversarialTrainingOptions,
): AdversarialTrainingResult {
  let Xfit = X;
  let yfit: Int32Array = y;
  let model = make().fit(X, y);
  const addedRows: number[] = [];
  const rounds = o.rounds ?? 1;
  for (let round = 0; round < rounds; round++) {
    const idx = rowsToAttack(
      y,
      model.predict(X),
      o.benignClass,
      o.maxRowsPerClass ?? 200,
      (o.seed ?? 0) + round,
    );
    const X0 = takeRows(X, idx);
    const extraX: Float32Array[] = [];
    const extraY: number[] = [];
    for (const eps of o.budgets) {
      const res = o.attack.run(model, X0, o.tm, { eps, target: o.benignClass, seed: (o.seed ?? 0) + round });
      for (let r = 0; r < X0.rows; r++) {
        if (res.evaded[r] === 0) continue;
        extraX.push(res.X.data.slice(r * X.cols, (r + 1) * X.cols));
        extraY.push(y[idx[r]]);
      }
    }
    addedRows.push(extraY.length);
    if (extraY.length === 0) break;
    const data = new Float32Array((Xfit.rows + extraY.length) * X.cols);
    data.set(Xfit.data);
    extraX.forEach((row, i) => {
      data.set(row, (Xfit.rows + i) * X.cols);
    });
    const ny = new Int32Array(Xfit.rows + extraY.length);
    ny.set(yfit);
    ny.set(extraY, Xfit.rows);
    Xfit = { rows: ny.length, cols: X.cols, data };
    yfit = ny;
    model = make().fit(Xfit, yfit);
  }
  return { model, addedRows, trainRows: Xfit.rows };
}
