/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS (./lbfgs.ts).
 *
 * Objective (the minimizer equals scikit-learn's `LogisticRegression(multi_class="multinomial")`, which
 * minimizes 0.5 |W|^2 + C sum_i w_i CE_i; here divided by C sum_i w_i so tolerances do not depend on n):
 *   f(W, b) = (1 / sum w) sum_i w_i CE(softmax(W x_i + b), y_i) + |W|^2 / (2 C sum w)
 * The intercepts b are not penalized. Row weights w_i are class weights times sample weights.
 * Defaults follow scikit-learn (C = 1, 100 iterations, tol 1e-4; here the tolerance applies to the
 * largest gradient component of the scaled objective, or a relative decrease below 2.2e-9).
 * Features should be scaled (put a StandardScaler before it in a Pipeline); L-BFGS converges slowly on
 * raw network counters.
 *
 * ParameterVector (../differentiable.ts, for federated weight averaging): the parameters are
 * [coef (nClasses x nFeatures, row-major), intercept (nClasses)] as one Float32Array; partialFit continues
 * from them by mini-batch Adam (`learningRate`, `batchSize`, rows shuffled by the seed) on the same
 * objective, plus FedProx's (mu/2)|theta - theta_start|^2 when asked.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import { type Classifier, checkFeatures, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import type { ParameterVector } from "../differentiable.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { lbfgs } from "./lbfgs.js";
import {
  argmaxRows,
  artifactState,
  checkFitInput,
  classWeightSchema,
  requireFitted,
  rowWeights,
  softmaxInPlace,
  stateArray,
  stateInt,
} from "./support.js";

export const LOGISTIC_KIND = "logistic-regression";
const VERSION = 1;

export const logisticParamsSchema = z
  .object({
    /** Inverse regularization strength (scikit-learn's C). */
    C: z.number().positive().default(1),
    maxIter: z.number().int().positive().default(100),
    /** Stop when the largest gradient component of the scaled objective is at most this. */
    tol: z.number().positive().default(1e-4),
    fitIntercept: z.boolean().default(true),
    classWeight: classWeightSchema,
    /** Adam step size of partialFit (fit uses L-BFGS). */
    learningRate: z.number().positive().default(0.01),
    /** Mini-batch rows of partialFit. */
    batchSize: z.number().int().positive().default(64),
  })
  .strict();
export type LogisticParams = z.infer<typeof logisticParamsSchema>;

interface LogisticState {
  nFeatures: number;
  nClasses: number;
  /** nClasses x nFeatures, row-major. */
  coef: Float64Array;
  intercept: Float64Array;
  iterations: number;
}

export class LogisticRegression implements Classifier<LogisticParams>, ParameterVector {
  readonly kind = LOGISTIC_KIND;
  private readonly params: LogisticParams;
  private state: LogisticState | undefined;

