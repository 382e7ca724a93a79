/**
 * KernelSHAP (Lundberg & Lee 2017) for any model: Shapley values of v(S) = mean over background rows z of
 * f(x_S, z_~S), estimated by a weighted linear regression of v(S) on the coalition indicators with the
 * Shapley kernel weight (M − 1) / (C(M, |S|) |S| (M − |S|)), constrained so the attributions sum to
 * f(x) − E[f] (local accuracy holds exactly). With a budget covering all 2^M − 2 proper coalitions the
 * result is the exact Shapley value; otherwise (as the `shap` package does) whole coalition sizes are
 * enumerated from the ends (|S| = 1 and M − 1, then 2 and M − 2, ...) while the budget allows, and the
 * rest is sampled by size in proportion to the kernel's mass, each sample paired with its complement.
 */
import { VigilError } from "../errors.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import {
  argmaxRows,
  checkClassIndex,
  type Explainer,
  type ExplainerOptions,
  type Explanation,
  registerExplainer,
} from "./explainer.js";
import { solveLinear } from "./linear-solve.js";

export type BatchPredict = (X: Matrix) => Matrix;

export interface KernelShapOptions {
  background: Matrix;
  /** Coalitions evaluated per row (each costs background.rows model rows). Default 2048. */
  budget?: number;
  seed?: number;
}

export interface KernelShapRow {
  phi: Float64Array;
  expected: number;
  output: number;
}

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Coalitions as 0/1 rows (nCoalitions x M) with their regression weights. */
export function kernelCoalitions(
  M: number,
  budget: number,
  rng: Rng,
): { masks: Uint8Array; weights: Float64Array; n: number; exact: boolean } {
  const total = M <= 30 ? 2 ** M - 2 : Number.POSITIVE_INFINITY;
  const masks: number[][] = [];
  const weights: number[] = [];
  const push = (S: Uint8Array, w: number) => {
    masks.push(Array.from(S));
    weights.push(w);
  };
  if (total <= budget) {
    for (let s = 1; s <= total; s++) {
      const S = new Uint8Array(M);
      let size = 0;
      for (let i = 0; i < M; i++) {
        if (Math.floor(s / 2 ** i) % 2 === 1) {
          S[i] = 1;
          size++;
        }
      }
      push(S, (M - 1) / (binom(M, size) * size * (M - size)));
    }
    return {
      masks: Uint8Array.from(masks.flat()),
      weights: Float64Array.from(weights),
      n: masks.length,
      exact: true,
    };
  }
  const half = Math.floor(M / 2);
  // kernel mass of size s and of its complement size, normalised
  const mass = new Float64Array(half + 1);
  let massSum = 0;
  for (let s = 1; s <= half; s++) {
    mass[s] = ((M - 1) / (s * (M - s))) * (s === M - s ? 1 : 2);
    massSum += mass[s];
  }
  for (let s = 1; s <= half; s++) mass[s] /= massSum;
  let left = budget;
  let remaining = 1;
  let s = 1;
  for (; s <= half; s++) {
    const count = binom(M, s) * (s === M - s ? 1 : 2);
    if (left * (mass[s] / remaining) < count) break;
    const each = mass[s] / count;
    const comb = Array.from({ length: s }, (_, i) => i);
    for (;;) {
      const S = new Uint8Array(M);
      for (const i of comb) S[i] = 1;
      push(S, each);
      if (s !== M - s)
        push(
          S.map((b) => 1 - b),
          each,
        );
      let i = s - 1;
      while (i >= 0 && comb[i] === M - s + i) i--;
      if (i < 0) break;
      comb[i]++;
      for (let j = i + 1; j < s; j++) comb[j] = comb[j - 1] + 1;
    }
    left -= count;
    remaining -= mass[s];
  }
  const sampled = Math.floor(left / 2) * 2;
  if (s <= half && sampled > 0) {
    const order = Array.from({ length: M }, (_, i) => i);
    const each = remaining / sampled;
    for (let q = 0; q < sampled / 2; q++) {
      let u = rng.float() * remaining;
      let size = s;
      for (; size < half; size++) {
        u -= mass[size];
        if (u <= 0) break;
      }
      if (size !== M - size && rng.float() < 0.5) size = M - size;
      for (let i = 0; i < size; i++) {
        const j = i + rng.int(M - i);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      const S = new Uint8Array(M);
      for (let i = 0; i < size; i++) S[order[i]] = 1;
      push(S, each);
      push(
        S.map((b) => 1 - b),
        each,
      );
    }
  }
  return {
    masks: Uint8Array.from(masks.flat()),
    weights: Float64Array.from(weights),
    n: masks.length,
    exact: false,
  };
}

export class KernelShap {
  private readonly f: BatchPredict;
  private readonly bg: Matrix;
  private readonly budget: number;
  private readonly seed: number;
  private expectedCache: Float64Array | null = null;

  constructor(predict: BatchPredict, o: KernelShapOptions) {
    if (o.background.rows === 0) {
      throw new VigilError("E_CONFIG", "KernelSHAP needs at least one background row", {
        field: "background",
      });
    }
    this.f = predict;
    this.bg = o.background;
    this.budget = o.budget ?? 2048;
    this.seed = o.seed ?? 0;
  }

  /** Mean model output over the background, per output column. */
  expected(): Float64Array {
    if (this.expectedCache === null) {
      const p = this.f(this.bg);
      const e = new Float64Array(p.cols);
      for (let r = 0; r < p.rows; r++)
        for (let c = 0; c < p.cols; c++) e[c] += p.data[r * p.cols + c] / p.rows;
      this.expectedCache = e;
    }
    return this.expectedCache;
  }

  /** Attributions of output column classIndex[r] for each row r (seeded per row: deterministic). */
  explain(X: Matrix, classIndex: Int32Array): KernelShapRow[] {
    const out: KernelShapRow[] = [];
    for (let r = 0; r < X.rows; r++)
      out.push(this.explainRow(X.data.subarray(r * X.cols, (r + 1) * X.cols), classIndex[r]));
    return out;
  }

  explainRow(x: Float32Array, k: number): KernelShapRow {
    const M = x.length;
    const E = this.expected()[k];
    const fx = this.f({ rows: 1, cols: M, data: Float32Array.from(x) }).data[k];
    const delta = fx - E;
    if (M === 1) return { phi: Float64Array.of(delta), expected: E, output: fx };
    const { masks, weights, n } = kernelCoalitions(M, this.budget, new Rng(this.seed));
    const B = this.bg.rows;
    const hybrid = new Float32Array(n * B * M);
    for (let c = 0; c < n; c++) {
      for (let b = 0; b < B; b++) {
        const o = (c * B + b) * M;
        for (let i = 0; i < M; i++) hybrid[o + i] = masks[c * M + i] === 1 ? x[i] : this.bg.data[b * M + i];
      }
    }
    const p = this.f({ rows: n * B, cols: M, data: hybrid });
    const v = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let b = 0; b < B; b++) s += p.data[(c * B + b) * p.cols + k];
      v[c] = s / B;
    }
    // Eliminate phi[M-1] = delta − Σ phi[i]: regress v − E − z_last·delta on (z_i − z_last).
    const P = M - 1;
    const A = new Float64Array(P * P);
    const rhs = new Float64Array(P);
    const a = new Float64Array(P);
    for (let c = 0; c < n; c++) {
      const last = masks[c * M + P];
      for (let i = 0; i < P; i++) a[i] = masks[c * M + i] - last;
      const yc = v[c] - E - last * delta;
      const w = weights[c];
      for (let i = 0; i < P; i++) {
        if (a[i] === 0) continue;
        rhs[i] += w * a[i] * yc;
        for (let j = 0; j < P; j++) A[i * P + j] += w * a[i] * a[j];
      }
    }
    const sol = solveLinear(A, rhs, P);
    const phi = new Float64Array(M);
    let s = 0;
    for (let i = 0; i < P; i++) {
      phi[i] = sol[i];
      s += sol[i];
    }
    phi[P] = delta - s;
    return { phi, expected: E, output: fx };
  }
}

