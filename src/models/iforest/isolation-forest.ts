/**
 * Isolation forest detector (kind "isolation-forest"), scikit-learn 1.2 semantics:
 * - each of `nEstimators` trees sees `maxSamples` rows drawn without replacement ("auto" = min(256, n);
 *   an integer is capped at n; a fraction in (0, 1] takes floor(f * n)), or with replacement when
 *   `bootstrap`; and `maxFeatures` features (an integer >= 2, or a fraction in (0, 1] of the columns,
 *   1 = all) drawn without replacement per tree;
 * - trees grow to depth ceil(log2(maxSamples)) with random feature / uniform threshold splits
 *   (./isolation-tree.ts);
 * - score = 2^(-E[h(x)] / c(maxSamples)) in (0, 1], the paper's anomaly score; higher = more anomalous.
 *   This is -score_samples(X) of scikit-learn (no contamination offset: thresholds are calibrated on
 *   benign scores by the caller, see src/detect/threshold.ts).
 * Seeded (mulberry32 per tree); random streams differ from numpy's, so trees differ from scikit-learn's
 * while following the same distribution.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { BaseDetector } from "../cluster/detector-base.js";
import { encodeArray } from "../codec.js";
import { artifactState, checkFitInput, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import {
  averagePathLength,
  type FlatForest,
  growIsolationTree,
  meanPathLength,
  type TreeScratch,
} from "./isolation-tree.js";

export const ISOLATION_FOREST_KIND = "isolation-forest";
const VERSION = 1;

export const isolationForestParamsSchema = z
  .object({
    nEstimators: z.number().int().positive().default(100),
    /** "auto" = min(256, rows), an integer row count >= 2, or a fraction in (0, 1] of the rows. */
    maxSamples: z.union([z.literal("auto"), z.number().positive()]).default("auto"),
    /** Features per tree: an integer count >= 2, or a fraction in (0, 1] of the columns (1 = all). */
    maxFeatures: z.number().positive().default(1),
    bootstrap: z.boolean().default(false),
    seed: z.number().int().default(0),
  })
  .strict();
export type IsolationForestParams = z.infer<typeof isolationForestParamsSchema>;

interface State {
  nFeatures: number;
  /** Rows each tree was grown on (the c(n) normaliser). */
  maxSamples: number;
  forest: FlatForest;
}

export class IsolationForest extends BaseDetector<IsolationForestParams, State> {
  readonly kind = ISOLATION_FOREST_KIND;

  constructor(params: Partial<IsolationForestParams> = {}) {
    super(ISOLATION_FOREST_KIND, isolationForestParamsSchema, params, VERSION);
  }

  clone(): IsolationForest {
    return new IsolationForest(this.getParams());
  }

  /** The fitted trees as flat arrays (read-only view, for inspection and export). */
  get flatForest(): Readonly<FlatForest> {
    return this.fittedState().forest;
  }

  fit(X: Matrix): this {
    checkFitInput(this.kind, X, new Int32Array(X.rows));
    const { rows: n, cols: d, data } = X;
    const p = this.params;
    const psi = resolveCount(p.maxSamples === "auto" ? Math.min(256, n) : p.maxSamples, n, "maxSamples");
    const nf = resolveCount(p.maxFeatures, d, "maxFeatures");
    const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
    const nodesPerTree = 2 * psi - 1;
    const cap = p.nEstimators * nodesPerTree;
    const f: FlatForest = {
      nNodes: 0,
      feature: new Int32Array(cap),
      threshold: new Float64Array(cap),
      left: new Int32Array(cap),
      right: new Int32Array(cap),
      value: new Float64Array(cap),
      roots: new Int32Array(p.nEstimators),
    };
    const scratch: TreeScratch = {
      rows: new Int32Array(psi),
      order: new Int32Array(nf),
      stack: new Int32Array(8 * (maxDepth + 2)),
    };
    const perm = new Int32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const featPerm = new Int32Array(d);
    for (let j = 0; j < d; j++) featPerm[j] = j;
    const feats = new Int32Array(nf);
    const master = new Rng(p.seed);
    for (let t = 0; t < p.nEstimators; t++) {
      const rng = new Rng(master.fork());
      if (p.bootstrap) {
        for (let i = 0; i < psi; i++) scratch.rows[i] = rng.int(n);
      } else {
        // partial Fisher-Yates: perm stays a permutation, its first psi entries a uniform sample
        for (let i = 0; i < psi; i++) {
          const j = i + rng.int(n - i);
          const v = perm[j];
          perm[j] = perm[i];
          perm[i] = v;
          scratch.rows[i] = v;
        }
      }
      if (nf === d) feats.set(featPerm);
      else {
        for (let k = 0; k < nf; k++) {
          const j = k + rng.int(d - k);
          const v = featPerm[j];
          featPerm[j] = featPerm[k];
          featPerm[k] = v;
        }
        for (let k = 0; k < nf; k++) feats[k] = featPerm[k];
        feats.sort();
      }
      f.roots[t] = growIsolationTree(data, d, psi, feats, maxDepth, rng, scratch, f);
    }
    this.state = { nFeatures: d, maxSamples: psi, forest: trim(f) };
    return this;
  }

