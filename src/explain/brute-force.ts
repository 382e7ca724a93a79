/**
 * Shapley values by definition, for checking the fast explainers on models with few features:
 * phi_i = sum over S ⊆ N\{i} of |S|!(M−|S|−1)!/M! · (v(S ∪ {i}) − v(S)), every one of the 2^M
 * coalitions evaluated once. Value functions for trees:
 * - conditional (path-dependent): E[f(x) | x_S] as the trees estimate it (Lundberg et al.'s
 *   Algorithm 1, the definition the `shap` package documents for feature_perturbation="tree_path_dependent"):
 *   at a split on a feature in S follow x; otherwise average both children weighted by cover;
 * - interventional: mean over background rows z of f(x_S, z_~S).
 */
import { VigilError } from "../errors.js";
import { coverFraction, type TreeModelView, treeOutput } from "./tree-view.js";

/** Coalitions are bit masks over M ≤ 20 features. */
export type ValueFunction = (mask: number) => number;

export function bruteForceShapley(M: number, v: ValueFunction): Float64Array {
  if (M > 20) throw new VigilError("E_CONFIG", `brute-force Shapley needs M <= 20 features, got ${M}`);
  const n = 1 << M;
  const values = new Float64Array(n);
  for (let s = 0; s < n; s++) values[s] = v(s);
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push(fact[i - 1] * i);
  const weight = new Float64Array(M);
  for (let s = 0; s < M; s++) weight[s] = (fact[s] * fact[M - s - 1]) / fact[M];
  const phi = new Float64Array(M);
  for (let s = 0; s < n; s++) {
    let size = 0;
    for (let b = s; b !== 0; b &= b - 1) size++;
    for (let i = 0; i < M; i++) {
      if ((s >> i) & 1) continue;
      phi[i] += weight[size] * (values[s | (1 << i)] - values[s]);
    }
  }
  return phi;
}

/** E[f(x) | x_S] for output column `col`, the trees' path-dependent estimate. */
export function conditionalTreeValue(view: TreeModelView, x: ArrayLike<number>, col: number): ValueFunction {
  const e = view.ensemble;
  return (mask) => {
    let total = view.offset[col];
    for (let t = 0; t < e.nTrees; t++) {
      const k = col - e.outputOffset[t];
      if (k < 0 || k >= e.nOutputs) continue;
      const rec = (n: number): number => {
        const f = e.feature[n];
        if (f < 0) return e.value[n * e.nOutputs + k];
        if ((mask >> f) & 1) return rec(x[f] <= e.threshold[n] ? e.left[n] : e.right[n]);
        return (
          coverFraction(e, e.left[n], n) * rec(e.left[n]) + coverFraction(e, e.right[n], n) * rec(e.right[n])
        );
      };
      total += rec(e.roots[t]) * view.scale;
    }
    return total;
  };
}

/** Mean over background rows of f(x_S, z_~S) for output column `col` (any row function). */
export function interventionalValue(
  predict: (row: Float32Array) => number,
  x: ArrayLike<number>,
  background: Float32Array,
  nBackground: number,
  M: number,
): ValueFunction {
  const row = new Float32Array(M);
  return (mask) => {
    let s = 0;
    for (let b = 0; b < nBackground; b++) {
      for (let f = 0; f < M; f++) row[f] = (mask >> f) & 1 ? x[f] : background[b * M + f];
      s += predict(row);
    }
    return s / nBackground;
  };
}

/** A row function for output column `col` of a tree view (float64 sums). */
export function treeRowOutput(view: TreeModelView, col: number): (row: Float32Array) => number {
  const out = new Float64Array(view.ensemble.nColumns);
  return (row) => treeOutput(view, row, out)[col];
}
