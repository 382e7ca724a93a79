/**
 * A decision-based black-box evasion attack (only predicted labels are seen: trees, forests, boosting,
 * anything behind an API), for a query budget per row:
 * 1. search: candidate perturbations are tried in a fixed order until one is predicted benign: the
 *    full-budget corner (every controlled feature at the far end of its box), then corners of single
 *    features, pairs, ... (up to `maxCorners`), then uniform random points of the box; each candidate is
 *    projected onto the threat model;
 * 2. boundary refinement (as the binary search of the Boundary / HopSkipJump attacks): bisection on t of
 *    x0 + t (x_adv - x0) for `refineSteps` queries, keeping the smallest t still predicted benign, so the
 *    returned perturbation sits near the decision boundary.
 * Queries are batched across rows (one predict() per round); each row's count stops at its success.
 */
import type { Classifier } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import type { AttackOptions, AttackResult, EvasionAttack } from "./attack.js";
import { checkWidth, controlledFeatures, featureBox, projectRow, type ThreatModel } from "./constraints.js";

/** Subsets of 0..m-1 in order of size (full set first), at most `limit` of them. */
function cornerSubsets(m: number, limit: number): number[][] {
  const out: number[][] = [Array.from({ length: m }, (_, i) => i)];
  for (let size = 1; size < m && out.length < limit; size++) {
    const pick = (start: number, acc: number[]): void => {
      if (out.length >= limit) return;
      if (acc.length === size) {
        out.push([...acc]);
        return;
      }
      for (let i = start; i < m; i++) pick(i + 1, [...acc, i]);
    };
    pick(0, []);
  }
  return out.slice(0, limit);
}

export class DecisionAttack implements EvasionAttack {
  readonly name = "decision-boundary";
  readonly access = "black-box-decision";

  constructor(
    readonly queryBudget = 100,
    readonly maxCorners = 64,
    readonly refineSteps = 8,
  ) {}

  run(model: Classifier, X0: Matrix, tm: ThreatModel, o: AttackOptions): AttackResult {
    checkWidth(tm, X0);
    const { rows: n, cols } = X0;
    const ctrl = controlledFeatures(tm);
    const corners = cornerSubsets(ctrl.length, Math.min(this.maxCorners, this.queryBudget));
    const rng = new Rng(o.seed ?? 0);
    const best = X0.data.slice();
    const evaded = new Uint8Array(n);
    const queries = new Int32Array(n);
    const cand = new Float32Array(n * cols);
    const searchBudget = Math.max(1, this.queryBudget - this.refineSteps);
    for (let t = 0; t < searchBudget; t++) {
      const active: number[] = [];
      for (let r = 0; r < n; r++) if (evaded[r] === 0) active.push(r);
      if (active.length === 0) break;
      for (const r of active) {
        const x0 = X0.data.subarray(r * cols, (r + 1) * cols);
        const x = cand.subarray(r * cols, (r + 1) * cols);
        x.set(x0);
        const subset = t < corners.length ? corners[t] : undefined;
        ctrl.forEach((j, k) => {
          const [lo, hi] = featureBox(tm, j, x0[j], o.eps);
          if (subset !== undefined) {
            if (subset.includes(k)) x[j] = tm.rules[j].control === "decrease" ? lo : hi;
          } else x[j] = lo + rng.float() * (hi - lo);
        });
        projectRow(tm, x0, x, o.eps);
      }
      const idx = Int32Array.from(active);
      const pred = model.predict(takeRows({ rows: n, cols, data: cand }, idx));
      active.forEach((r, a) => {
        queries[r]++;
        if (pred[a] === o.target) {
          evaded[r] = 1;
          best.set(cand.subarray(r * cols, (r + 1) * cols), r * cols);
        }
      });
    }
    this.refine(model, X0, tm, o, best, evaded, queries);
    return { X: { rows: n, cols, data: best }, evaded, queries };
  }

  /** Bisection towards x0 along the segment to each successful point (keeps the closest benign one). */
  private refine(
    model: Classifier,
    X0: Matrix,
    tm: ThreatModel,
    o: AttackOptions,
    best: Float32Array,
    evaded: Uint8Array,
    queries: Int32Array,
  ): void {
    const { rows: n, cols } = X0;
    const ok: number[] = [];
    for (let r = 0; r < n; r++) if (evaded[r] === 1) ok.push(r);
    if (ok.length === 0) return;
    const lo = new Float64Array(ok.length);
    const hi = new Float64Array(ok.length).fill(1);
    const far = Float32Array.from(best);
    const probe = new Float32Array(ok.length * cols);
    for (let s = 0; s < this.refineSteps; s++) {
      ok.forEach((r, a) => {
        const t = (lo[a] + hi[a]) / 2;
        const x0 = X0.data.subarray(r * cols, (r + 1) * cols);
        const x = probe.subarray(a * cols, (a + 1) * cols);
        for (let j = 0; j < cols; j++) x[j] = x0[j] + t * (far[r * cols + j] - x0[j]);
        projectRow(tm, x0, x, o.eps);
      });
      const pred = model.predict({ rows: ok.length, cols, data: probe });
      ok.forEach((r, a) => {
        queries[r]++;
        const t = (lo[a] + hi[a]) / 2;
        if (pred[a] === o.target) {
          hi[a] = t;
          best.set(probe.subarray(a * cols, (a + 1) * cols), r * cols);
        } else lo[a] = t;
      });
    }
  }
}