  protected apply(X: Matrix, s: State): Float64Array {
    const out = new Float64Array(X.rows);
    const cn = averagePathLength(s.maxSamples);
    for (let r = 0; r < X.rows; r++) {
      const h = meanPathLength(s.forest, X.data, X.cols, r);
      out[r] = cn > 0 ? 2 ** (-h / cn) : 1;
    }
    return out;
  }

  /** Mean path length E[h(x)] per row (lower = easier to isolate). */
  pathLengths(X: Matrix): Float64Array {
    const s = this.fittedState();
    this.score(X);
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) out[r] = meanPathLength(s.forest, X.data, X.cols, r);
    return out;
  }

  protected encodeState(s: State): Record<string, unknown> {
    const f = s.forest;
    return {
      nFeatures: s.nFeatures,
      maxSamples: s.maxSamples,
      feature: encodeArray(f.feature),
      threshold: encodeArray(f.threshold),
      left: encodeArray(f.left),
      right: encodeArray(f.right),
      value: encodeArray(f.value),
      roots: encodeArray(f.roots),
    };
  }

  static fromArtifact(a: ModelArtifact): IsolationForest {
    const m = new IsolationForest(a.params as Partial<IsolationForestParams>);
    const st = artifactState(a, ISOLATION_FOREST_KIND, VERSION);
    const K = ISOLATION_FOREST_KIND;
    const feature = stateArray(st, "feature", K, Int32Array);
    const nn = feature.length;
    const forest: FlatForest = {
      nNodes: nn,
      feature,
      threshold: stateArray(st, "threshold", K, Float64Array, nn),
      left: stateArray(st, "left", K, Int32Array, nn),
      right: stateArray(st, "right", K, Int32Array, nn),
      value: stateArray(st, "value", K, Float64Array, nn),
      roots: stateArray(st, "roots", K, Int32Array),
    };
    const d = stateInt(st, "nFeatures", K);
    checkForest(forest, d);
    m.state = { nFeatures: d, maxSamples: stateInt(st, "maxSamples", K), forest };
    return m;
  }
}

/**
 * A count param: a value in (0, 1] is a fraction of `n` (floor, at least 1; so 1 = all, as scikit-learn's
 * 1.0), an integer >= 2 a count capped at `n`.
 */
function resolveCount(v: number, n: number, field: string): number {
  if (v > 0 && v <= 1) return Math.max(1, Math.floor(v * n));
  if (Number.isInteger(v) && v >= 2) return Math.min(v, n);
  throw new VigilError(
    "E_CONFIG",
    `isolation-forest: ${field} ${v} is neither an integer >= 2 nor in (0, 1]`,
    {
      field,
    },
  );
}

function trim(f: FlatForest): FlatForest {
  const n = f.nNodes;
  return {
    nNodes: n,
    feature: f.feature.slice(0, n),
    threshold: f.threshold.slice(0, n),
    left: f.left.slice(0, n),
    right: f.right.slice(0, n),
    value: f.value.slice(0, n),
    roots: f.roots,
  };
}

/** Rejects node arrays that would walk out of bounds or loop (children always follow their parent). */
function checkForest(f: FlatForest, d: number): void {
  const bad = (field: string) =>
    new VigilError("E_MODEL", `isolation-forest artifact: bad ${field}`, { field: `state.${field}` });
  for (const r of f.roots) if (r < 0 || r >= f.nNodes) throw bad("roots");
  for (let i = 0; i < f.nNodes; i++) {
    const ft = f.feature[i];
    if (ft >= d) throw bad("feature");
    if (ft >= 0 && !(f.left[i] > i && f.left[i] < f.nNodes && f.right[i] > i && f.right[i] < f.nNodes))
      throw bad("left/right");
  }
}

registerModel({
  kind: ISOLATION_FOREST_KIND,
  role: "detector",
  version: VERSION,
  create: (p) => new IsolationForest(p as Partial<IsolationForestParams>),
  fromArtifact: (a) => IsolationForest.fromArtifact(a),
});
