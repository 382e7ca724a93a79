/**
 * Gaussian mixture detector (kind "gmm"), scikit-learn GaussianMixture semantics: EM from a k-means
 * initialisation (hard responsibilities of a seeded k-means run, init_params="kmeans"), full or diagonal
 * covariances with `regCovar` added to the diagonal, stop when the mean log-likelihood per row changes by
 * less than `tol`, `nInit` restarts keeping the best lower bound. Component weights Nk/n with Nk padded
 * by 10 machine epsilons (as scikit-learn, so an empty component stays finite).
 * score(X) = -log p(x), the negative log-likelihood under the mixture (sklearn's -score_samples):
 * rows in low-density regions score high.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { BaseDetector } from "../cluster/detector-base.js";
import { kmeansPlusPlus, lloyd, meanColumnVariance } from "../cluster/lloyd.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { choleskyInPlace, cholLogDet, logNormalDiag, logNormalFull } from "./gaussian.js";

export const GMM_KIND = "gmm";
const VERSION = 1;
const EPS10 = 10 * 2.220446049250313e-16;

export const gmmParamsSchema = z
  .object({
    nComponents: z.number().int().positive().default(4),
    covarianceType: z.enum(["full", "diag"]).default("full"),
    regCovar: z.number().nonnegative().default(1e-6),
    /** Convergence threshold on the change of the mean log-likelihood per row. */
    tol: z.number().nonnegative().default(1e-3),
    maxIter: z.number().int().positive().default(100),
    nInit: z.number().int().positive().default(1),
    seed: z.number().int().default(0),
  })
  .strict();
export type GmmParams = z.infer<typeof gmmParamsSchema>;

interface State {
  nFeatures: number;
  weights: Float64Array;
  /** k x d. */
  means: Float64Array;
  /** full: k x d x d lower Cholesky factors; diag: k x d variances. */
  cov: Float64Array;
  logDet: Float64Array;
  lowerBound: number;
  iterations: number;
  converged: boolean;
}

export class GaussianMixture extends BaseDetector<GmmParams, State> {
  readonly kind = GMM_KIND;

  constructor(params: Partial<GmmParams> = {}) {
    super(GMM_KIND, gmmParamsSchema, params, VERSION);
  }

  clone(): GaussianMixture {
    return new GaussianMixture(this.getParams());
  }

  /** Fitted weights, means, lower bound, iterations and convergence flag. */
  get summary(): {
    weights: Float64Array;
    means: Float64Array;
    lowerBound: number;
    iterations: number;
    converged: boolean;
  } {
    const s = this.fittedState();
    return {
      weights: s.weights,
      means: s.means,
      lowerBound: s.lowerBound,
      iterations: s.iterations,
      converged: s.converged,
    };
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows));
    const { rows: n, cols: d, data } = X;
    const k = this.params.nComponents;
    if (n < k)
      throw new VigilError("E_CONFIG", `gmm: ${n} rows cannot fit ${k} components`, { field: "nComponents" });
    const rng = new Rng(this.params.seed);
    let best: State | undefined;
    for (let r = 0; r < this.params.nInit; r++) {
      const km = lloyd(
        data,
        n,
        d,
        k,
        kmeansPlusPlus(data, n, d, k, rng),
        300,
        1e-4 * meanColumnVariance(data, n, d),
      );
      const resp = new Float64Array(n * k);
      for (let i = 0; i < n; i++) resp[i * k + km.labels[i]] = 1;
      const s = this.em(data, n, d, resp);
      if (best === undefined || s.lowerBound > best.lowerBound) best = s;
    }
    this.state = best;
    return this;
  }

  private em(data: Float32Array, n: number, d: number, resp: Float64Array): State {
    const p = this.params;
    const k = p.nComponents;
    const full = p.covarianceType === "full";
    const s: State = {
      nFeatures: d,
      weights: new Float64Array(k),
      means: new Float64Array(k * d),
      cov: new Float64Array(full ? k * d * d : k * d),
      logDet: new Float64Array(k),
      lowerBound: Number.NEGATIVE_INFINITY,
      iterations: 0,
      converged: false,
    };
    mStep(data, n, d, resp, s, full, p.regCovar);
    const logp = new Float64Array(k);
    const z = new Float64Array(d);
    for (let it = 1; it <= p.maxIter; it++) {
      // E-step: responsibilities and the mean log-likelihood
      let ll = 0;
      for (let i = 0; i < n; i++) {
        const lse = rowLogProbs(data, i, s, full, d, k, logp, z);
        ll += lse;
        for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp(logp[c] - lse);
      }
      ll /= n;
      const prev = s.lowerBound;
      s.lowerBound = ll;
      s.iterations = it;
      if (Math.abs(ll - prev) < p.tol) {
        s.converged = true;
        break;
      }
      mStep(data, n, d, resp, s, full, p.regCovar);
    }
    return s;
  }

  protected apply(X: Matrix, s: State): Float64Array {
    const k = s.weights.length;
    const d = X.cols;
    const full = this.params.covarianceType === "full";
    const logp = new Float64Array(k);
    const z = new Float64Array(d);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = -rowLogProbs(X.data, i, s, full, d, k, logp, z);
    return out;
  }

  protected encodeState(s: State): Record<string, unknown> {
    return {
      nFeatures: s.nFeatures,
      weights: encodeArray(s.weights),
      means: encodeArray(s.means),
      cov: encodeArray(s.cov),
      lowerBound: s.lowerBound,
      iterations: s.iterations,
      converged: s.converged,
    };
  }

  static fromArtifact(a: ModelArtifact): GaussianMixture {
    const m = new GaussianMixture(a.params as Partial<GmmParams>);
    const st = artifactState(a, GMM_KIND, VERSION);
    const d = stateInt(st, "nFeatures", GMM_KIND);
    const k = m.params.nComponents;
    const full = m.params.covarianceType === "full";
    const cov = stateArray(st, "cov", GMM_KIND, Float64Array, full ? k * d * d : k * d);
    const logDet = new Float64Array(k);
    for (let c = 0; c < k; c++) logDet[c] = full ? cholLogDet(cov, c, d) : diagLogDet(cov, c, d);
    m.state = {
      nFeatures: d,
      weights: stateArray(st, "weights", GMM_KIND, Float64Array, k),
      means: stateArray(st, "means", GMM_KIND, Float64Array, k * d),
      cov,
      logDet,
      lowerBound: Number(st.lowerBound),
      iterations: stateInt(st, "iterations", GMM_KIND),
      converged: st.converged === true,
    };
    return m;
  }
}

