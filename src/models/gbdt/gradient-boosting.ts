/**
 * Histogram gradient boosting classifier (kind "gradient-boosting", after XGBoost "hist" / LightGBM /
 * scikit-learn's HistGradientBoosting): features binned once to <= 255 bins; per round one tree per raw
 * column (1 for two classes with a sigmoid, K with a softmax); learning rate; depth and/or leaf limits;
 * L2 λ; min child weight (hessian); row subsampling per round and column subsampling per tree; early
 * stopping on a stratified validation fraction; class weights.
 */
import { z } from "zod";
import { NotFittedError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import {
  type Classifier,
  checkFeatures,
  checkFitInput,
  type FitOptions,
  type ModelArtifact,
  parseParams,
} from "../base.js";
import { decodeArray, type EncodedArray, encodeArray } from "../codec.js";
import { checkArtifact, registerModel } from "../registry.js";
import { binColumns, fitBinEdges } from "../tree/binning.js";
import {
  accumulateEnsemble,
  buildEnsemble,
  decodeEnsemble,
  type EncodedEnsemble,
  encodeEnsemble,
  type NodeStore,
  type TreeEnsemble,
} from "../tree/flat.js";
import {
  classWeightSchema,
  maxBinsSchema,
  resolveClassWeights,
  rowWeights,
  seedSchema,
} from "../tree/params.js";
import { Rng } from "../tree/random.js";
import { type BoostData, growColumnTree, stepScratch } from "./class-tree.js";
import { FeatureHelper } from "./feature-parallel.js";
import { initialScores, logLoss, rawColumns, rawToProba } from "./loss.js";
import { BoostingPool, type RoundPlan, shared } from "./parallel-rounds.js";
import { buildSparseBins } from "./sparse-bins.js";

export const gradientBoostingParamsSchema = z
  .object({
    nEstimators: z.number().int().positive().default(100),
    learningRate: z.number().positive().default(0.1),
    /** Depth limit (null: none; then maxLeaves must be set). */
    maxDepth: z.number().int().positive().nullable().default(6),
    /** Leaf limit per tree, best-first growth (null: 2^maxDepth, at most 256). */
    maxLeaves: z.number().int().min(2).nullable().default(null),
    /** L2 regularization λ on leaf values. */
    lambda: z.number().nonnegative().default(1),
    /** Minimum hessian sum in a child. */
    minChildWeight: z.number().nonnegative().default(1),
    /** γ: minimum loss reduction to split. */
    minSplitGain: z.number().nonnegative().default(0),
    /** Fraction of training rows drawn (without replacement) per round. */
    subsample: z.number().gt(0).max(1).default(1),
    /** Fraction of features drawn per tree. */
    colsampleByTree: z.number().gt(0).max(1).default(1),
    earlyStopping: z.boolean().default(false),
    validationFraction: z.number().gt(0).lt(1).default(0.1),
    nIterNoChange: z.number().int().positive().default(10),
    tol: z.number().nonnegative().default(1e-7),
    classWeight: classWeightSchema.default(null),
    maxBins: maxBinsSchema,
    seed: seedSchema,
    /**
     * Threads growing a round's trees (one per raw-score column, so only multi-class fits use more than
     * one); the trees are the same for any value.
     */
    nJobs: z.number().int().min(1).max(64).default(1),
  })
  .strict()
  .refine((p) => p.maxDepth !== null || p.maxLeaves !== null, {
    message: "set maxDepth or maxLeaves",
    path: ["maxLeaves"],
  });
export type GradientBoostingParams = z.infer<typeof gradientBoostingParamsSchema>;

const KIND = "gradient-boosting";
/**
 * A two-class fit with nJobs > 1 hands half of each node's per-feature work to a helper thread from this
 * many cells (rows x features) up; below, starting the thread costs more than it saves.
 */
export const FEATURE_PARALLEL_MIN_CELLS = 1 << 20;
const VERSION = 1;

/** Stratified seeded split: the validation rows (about `fraction` of each class). */
function validationRows(y: Int32Array, nClasses: number, fraction: number, rng: Rng): Uint8Array {
  const isValid = new Uint8Array(y.length);
  const byClass: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  for (const rows of byClass) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
    }
    const take = rows.length >= 2 ? Math.max(1, Math.round(rows.length * fraction)) : 0;
    for (let q = 0; q < take; q++) isValid[rows[q]] = 1;
  }
  return isValid;
}

