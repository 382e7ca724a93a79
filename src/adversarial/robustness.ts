/**
 * Attack success rate versus perturbation budget, per class: the rows attacked are attack-class rows
 * (label != benign) that the model detects (predicts != benign) before the attack, at most
 * `maxRowsPerClass` per class (a seeded sample, so a run is reproducible). An attack succeeds on a row
 * when the perturbed row, legal under the threat model, is predicted benign. Each perturbed row is also
 * re-checked against the threat model (`infeasibleRows` must be 0: a self-check of the projection).
 */
import type { Classifier } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import type { EvasionAttack } from "./attack.js";
import { isFeasible, type ThreatModel } from "./constraints.js";

export interface ClassOutcome {
  attacked: number;
  evaded: number;
  successRate: number | null;
}

export interface BudgetOutcome {
  eps: number;
  attackedRows: number;
  evadedRows: number;
  successRate: number | null;
  perClass: Record<string, ClassOutcome>;
  meanQueries: number;
  meanQueriesOnSuccess: number | null;
  infeasibleRows: number;
  seconds: number;
}

export interface AttackOutcome {
  attack: string;
  access: EvasionAttack["access"];
  budgets: BudgetOutcome[];
}

export interface RobustnessOptions {
  tm: ThreatModel;
  attacks: EvasionAttack[];
  budgets: number[];
  benignClass: number;
  classes: string[];
  maxRowsPerClass?: number;
  seed?: number;
}

export interface RobustnessResult {
  /** Per attack class: rows, and rows detected before any attack (recall against benign). */
  detectedPerClass: Record<string, { rows: number; detected: number }>;
  attackedRowsPerClass: Record<string, number>;
  attacks: AttackOutcome[];
}

/** The detected attack rows to attack: up to maxRowsPerClass per class, seeded. */
export function rowsToAttack(
  y: Int32Array,
  pred: Int32Array,
  benign: number,
  maxRowsPerClass: number,
  seed: number,
): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    if (y[i] === benign || pred[i] === benign) continue;
    const list = byClass.get(y[i]) ?? [];
    list.push(i);
    byClass.set(y[i], list);
  }
  const rng = new Rng(seed);
  const out: number[] = [];
  for (const list of byClass.values()) {
    for (let t = 0; t < Math.min(maxRowsPerClass, list.length); t++) {
      const j = t + rng.int(list.length - t);
      [list[t], list[j]] = [list[j], list[t]];
      out.push(list[t]);
    }
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

export function evaluateRobustness(
  model: Classifier,
  X: Matrix,
  y: Int32Array,
  o: RobustnessOptions,
): RobustnessResult {
  const pred = model.predict(X);
  const detectedPerClass: RobustnessResult["detectedPerClass"] = {};
  o.classes.forEach((c, k) => {
    if (k === o.benignClass) return;
    let rows = 0;
    let detected = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== k) continue;
      rows++;
      if (pred[i] !== o.benignClass) detected++;
    }
    if (rows > 0) detectedPerClass[c] = { rows, detected };
  });
  const idx = rowsToAttack(y, pred, o.benignClass, o.maxRowsPerClass ?? 100, o.seed ?? 0);
  const X0 = takeRows(X, idx);
  const y0 = Int32Array.from(idx, (i) => y[i]);
  const attackedRowsPerClass: Record<string, number> = {};
  for (const v of y0) attackedRowsPerClass[o.classes[v]] = (attackedRowsPerClass[o.classes[v]] ?? 0) + 1;
  const attacks = o.attacks.map((attack) => ({
    attack: attack.name,
    access: attack.access,
    budgets: o.budgets.map((eps) => runBudget(model, attack, X0, y0, eps, o)),
  }));
  return { detectedPerClass, attackedRowsPerClass, attacks };
}

function runBudget(
  model: Classifier,
  attack: EvasionAttack,
  X0: Matrix,
  y0: Int32Array,
  eps: number,
  o: RobustnessOptions,
): BudgetOutcome {
  const t0 = performance.now();
  const res =
    X0.rows > 0
      ? attack.run(model, X0, o.tm, { eps, target: o.benignClass, seed: o.seed })
      : { X: X0, evaded: new Uint8Array(0), queries: new Int32Array(0) };
  const seconds = (performance.now() - t0) / 1000;
  const perClass: Record<string, ClassOutcome> = {};
  let evadedRows = 0;
  let q = 0;
  let qOk = 0;
  let infeasibleRows = 0;
  const c = X0.cols;
  for (let r = 0; r < X0.rows; r++) {
    const name = o.classes[y0[r]];
    const e = perClass[name] ?? { attacked: 0, evaded: 0, successRate: null };
    e.attacked++;
    e.evaded += res.evaded[r];
    perClass[name] = e;
    evadedRows += res.evaded[r];
    q += res.queries[r];
    if (res.evaded[r] === 1) qOk += res.queries[r];
    const x0 = X0.data.subarray(r * c, (r + 1) * c);
    if (!isFeasible(o.tm, x0, res.X.data.subarray(r * c, (r + 1) * c), eps)) infeasibleRows++;
  }
  for (const e of Object.values(perClass)) e.successRate = round(e.evaded / e.attacked);
  return {
    eps,
    attackedRows: X0.rows,
    evadedRows,
    successRate: X0.rows > 0 ? round(evadedRows / X0.rows) : null,
    perClass,
    meanQueries: X0.rows > 0 ? round(q / X0.rows, 1) : 0,
    meanQueriesOnSuccess: evadedRows > 0 ? round(qOk / evadedRows, 1) : null,
    infeasibleRows,
    seconds: round(seconds, 2),
  };
}

function round(v: number, d = 4): number {
  const p = 10 ** d;
  return Math.round(v * p) / p;
}