/** Fills logp[c] = ln w_c + ln N_c(x_i) and returns logsumexp over c. */
function rowLogProbs(
  data: Float32Array,
  i: number,
  s: State,
  full: boolean,
  d: number,
  k: number,
  logp: Float64Array,
  z: Float64Array,
): number {
  let mx = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const ln = full
      ? logNormalFull(data, i * d, s.means, c * d, s.cov, c * d * d, s.logDet[c], d, z)
      : logNormalDiag(data, i * d, s.means, c * d, s.cov, s.logDet[c], d);
    logp[c] = Math.log(s.weights[c]) + ln;
    if (logp[c] > mx) mx = logp[c];
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(logp[c] - mx);
  return mx + Math.log(sum);
}

/** M-step: weights, means and (regularised) covariances from responsibilities. */
function mStep(
  data: Float32Array,
  n: number,
  d: number,
  resp: Float64Array,
  s: State,
  full: boolean,
  reg: number,
): void {
  const k = s.weights.length;
  const nk = new Float64Array(k);
  s.means.fill(0);
  s.cov.fill(0);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      if (r === 0) continue;
      nk[c] += r;
      for (let j = 0; j < d; j++) s.means[c * d + j] += r * data[i * d + j];
    }
  }
  for (let c = 0; c < k; c++) {
    nk[c] += EPS10;
    s.weights[c] = nk[c] / n;
    for (let j = 0; j < d; j++) s.means[c * d + j] /= nk[c];
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const r = resp[i * k + c];
      if (r < 1e-12) continue;
      for (let j = 0; j < d; j++) diff[j] = data[i * d + j] - s.means[c * d + j];
      if (full) {
        const o = c * d * d;
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a];
          if (ra === 0) continue;
          for (let b = 0; b <= a; b++) s.cov[o + a * d + b] += ra * diff[b];
        }
      } else {
        for (let j = 0; j < d; j++) s.cov[c * d + j] += r * diff[j] * diff[j];
      }
    }
  }
  for (let c = 0; c < k; c++) {
    if (full) {
      const o = c * d * d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) s.cov[o + a * d + b] /= nk[c];
        s.cov[o + a * d + a] += reg;
        for (let b = 0; b < a; b++) s.cov[o + b * d + a] = s.cov[o + a * d + b];
      }
      const sub = s.cov.subarray(o, o + d * d);
      choleskyInPlace(sub, d);
      s.logDet[c] = cholLogDet(s.cov, c, d);
    } else {
      for (let j = 0; j < d; j++) s.cov[c * d + j] = s.cov[c * d + j] / nk[c] + reg;
      s.logDet[c] = diagLogDet(s.cov, c, d);
    }
  }
}

function diagLogDet(v: Float64Array, c: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += Math.log(v[c * d + j]);
  return s;
}

registerModel({
  kind: GMM_KIND,
  role: "detector",
  version: VERSION,
  create: (p) => new GaussianMixture(p as Partial<GmmParams>),
  fromArtifact: (a) => GaussianMixture.fromArtifact(a),
});