export class GradientBoostingClassifier implements Classifier<GradientBoostingParams> {
  readonly kind = KIND;
  private readonly params: GradientBoostingParams;
  private ensemble: TreeEnsemble | null = null;
  private init: Float64Array = new Float64Array(0);
  private nFeatures = 0;
  private k = 0;
  private importances: Float64Array = new Float64Array(0);
  private rounds = 0;

  constructor(params: Partial<GradientBoostingParams> = {}) {
    this.params = parseParams(gradientBoostingParamsSchema, params, KIND);
  }

  get fitted(): boolean {
    return this.ensemble !== null;
  }

  get nClasses(): number {
    return this.k;
  }

  /** Columns seen in fit. */
  get nFeaturesIn(): number {
    return this.nFeatures;
  }

  /** Boosting rounds kept (fewer than nEstimators after early stopping). */
  get nIter(): number {
    return this.rounds;
  }

  getParams(): GradientBoostingParams {
    return structuredClone(this.params);
  }

  clone(): GradientBoostingClassifier {
    return new GradientBoostingClassifier(this.getParams());
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const K = Math.max(2, checkFitInput(X, y, KIND, options.sampleWeight));
    // one tree per round: half of each node's per-feature work on a helper thread instead, started
    // now so that its start-up overlaps the binning
    const featureParallel =
      this.params.nJobs > 1 && rawColumns(K) === 1 && X.rows * X.cols >= FEATURE_PARALLEL_MIN_CELLS;
    const helper = featureParallel ? FeatureHelper.spawn() : null;
    try {
      return this.fitWith(X, y, options, K, helper);
    } finally {
      helper?.close(null);
    }
  }

  private fitWith(
    X: Matrix,
    y: Int32Array,
    options: FitOptions,
    K: number,
    helper: FeatureHelper | null,
  ): this {
    const p = this.params;
    const n = X.rows;
    const F = X.cols;
    const C = rawColumns(K);
    const KP = Math.max(2, K);
    const rng = new Rng(p.seed);
    const edges = fitBinEdges(X, p.maxBins, p.seed);
    const bins = binColumns(X, edges);
    const nBins = new Int32Array(F);
    for (let f = 0; f < F; f++) nBins[f] = edges.offsets[f + 1] - edges.offsets[f] + 1;
    const w = rowWeights(y, resolveClassWeights(p.classWeight, y, K), options.sampleWeight);

    const isValid = p.earlyStopping ? validationRows(y, K, p.validationFraction, rng) : new Uint8Array(n);
    let nTrain = 0;
    for (let i = 0; i < n; i++) if (isValid[i] === 0) nTrain++;
    const trainRows = new Int32Array(nTrain);
    const validRows = new Int32Array(n - nTrain);
    for (let i = 0, a = 0, b = 0; i < n; i++) {
      if (isValid[i] === 0) trainRows[a++] = i;
      else validRows[b++] = i;
    }
    const wTrain = w.slice();
    for (let j = 0; j < validRows.length; j++) wTrain[validRows[j]] = 0;
    const init = initialScores(y, wTrain, K);

    const nJobs = p.nJobs;
    const parallel = nJobs > 1 && C > 1;
    // the round pool's workers read the fit's arrays from shared memory; a helper thread reads the bins
    // (and the workspace, made shared by stepScratch)
    const sh = <T extends Int32Array | Uint8Array | Float32Array | Float64Array>(x: T): T =>
      parallel ? shared(x) : x;
    const raw = sh(new Float64Array(n * C));
    for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) raw[i * C + c] = init[c];
    const maxLeaves = p.maxLeaves ?? 2 ** Math.min(p.maxDepth ?? 8, 8);
    const data: BoostData = {
      n,
      nFeatures: F,
      nClasses: K,
      nColumns: C,
      bins: parallel || helper !== null ? shared(bins) : bins,
      nBins,
      sparse: buildSparseBins(bins, n, nBins),
      edges,
      y,
      w,
      proba: sh(new Float32Array(n * KP)),
      raw,
      roundRows: sh(new Int32Array(nTrain)),
      inSample: sh(new Uint8Array(n)),
      treeOptions: {
        maxDepth: p.maxDepth ?? Number.POSITIVE_INFINITY,
        maxLeaves,
        lambda: p.lambda,
        minChildWeight: p.minChildWeight,
        minSplitGain: p.minSplitGain,
        learningRate: p.learningRate,
      },
    };
    const { proba, roundRows, inSample } = data;
    const plan: RoundPlan = {
      features: sh(new Int32Array(C * F)),
      featureCounts: sh(new Int32Array(C)),
    };
    const scratch = stepScratch(data, helper !== null);
    const nColFeatures = Math.max(1, Math.round(p.colsampleByTree * F));
    const allFeatures = new Int32Array(F);
    for (let f = 0; f < F; f++) allFeatures[f] = f;
    const gainImp = new Float64Array(F);
    const trees: NodeStore[] = [];
    const treeClass: number[] = [];

