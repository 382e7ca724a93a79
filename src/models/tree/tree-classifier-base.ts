/**
 * What a decision tree, a random forest and extra-trees share: fitting a set of classification trees on
 * binned features, probability leaves averaged over trees, impurity importances, and a versioned artifact.
 * Subclasses only say how many trees, with or without bootstrap, which splitter and how many features.
 */
import { NotFittedError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import {
  type Classifier,
  checkFeatures,
  checkFitInput,
  type FitOptions,
  type ModelArtifact,
} from "../base.js";
import { decodeArray, type EncodedArray, encodeArray } from "../codec.js";
import { type ForestTask, fitTrees, meanImportances, treeSeeds } from "../forest/fit-forest.js";
import { fitTreesParallel } from "../forest/parallel.js";
import { checkArtifact } from "../registry.js";
import { binColumns, fitBinEdges } from "./binning.js";
import {
  accumulateEnsemble,
  buildEnsemble,
  decodeEnsemble,
  type EncodedEnsemble,
  encodeEnsemble,
  type TreeEnsemble,
} from "./flat.js";
import { ENTROPY, GINI } from "./grow-classifier.js";
import {
  type ClassWeight,
  type MaxFeatures,
  resolveClassWeights,
  resolveMaxFeatures,
  rowWeights,
} from "./params.js";

export interface TreeCommonParams {
  criterion: "gini" | "entropy";
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  classWeight: ClassWeight;
  maxBins: number;
  seed: number;
}

export interface ForestShape {
  nTrees: number;
  bootstrap: boolean;
  /** Bootstrap draws: null = nRows; a fraction (0, 1] of nRows; or a count. */
  maxSamples: number | null;
  randomSplits: boolean;
  /** Worker threads used to grow trees (1 = this thread). */
  nJobs: number;
}

export const ARTIFACT_VERSION = 1;

export abstract class TreeClassifierBase<P extends TreeCommonParams> implements Classifier<P> {
  abstract readonly kind: string;
  protected readonly params: P;
  protected ensemble: TreeEnsemble | null = null;
  protected nFeatures = 0;
  protected importances: Float64Array | null = null;
  private k = 0;

  protected constructor(params: P) {
    this.params = params;
  }

  protected abstract shape(): ForestShape;
  abstract clone(): TreeClassifierBase<P>;

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

  getParams(): P {
    return structuredClone(this.params);
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const K = checkFitInput(X, y, this.kind, options.sampleWeight);
    const nClasses = Math.max(2, K);
    const p = this.params;
    const s = this.shape();
    const edges = fitBinEdges(X, p.maxBins, p.seed);
    const bins = binColumns(X, edges);
    const classW = resolveClassWeights(p.classWeight, y, nClasses);
    const nDraws =
      s.maxSamples === null
        ? X.rows
        : s.maxSamples <= 1
          ? Math.max(1, Math.round(s.maxSamples * X.rows))
          : Math.floor(s.maxSamples);
    const task: ForestTask = {
      bins,
      nRows: X.rows,
      nFeatures: X.cols,
      nClasses,
      edges,
      y,
      rowWeight: rowWeights(y, classW, options.sampleWeight),
      grow: {
        criterion: p.criterion === "entropy" ? ENTROPY : GINI,
        maxDepth: p.maxDepth ?? Number.POSITIVE_INFINITY,
        minSamplesSplit: p.minSamplesSplit,
        minSamplesLeaf: p.minSamplesLeaf,
        maxFeatures: resolveMaxFeatures(p.maxFeatures, X.cols),
        randomSplits: s.randomSplits,
      },
      bootstrap: s.bootstrap,
      nDraws,
    };
    const seeds = treeSeeds(p.seed, s.nTrees);
    const res = s.nJobs > 1 && s.nTrees > 1 ? fitTreesParallel(task, seeds, s.nJobs) : fitTrees(task, seeds);
    this.ensemble = buildEnsemble(res.trees, nClasses);
    this.importances = meanImportances(res.importances, s.nTrees, X.cols);
    this.nFeatures = X.cols;
    this.k = nClasses;
    return this;
  }

  /** The fitted trees (flat arrays; values are class probabilities). */
  trees(): TreeEnsemble {
    if (this.ensemble === null) throw new NotFittedError(this.kind);
    return this.ensemble;
  }

  /** Impurity-based importances (mean decrease in impurity), summing to 1. */
  featureImportances(): Float64Array {
    if (this.importances === null) throw new NotFittedError(this.kind);
    return this.importances.slice();
  }

  predictProba(X: Matrix): Matrix {
    const e = this.trees();
    checkFeatures(X, this.nFeatures, this.kind);
    const K = this.k;
    // summed in float64 (the WebAssembly walk's output, ./wasm-walk.ts), rounded once to float32
    const sum = new Float64Array(X.rows * K);
    accumulateEnsemble(e, X.data, X.rows, X.cols, sum, 1 / e.nTrees);
    const out = new Float32Array(X.rows * K);
    for (let r = 0; r < X.rows; r++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += sum[r * K + k];
      if (s > 0) for (let k = 0; k < K; k++) out[r * K + k] = sum[r * K + k] / s;
      else for (let k = 0; k < K; k++) out[r * K + k] = sum[r * K + k];
    }
    return { rows: X.rows, cols: K, data: out };
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
      version: ARTIFACT_VERSION,
      kind: this.kind,
      params: this.getParams() as unknown as Record<string, unknown>,
      state: {
        nFeatures: this.nFeatures,
        nClasses: this.k,
        ensemble: encodeEnsemble(e),
        importances: encodeArray(this.importances ?? new Float64Array(this.nFeatures)),
      },
    };
  }

  /** Restores fitted state into this (unfitted) model from an artifact of its kind. */
  protected restore(a: ModelArtifact): this {
    checkArtifact(a, this.kind, [ARTIFACT_VERSION]);
    const st = a.state as {
      nFeatures: number;
      nClasses: number;
      ensemble: EncodedEnsemble;
      importances: EncodedArray;
    };
    this.ensemble = decodeEnsemble(st.ensemble);
    this.importances = decodeArray(st.importances) as Float64Array;
    this.nFeatures = st.nFeatures;
    this.k = st.nClasses;
    return this;
  }
}
