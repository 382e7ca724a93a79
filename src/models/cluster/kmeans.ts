/**
 * k-means detector (kind "kmeans"): k-means++ seeding and Lloyd iterations (./lloyd.ts), `nInit`
 * restarts keeping the lowest inertia, tolerance scaled by the mean column variance (as scikit-learn's
 * KMeans). score(X) = Euclidean distance to the nearest centroid (higher = more anomalous).
 * Labelling help: `predictCluster(X)` gives the cluster of each row; when fit gets labels y, each
 * cluster remembers its majority label and purity (share of its rows with that label), and
 * `predictLabel(X)` gives the majority label of each row's cluster (-1 for a cluster that had no rows).
 * Default nInit is 1 (scikit-learn >= 1.4's "auto" for k-means++; 1.2 used 10).
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import { checkFeatures, type ModelArtifact } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFinite, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { BaseDetector } from "./detector-base.js";
import { kmeansPlusPlus, lloyd, meanColumnVariance, nearest } from "./lloyd.js";

export const KMEANS_KIND = "kmeans";
const VERSION = 1;

export const kmeansParamsSchema = z
  .object({
    nClusters: z.number().int().positive().default(8),
    nInit: z.number().int().positive().default(1),
    maxIter: z.number().int().positive().default(300),
    /** Convergence: squared centre shift <= tol * mean column variance. */
    tol: z.number().nonnegative().default(1e-4),
    seed: z.number().int().default(0),
  })
  .strict();
export type KMeansParams = z.infer<typeof kmeansParamsSchema>;

interface State {
  nFeatures: number;
  centres: Float64Array;
  inertia: number;
  iterations: number;
  /** Rows of the training data per cluster. */
  sizes: Int32Array;
  /** Majority training label per cluster (-1: no labels given, or an empty cluster). */
  clusterLabels: Int32Array;
  /** Share of the cluster's rows carrying its majority label (0 without labels). */
  purity: Float64Array;
}

export class KMeans extends BaseDetector<KMeansParams, State> {
  readonly kind = KMEANS_KIND;

  constructor(params: Partial<KMeansParams> = {}) {
    super(KMEANS_KIND, kmeansParamsSchema, params, VERSION);
  }

  clone(): KMeans {
    return new KMeans(this.getParams());
  }

  fit(X: Matrix, y?: Int32Array): this {
    const nClasses = checkFitInput(this.kind, X, y ?? new Int32Array(X.rows));
    const { rows: n, cols: d, data } = X;
    const k = this.params.nClusters;
    if (n < k) {
      throw new VigilError("E_CONFIG", `kmeans: ${n} rows cannot make ${k} clusters`, { field: "nClusters" });
    }
    const tol = this.params.tol * meanColumnVariance(data, n, d);
    const rng = new Rng(this.params.seed);
    let best: ReturnType<typeof lloyd> | undefined;
    for (let r = 0; r < this.params.nInit; r++) {
      const init = kmeansPlusPlus(data, n, d, k, rng);
      const res = lloyd(data, n, d, k, init, this.params.maxIter, tol);
      if (best === undefined || res.inertia < best.inertia) best = res;
    }
    if (best === undefined) throw new VigilError("E_INTERNAL", "kmeans: no run");
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) sizes[best.labels[i]]++;
    const clusterLabels = new Int32Array(k).fill(-1);
    const purity = new Float64Array(k);
    if (y !== undefined) {
      const counts = new Int32Array(k * nClasses);
      for (let i = 0; i < n; i++) counts[best.labels[i] * nClasses + y[i]]++;
      for (let c = 0; c < k; c++) {
        if (sizes[c] === 0) continue;
        let arg = 0;
        for (let l = 1; l < nClasses; l++) if (counts[c * nClasses + l] > counts[c * nClasses + arg]) arg = l;
        clusterLabels[c] = arg;
        purity[c] = counts[c * nClasses + arg] / sizes[c];
      }
    }
    this.state = {
      nFeatures: d,
      centres: best.centres,
      inertia: best.inertia,
      iterations: best.iterations,
      sizes,
      clusterLabels,
      purity,
    };
    return this;
  }

  /** Centroids (nClusters x nFeatures, row-major), inertia, and per-cluster size / label / purity. */
  get clusters(): Readonly<Omit<State, "nFeatures">> {
    const { nFeatures: _, ...rest } = this.fittedState();
    return rest;
  }

  protected apply(X: Matrix, s: State): Float64Array {
    const k = s.sizes.length;
    const out = new Float64Array(X.rows);
    const tmp = new Float64Array(1);
    for (let r = 0; r < X.rows; r++) {
      nearest(X.data, r, s.centres, k, X.cols, tmp);
      out[r] = Math.sqrt(tmp[0]);
    }
    return out;
  }

  /** Nearest cluster per row. */
  predictCluster(X: Matrix): Int32Array {
    const s = this.fittedState();
    checkFeatures(X, s.nFeatures, this.kind);
    checkFinite(this.kind, X);
    const out = new Int32Array(X.rows);
    const tmp = new Float64Array(1);
    for (let r = 0; r < X.rows; r++) out[r] = nearest(X.data, r, s.centres, s.sizes.length, X.cols, tmp);
    return out;
  }

  /** Majority training label of each row's cluster (-1 when fit had no labels). */
  predictLabel(X: Matrix): Int32Array {
    const labels = this.fittedState().clusterLabels;
    return this.predictCluster(X).map((c) => labels[c]);
  }

  protected encodeState(s: State): Record<string, unknown> {
    return {
      nFeatures: s.nFeatures,
      centres: encodeArray(s.centres),
      inertia: s.inertia,
      iterations: s.iterations,
      sizes: encodeArray(s.sizes),
      clusterLabels: encodeArray(s.clusterLabels),
      purity: encodeArray(s.purity),
    };
  }

  static fromArtifact(a: ModelArtifact): KMeans {
    const m = new KMeans(a.params as Partial<KMeansParams>);
    const st = artifactState(a, KMEANS_KIND, VERSION);
    const d = stateInt(st, "nFeatures", KMEANS_KIND);
    const k = m.params.nClusters;
    m.state = {
      nFeatures: d,
      centres: stateArray(st, "centres", KMEANS_KIND, Float64Array, k * d),
      inertia: Number(st.inertia),
      iterations: stateInt(st, "iterations", KMEANS_KIND),
      sizes: stateArray(st, "sizes", KMEANS_KIND, Int32Array, k),
      clusterLabels: stateArray(st, "clusterLabels", KMEANS_KIND, Int32Array, k),
      purity: stateArray(st, "purity", KMEANS_KIND, Float64Array, k),
    };
    return m;
  }
}

registerModel({
  kind: KMEANS_KIND,
  role: "detector",
  version: VERSION,
  create: (p) => new KMeans(p as Partial<KMeansParams>),
  fromArtifact: (a) => KMeans.fromArtifact(a),
});