    let bestLoss = Number.POSITIVE_INFINITY;
    let bestRounds = 0;
    let round = 0;
    const pool = parallel ? BoostingPool.open(data, plan, nJobs) : null;
    helper?.attach(scratch.ws, data.bins, n, nBins, data.treeOptions);
    try {
      for (; round <= p.nEstimators; round++) {
        rawToProba(raw, n, K, proba);
        if (p.earlyStopping && validRows.length > 0) {
          const loss = logLoss(proba, y, w, K, validRows);
          if (loss < bestLoss - p.tol) {
            bestLoss = loss;
            bestRounds = round;
          } else if (round - bestRounds >= p.nIterNoChange) break;
        } else bestRounds = round;
        if (round === p.nEstimators) break;

        let count = 0;
        if (p.subsample < 1) {
          inSample.fill(0);
          for (let j = 0; j < nTrain; j++) {
            if (rng.float() < p.subsample) {
              roundRows[count++] = trainRows[j];
              inSample[trainRows[j]] = 1;
            }
          }
          if (count === 0) continue;
        } else {
          roundRows.set(trainRows);
          count = nTrain;
          for (let j = 0; j < nTrain; j++) inSample[trainRows[j]] = 1;
        }
        // every column's features first (the same draws, in the same order, as drawing per tree)
        for (let c = 0; c < C; c++) {
          let features = allFeatures;
          if (nColFeatures < F) {
            for (let q = 0; q < nColFeatures; q++) {
              const r = q + rng.int(F - q);
              const t = allFeatures[q];
              allFeatures[q] = allFeatures[r];
              allFeatures[r] = t;
            }
            features = allFeatures.slice(0, nColFeatures).sort();
          }
          plan.features.set(features, c * F);
          plan.featureCounts[c] = features.length;
        }
        if (pool !== null) {
          const grown = pool.round(count, scratch, gainImp);
          for (let c = 0; c < C; c++) {
            trees.push(grown[c]);
            treeClass.push(c);
          }
        } else {
          for (let c = 0; c < C; c++) {
            const features = plan.features.subarray(c * F, c * F + plan.featureCounts[c]);
            trees.push(growColumnTree(data, scratch, c, count, features, gainImp));
            treeClass.push(c);
          }
        }
      }
    } finally {
      pool?.close(gainImp);
    }
    const kept = bestRounds * C;
    this.ensemble = buildEnsemble(trees.slice(0, kept), C, treeClass.slice(0, kept));
    this.rounds = bestRounds;
    this.init = init;
    this.nFeatures = F;
    this.k = K;
    let s = 0;
    for (let f = 0; f < F; f++) s += gainImp[f];
    this.importances = gainImp.map((v) => (s > 0 ? v / s : 0));
    return this;
  }

  /** The fitted trees (flat arrays; leaf values are raw-score increments of column outputOffset[t]). */
  trees(): TreeEnsemble {
    if (this.ensemble === null) throw new NotFittedError(KIND);
    return this.ensemble;
  }

  /** Initial raw score per raw column (the prior). */
  baseScores(): Float64Array {
    this.trees();
    return this.init.slice();
  }

  /** Gain-based importances (total split gain per feature), summing to 1. */
  featureImportances(): Float64Array {
    this.trees();
    return this.importances.slice();
  }

  /** Raw scores (rows x 1 for two classes: log-odds of class 1; rows x K: softmax inputs). */
  decisionFunction(X: Matrix): Matrix {
    const e = this.trees();
    checkFeatures(X, this.nFeatures, KIND);
    const C = e.nColumns;
    const raw = new Float64Array(X.rows * C);
    for (let r = 0; r < X.rows; r++) for (let c = 0; c < C; c++) raw[r * C + c] = this.init[c];
    accumulateEnsemble(e, X.data, X.rows, X.cols, raw, 1);
    return { rows: X.rows, cols: C, data: Float32Array.from(raw) };
  }

  predictProba(X: Matrix): Matrix {
    const e = this.trees();
    checkFeatures(X, this.nFeatures, KIND);
    const C = e.nColumns;
    const raw = new Float64Array(X.rows * C);
    for (let r = 0; r < X.rows; r++) for (let c = 0; c < C; c++) raw[r * C + c] = this.init[c];
    accumulateEnsemble(e, X.data, X.rows, X.cols, raw, 1);
    const out = new Float32Array(X.rows * this.k);
    rawToProba(raw, X.rows, this.k, out);
    return { rows: X.rows, cols: this.k, data: out };
  }

  predict(X: Matrix): Int32Array {
    const p = this.predictProba(X);
    const K = p.cols;
    const out = new Int32Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (p.data[r * K + k] > p.data[r * K + best]) best = k;
      out[r] = best;
    }
    return out;
  }

  toArtifact(): ModelArtifact {
    const e = this.trees();
    return {
      format: "vigil-model",
      version: VERSION,
      kind: KIND,
      params: this.getParams() as unknown as Record<string, unknown>,
      state: {
        nFeatures: this.nFeatures,
        nClasses: this.k,
        rounds: this.rounds,
        init: encodeArray(this.init),
        importances: encodeArray(this.importances),
        ensemble: encodeEnsemble(e),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): GradientBoostingClassifier {
    checkArtifact(a, KIND, [VERSION]);
    const m = new GradientBoostingClassifier(a.params as Partial<GradientBoostingParams>);
    const st = a.state as {
      nFeatures: number;
      nClasses: number;
      rounds: number;
      init: EncodedArray;
      importances: EncodedArray;
      ensemble: EncodedEnsemble;
    };
    m.ensemble = decodeEnsemble(st.ensemble);
    m.init = decodeArray(st.init) as Float64Array;
    m.importances = decodeArray(st.importances) as Float64Array;
    m.nFeatures = st.nFeatures;
    m.k = st.nClasses;
    m.rounds = st.rounds;
    return m;
  }
}

registerModel({
  kind: KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new GradientBoostingClassifier(p as Partial<GradientBoostingParams>),
  fromArtifact: GradientBoostingClassifier.fromArtifact,
});

export { thresholdOf } from "./class-tree.js";