  constructor(params: Partial<LogisticParams> = {}) {
    this.params = parseParams(logisticParamsSchema, params, LOGISTIC_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  /** nClasses x nFeatures coefficients (row-major) and intercepts, for export and inspection. */
  get coefficients(): { coef: Float64Array; intercept: Float64Array; nFeatures: number; nClasses: number } {
    const s = requireFitted(this.kind, this.state);
    return { coef: s.coef, intercept: s.intercept, nFeatures: s.nFeatures, nClasses: s.nClasses };
  }

  getParams(): LogisticParams {
    return structuredClone(this.params);
  }

  clone(): LogisticRegression {
    return new LogisticRegression(this.getParams());
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const k = Math.max(2, checkFitInput(this.kind, X, y));
    const d = X.cols;
    const n = X.rows;
    const w = rowWeights(y, k, this.params.classWeight, options.sampleWeight);
    let sumW = 0;
    for (let i = 0; i < n; i++) sumW += w[i];
    const invSum = 1 / sumW;
    const l2 = 1 / (this.params.C * sumW);
    const fitB = this.params.fitIntercept;
    const nW = k * d;
    const z = new Float64Array(k);
    const xd = X.data;
    const fg = (theta: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi === 0) continue;
        const off = i * d;
        for (let c = 0; c < k; c++) {
          let s = fitB ? theta[nW + c] : 0;
          const co = c * d;
          for (let j = 0; j < d; j++) s += theta[co + j] * xd[off + j];
          z[c] = s;
        }
        // log-sum-exp for the loss, then probabilities in z
        let mx = z[0];
        for (let c = 1; c < k; c++) if (z[c] > mx) mx = z[c];
        let se = 0;
        for (let c = 0; c < k; c++) se += Math.exp(z[c] - mx);
        const lse = mx + Math.log(se);
        loss += wi * (lse - z[y[i]]);
        for (let c = 0; c < k; c++) {
          const r = wi * (Math.exp(z[c] - lse) - (c === y[i] ? 1 : 0));
          if (r === 0) continue;
          const co = c * d;
          for (let j = 0; j < d; j++) grad[co + j] += r * xd[off + j];
          if (fitB) grad[nW + c] += r;
        }
      }
      let reg = 0;
      for (let p = 0; p < nW; p++) {
        reg += theta[p] * theta[p];
        grad[p] = grad[p] * invSum + l2 * theta[p];
      }
      for (let c = 0; c < k; c++) grad[nW + c] *= invSum;
      return loss * invSum + 0.5 * l2 * reg;
    };
    const res = lbfgs(fg, new Float64Array(nW + k), { maxIter: this.params.maxIter, tol: this.params.tol });
    this.state = {
      nFeatures: d,
      nClasses: k,
      coef: res.x.slice(0, nW),
      intercept: res.x.slice(nW, nW + k),
      iterations: res.iterations,
    };
    return this;
  }

  getParameters(): Float32Array {
    const s = requireFitted(this.kind, this.state);
    const out = new Float32Array(s.coef.length + s.intercept.length);
    out.set(s.coef);
    out.set(s.intercept, s.coef.length);
    return out;
  }

  setParameters(theta: Float32Array): void {
    const s = requireFitted(this.kind, this.state);
    const nW = s.coef.length;
    if (theta.length !== nW + s.intercept.length) {
      throw new VigilError(
        "E_SCHEMA",
        `${this.kind}: ${theta.length} parameters, the model has ${nW + s.intercept.length}`,
        { field: "theta" },
      );
    }
    for (let i = 0; i < theta.length; i++) {
      if (!Number.isFinite(theta[i])) {
        throw new VigilError("E_SCHEMA", `${this.kind}: parameter ${i} is ${theta[i]}`, {
          field: "theta",
          record: i,
        });
      }
    }
    for (let p = 0; p < nW; p++) s.coef[p] = theta[p];
    for (let c = 0; c < s.intercept.length; c++) s.intercept[c] = theta[nW + c];
  }

