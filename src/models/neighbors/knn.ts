/**
 * Exact k-nearest-neighbours classifier (Euclidean), blocked brute force: squared distances come from
 * |a|^2 + |b|^2 - 2 a.b with the training norms computed once, over blocks of queries x training rows
 * so both stay in cache. Votes are uniform or weighted by 1 / distance (when some neighbours are at
 * distance 0, only those vote, as scikit-learn). A vote tie goes to the smaller class index; equal
 * distances keep the earlier training row. predictProba = each class's share of the (weighted) vote.
 *
 * The fitted state is the training set itself, so artifacts grow with it: subsample for big data.
 */
import { z } from "zod";
import { type Matrix, matrix } from "../../table/matrix.js";
import { type Classifier, checkFeatures, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import {
  argmaxRows,
  artifactState,
  checkFitInput,
  requireFitted,
  stateArray,
  stateInt,
} from "../linear/support.js";
import { registerModel } from "../registry.js";

export const KNN_KIND = "knn";
const VERSION = 1;
const QUERY_BLOCK = 64;
const TRAIN_BLOCK = 2048;

export const knnParamsSchema = z
  .object({
    k: z.number().int().positive().default(5),
    weights: z.enum(["uniform", "distance"]).default("uniform"),
  })
  .strict();
export type KnnParams = z.infer<typeof knnParamsSchema>;

interface State {
  nFeatures: number;
  nClasses: number;
  X: Float32Array;
  y: Int32Array;
  norms: Float64Array;
}

export class Knn implements Classifier<KnnParams> {
  readonly kind = KNN_KIND;
  private readonly params: KnnParams;
  private state: State | undefined;

  constructor(params: Partial<KnnParams> = {}) {
    this.params = parseParams(knnParamsSchema, params, KNN_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  getParams(): KnnParams {
    return structuredClone(this.params);
  }

  clone(): Knn {
    return new Knn(this.getParams());
  }

  /** Stores the training rows (sample weights are not used by k-NN). */
  fit(X: Matrix, y: Int32Array, _options: FitOptions = {}): this {
    const k = checkFitInput(this.kind, X, y);
    const data = Float32Array.from(X.data);
    this.state = {
      nFeatures: X.cols,
      nClasses: k,
      X: data,
      y: Int32Array.from(y),
      norms: rowNorms(data, X.rows, X.cols),
    };
    return this;
  }

  /**
   * Indices and distances of each query's k nearest training rows, nearest first
   * (rows x k', k' = min(k, training rows)).
   */
  kneighbors(X: Matrix): { k: number; index: Int32Array; distance: Float64Array } {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    const d = s.nFeatures;
    const nTrain = s.y.length;
    const k = Math.min(this.params.k, nTrain);
    const index = new Int32Array(X.rows * k).fill(-1);
    const dist = new Float64Array(X.rows * k).fill(Number.POSITIVE_INFINITY);
    const qNorms = rowNorms(X.data, X.rows, d);
    const xq = X.data;
    const xt = s.X;
    const norms = s.norms;
    /** Offers training row t at squared distance d2 to query q's sorted top-k (ties keep the earlier row). */
    const consider = (q: number, d2: number, t: number): void => {
      const ko = q * k;
      const v = Math.max(d2, 0);
      if (v >= dist[ko + k - 1]) return;
      let p = k - 1;
      while (p > 0 && dist[ko + p - 1] > v) {
        dist[ko + p] = dist[ko + p - 1];
        index[ko + p] = index[ko + p - 1];
        p--;
      }
      dist[ko + p] = v;
      index[ko + p] = t;
    };
    for (let q0 = 0; q0 < X.rows; q0 += QUERY_BLOCK) {
      const q1 = Math.min(X.rows, q0 + QUERY_BLOCK);
      for (let t0 = 0; t0 < nTrain; t0 += TRAIN_BLOCK) {
        const t1 = Math.min(nTrain, t0 + TRAIN_BLOCK);
        // four queries share each training row's loads (register blocking)
        let q = q0;
        for (; q + 4 <= q1; q += 4) {
          const o0 = q * d;
          const o1 = o0 + d;
          const o2 = o1 + d;
          const o3 = o2 + d;
          for (let t = t0; t < t1; t++) {
            const to = t * d;
            let a0 = 0;
            let a1 = 0;
            let a2 = 0;
            let a3 = 0;
            for (let j = 0; j < d; j++) {
              const v = xt[to + j];
              a0 += xq[o0 + j] * v;
              a1 += xq[o1 + j] * v;
              a2 += xq[o2 + j] * v;
              a3 += xq[o3 + j] * v;
            }
            const tn = norms[t];
            consider(q, qNorms[q] + tn - 2 * a0, t);
            consider(q + 1, qNorms[q + 1] + tn - 2 * a1, t);
            consider(q + 2, qNorms[q + 2] + tn - 2 * a2, t);
            consider(q + 3, qNorms[q + 3] + tn - 2 * a3, t);
          }
        }
        for (; q < q1; q++) {
          const qo = q * d;
          for (let t = t0; t < t1; t++) {
            const to = t * d;
            let a = 0;
            for (let j = 0; j < d; j++) a += xq[qo + j] * xt[to + j];
            consider(q, qNorms[q] + norms[t] - 2 * a, t);
          }
        }
      }
    }
    for (let i = 0; i < dist.length; i++) dist[i] = Math.sqrt(dist[i]);
    return { k, index, distance: dist };
  }

  predictProba(X: Matrix): Matrix {
    const s = requireFitted(this.kind, this.state);
    const { k, index, distance } = this.kneighbors(X);
    const nc = s.nClasses;
    const out = new Float32Array(X.rows * nc);
    const votes = new Float64Array(nc);
    const byDistance = this.params.weights === "distance";
    for (let q = 0; q < X.rows; q++) {
      votes.fill(0);
      let exact = false;
      if (byDistance) for (let j = 0; j < k; j++) if (distance[q * k + j] === 0) exact = true;
      let total = 0;
      for (let j = 0; j < k; j++) {
        const dj = distance[q * k + j];
        const w = !byDistance ? 1 : exact ? (dj === 0 ? 1 : 0) : 1 / dj;
        votes[s.y[index[q * k + j]]] += w;
        total += w;
      }
      for (let c = 0; c < nc; c++) out[q * nc + c] = votes[c] / total;
    }
    return matrix(X.rows, nc, out);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X));
  }

  toArtifact(): ModelArtifact {
    const s = requireFitted(this.kind, this.state);
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: { ...this.params },
      state: { nFeatures: s.nFeatures, nClasses: s.nClasses, X: encodeArray(s.X), y: encodeArray(s.y) },
    };
  }

  static fromArtifact(a: ModelArtifact): Knn {
    const st = artifactState(a, KNN_KIND, VERSION);
    const m = new Knn(a.params as Partial<KnnParams>);
    const d = stateInt(st, "nFeatures", KNN_KIND);
    const y = stateArray(st, "y", KNN_KIND, Int32Array);
    const X = stateArray(st, "X", KNN_KIND, Float32Array, y.length * d);
    m.state = {
      nFeatures: d,
      nClasses: stateInt(st, "nClasses", KNN_KIND),
      X,
      y,
      norms: rowNorms(X, y.length, d),
    };
    return m;
  }
}

function rowNorms(data: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[i * d + j] * data[i * d + j];
    out[i] = s;
  }
  return out;
}

registerModel({
  kind: KNN_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new Knn(p as Partial<KnnParams>),
  fromArtifact: (a) => Knn.fromArtifact(a),
});