interface ProbaModel {
  nClasses: number;
  predictProba(X: Matrix): Matrix;
}

function isProbaModel(m: unknown): m is ProbaModel {
  return typeof m === "object" && m !== null && typeof (m as ProbaModel).predictProba === "function";
}

/** KernelSHAP of a classifier's class probability (needs background rows). */
export class KernelExplainer implements Explainer {
  readonly method = "kernel";
  readonly additive = true;
  private readonly shap: KernelShap;

  constructor(
    private readonly model: ProbaModel,
    o: ExplainerOptions,
  ) {
    if (o.background === undefined) {
      throw new VigilError("E_CONFIG", "kernel explainer needs background rows", { field: "background" });
    }
    this.shap = new KernelShap((X) => model.predictProba(X), {
      background: o.background,
      budget: o.budget,
      seed: o.seed,
    });
  }

  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    const cls = classIndex ?? argmaxRows(this.model.predictProba(X));
    checkClassIndex(cls, X.rows, this.model.nClasses);
    const M = X.cols;
    const attributions = new Float64Array(X.rows * M);
    const base = new Float64Array(X.rows);
    const output = new Float64Array(X.rows);
    this.shap.explain(X, cls).forEach((row, r) => {
      attributions.set(row.phi, r * M);
      base[r] = row.expected;
      output[r] = row.output;
    });
    return {
      method: this.method,
      rows: X.rows,
      nFeatures: M,
      attributions,
      base,
      output,
      classIndex: cls,
      outputName: Array.from(cls, (k) => `probability of class ${k}`),
      additive: true,
    };
  }
}

registerExplainer({
  name: "kernel",
  supports: isProbaModel,
  create: (model, o) => new KernelExplainer(model as ProbaModel, o),
});