  partialFit(
    X: Matrix,
    y: Int32Array,
    options: { epochs: number; proximalMu?: number; seed?: number },
  ): void {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    const kSeen = checkFitInput(this.kind, X, y);
    if (kSeen > s.nClasses) {
      throw new VigilError(
        "E_SCHEMA",
        `${this.kind}: label ${kSeen - 1} but the model has ${s.nClasses} classes`,
        {
          field: "y",
        },
      );
    }
    const { nClasses: k, nFeatures: d } = s;
    const n = X.rows;
    const w = rowWeights(y, k, this.params.classWeight);
    let sumW = 0;
    for (let i = 0; i < n; i++) sumW += w[i];
    const l2 = 1 / (this.params.C * sumW);
    const mu = options.proximalMu ?? 0;
    const fitB = this.params.fitIntercept;
    const nW = k * d;
    const nP = nW + k;
    const theta = new Float64Array(nP);
    theta.set(s.coef);
    theta.set(s.intercept, nW);
    const anchor = theta.slice();
    const grad = new Float64Array(nP);
    const m1 = new Float64Array(nP);
    const m2 = new Float64Array(nP);
    const z = new Float64Array(k);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const rng = new Rng(options.seed ?? 0);
    const lr = this.params.learningRate;
    const bs = this.params.batchSize;
    const b1 = 0.9;
    const b2 = 0.999;
    let t = 0;
    const xd = X.data;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (let start = 0; start < n; start += bs) {
        const end = Math.min(n, start + bs);
        grad.fill(0);
        let bw = 0;
        for (let r = start; r < end; r++) {
          const i = order[r];
          const wi = w[i];
          if (wi === 0) continue;
          bw += wi;
          const off = i * d;
          let mx = Number.NEGATIVE_INFINITY;
          for (let c = 0; c < k; c++) {
            let v = fitB ? theta[nW + c] : 0;
            const co = c * d;
            for (let j = 0; j < d; j++) v += theta[co + j] * xd[off + j];
            z[c] = v;
            if (v > mx) mx = v;
          }
          let se = 0;
          for (let c = 0; c < k; c++) {
            z[c] = Math.exp(z[c] - mx);
            se += z[c];
          }
          for (let c = 0; c < k; c++) {
            const g = wi * (z[c] / se - (c === y[i] ? 1 : 0));
            if (g === 0) continue;
            const co = c * d;
            for (let j = 0; j < d; j++) grad[co + j] += g * xd[off + j];
            if (fitB) grad[nW + c] += g;
          }
        }
        if (bw === 0) continue;
        const inv = 1 / bw;
        t++;
        const c1 = 1 / (1 - b1 ** t);
        const c2 = 1 / (1 - b2 ** t);
        for (let p = 0; p < nP; p++) {
          let g = grad[p] * inv + mu * (theta[p] - anchor[p]);
          if (p < nW) g += l2 * theta[p];
          m1[p] = b1 * m1[p] + (1 - b1) * g;
          m2[p] = b2 * m2[p] + (1 - b2) * g * g;
          theta[p] -= (lr * m1[p] * c1) / (Math.sqrt(m2[p] * c2) + 1e-8);
        }
      }
    }
    s.coef.set(theta.subarray(0, nW));
    s.intercept.set(theta.subarray(nW));
  }

  /** Raw scores W x + b (rows x nClasses). */
  decisionFunction(X: Matrix): Matrix {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    const { nClasses: k, nFeatures: d, coef, intercept } = s;
    const out = new Float32Array(X.rows * k);
    const xd = X.data;
    for (let i = 0; i < X.rows; i++) {
      const off = i * d;
      for (let c = 0; c < k; c++) {
        let v = intercept[c];
        const co = c * d;
        for (let j = 0; j < d; j++) v += coef[co + j] * xd[off + j];
        out[i * k + c] = v;
      }
    }
    return matrix(X.rows, k, out);
  }

  predictProba(X: Matrix): Matrix {
    const m = this.decisionFunction(X);
    for (let i = 0; i < m.rows; i++) softmaxInPlace(m.data, i * m.cols, m.cols);
    return m;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.decisionFunction(X));
  }

  toArtifact(): ModelArtifact {
    const s = requireFitted(this.kind, this.state);
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: { ...this.params },
      state: {
        nFeatures: s.nFeatures,
        nClasses: s.nClasses,
        iterations: s.iterations,
        coef: encodeArray(s.coef),
        intercept: encodeArray(s.intercept),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): LogisticRegression {
    const st = artifactState(a, LOGISTIC_KIND, VERSION);
    const m = new LogisticRegression(a.params as Partial<LogisticParams>);
    const nFeatures = stateInt(st, "nFeatures", LOGISTIC_KIND);
    const nClasses = stateInt(st, "nClasses", LOGISTIC_KIND);
    m.state = {
      nFeatures,
      nClasses,
      iterations: stateInt(st, "iterations", LOGISTIC_KIND),
      coef: stateArray(st, "coef", LOGISTIC_KIND, Float64Array, nFeatures * nClasses),
      intercept: stateArray(st, "intercept", LOGISTIC_KIND, Float64Array, nClasses),
    };
    return m;
  }
}

registerModel({
  kind: LOGISTIC_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new LogisticRegression(p as Partial<LogisticParams>),
  fromArtifact: (a) => LogisticRegression.fromArtifact(a),
});
