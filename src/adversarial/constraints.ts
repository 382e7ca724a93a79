/**
 * The attacker's room to move (threat model) and the projection that keeps every perturbed row inside
 * it. Per feature a rule says what the attacker controls:
 * - "fixed": not the attacker's (the victim's replies, protocol fields, categorical levels);
 * - "increase": can only grow (padding bytes, added packets, added delay);
 * - "decrease": can only shrink (a slower send rate);
 * - "free": either way.
 * A budget eps bounds each controlled change relative to the row's own value:
 * |x_j - x0_j| <= eps * (|x0_j| + floor_j), where floor_j (a typical non-zero magnitude of the feature in
 * reference data) lets zero-valued features move too. Values stay >= `min` (counts non-negative) and
 * integral where `integer` is set. After the per-feature box, `repair` recomputes derived features from
 * the controlled ones so totals stay consistent (IP bytes = payload + headers, rate = 1 / gap, ...).
 * Missing values (NaN) are never changed. Per-dataset rules: ./threat-models.ts.
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";

export type Control = "fixed" | "increase" | "decrease" | "free";

export interface FeatureRule {
  control: Control;
  integer: boolean;
  /** Lowest legal value (0 for counts, sizes and times). */
  min: number;
  /** Why the attacker does (not) control it: documentation carried into reports. */
  why: string;
  /** Recomputed by the threat model's `repair` from controlled features (its own control is "fixed"). */
  derived?: boolean;
}

export interface ThreatModel {
  /** Which data the rules are written for ("ton-iot-network", ...). */
  name: string;
  featureNames: string[];
  rules: FeatureRule[];
  /** Per feature: the budget floor (>= 0) added to |x0_j| (see the header). */
  floor: Float32Array;
  /** Recomputes derived features of `x` (in place) from the controlled ones, given the original x0. */
  repair?: (x0: Float32Array, x: Float32Array) => void;
}

/** Indices of the features the attacker controls (not "fixed"). */
export function controlledFeatures(tm: ThreatModel): Int32Array {
  const out: number[] = [];
  tm.rules.forEach((r, j) => {
    if (r.control !== "fixed") out.push(j);
  });
  return Int32Array.from(out);
}

/** The legal interval of feature j around x0 at budget eps (lo <= hi; both x0 for fixed or missing). */
export function featureBox(tm: ThreatModel, j: number, x0: number, eps: number): [number, number] {
  const rule = tm.rules[j];
  if (rule.control === "fixed" || !Number.isFinite(x0)) return [x0, x0];
  const room = eps * (Math.abs(x0) + tm.floor[j]);
  let lo = rule.control === "increase" ? x0 : x0 - room;
  let hi = rule.control === "decrease" ? x0 : x0 + room;
  lo = Math.max(lo, Math.min(rule.min, x0));
  if (rule.integer) {
    const clo = Math.ceil(lo - 1e-9);
    const fhi = Math.floor(hi + 1e-9);
    if (clo > fhi) return [x0, x0];
    lo = clo;
    hi = fhi;
  }
  return [lo, Math.max(lo, hi)];
}

/**
 * Projects row `x` (in place) onto the threat model around `x0` at budget eps: each feature clamped to
 * its box (integers rounded inside it), then the derived features repaired.
 */
export function projectRow(tm: ThreatModel, x0: Float32Array, x: Float32Array, eps: number): void {
  for (let j = 0; j < x.length; j++) {
    const [lo, hi] = featureBox(tm, j, x0[j], eps);
    let v = x[j];
    if (Number.isNaN(v)) v = x0[j];
    if (tm.rules[j].integer) v = Math.round(v);
    x[j] = v < lo ? lo : v > hi ? hi : v;
  }
  tm.repair?.(x0, x);
}

/** A projected copy of every row of Xadv around the matching row of X0. */
export function projectMatrix(tm: ThreatModel, X0: Matrix, Xadv: Matrix, eps: number): Matrix {
  checkWidth(tm, X0);
  const out = Xadv.data.slice();
  const c = X0.cols;
  for (let r = 0; r < X0.rows; r++) {
    projectRow(tm, X0.data.subarray(r * c, (r + 1) * c), out.subarray(r * c, (r + 1) * c), eps);
  }
  return { rows: X0.rows, cols: c, data: out };
}

export function checkWidth(tm: ThreatModel, X: Matrix): void {
  if (X.cols !== tm.rules.length) {
    throw new VigilError(
      "E_SCHEMA",
      `threat model "${tm.name}" covers ${tm.rules.length} features, the data has ${X.cols}`,
      { field: "features" },
    );
  }
}

/**
 * Whether `x` is a legal perturbation of x0 at budget eps (tolerance tol): every non-derived feature in
 * its box, controlled ones in their direction, counts integral and >= min; derived features are checked
 * only for min and integrality.
 */
export function isFeasible(
  tm: ThreatModel,
  x0: Float32Array,
  x: Float32Array,
  eps: number,
  tol = 1e-3,
): boolean {
  for (let j = 0; j < x.length; j++) {
    const v = x[j];
    const rule = tm.rules[j];
    if (Number.isNaN(x0[j])) {
      if (!Number.isNaN(v)) return false;
      continue;
    }
    if (rule.integer && Math.abs(v - Math.round(v)) > 1e-6) return false;
    if (v < Math.min(rule.min, x0[j]) - tol) return false;
    if (rule.derived === true) continue;
    const [lo, hi] = featureBox(tm, j, x0[j], eps);
    const t = tol * (1 + Math.abs(x0[j]));
    if (v < lo - t || v > hi + t) return false;
  }
  return true;
}

/**
 * Budget floors from reference rows: per feature, the median of its non-zero finite absolute values
 * (1 when it has none).
 */
export function medianNonZeroMagnitudes(X: Matrix, maxRows = 20_000): Float32Array {
  const out = new Float32Array(X.cols);
  const step = Math.max(1, Math.floor(X.rows / maxRows));
  const vals: number[] = [];
  for (let j = 0; j < X.cols; j++) {
    vals.length = 0;
    for (let r = 0; r < X.rows; r += step) {
      const v = Math.abs(X.data[r * X.cols + j]);
      if (Number.isFinite(v) && v > 0) vals.push(v);
    }
    if (vals.length === 0) {
      out[j] = 1;
      continue;
    }
    vals.sort((a, b) => a - b);
    out[j] = vals[Math.floor(vals.length / 2)];
  }
  return out;
}
