/**
 * Path-dependent TreeSHAP (Lundberg, Erion et al. 2020, "From local explanations to global understanding
 * with explainable AI for trees", Algorithm 2): exact Shapley values of the conditional expectation
 * E[f(x) | x_S] as the trees estimate it (a feature outside S follows both children, weighted by their
 * training cover), in O(leaves x depth^2) per tree. The "unique path" of features met from the root is
 * kept in preallocated Float64Arrays, one slab per recursion level: EXTEND adds a split's feature with its
 * zero fraction (cover share: the feature is unknown) and one fraction (1 when x goes that way: known),
 * UNWIND removes a feature that is split on again, and at a leaf the unwound sums give each feature's
 * weight. Attributions sum to f(x) − E[f] (local accuracy) for every output column.
 */
import type { TreeEnsemble } from "../models/tree/flat.js";
import { coverFraction, maxTreeDepth, pathExpectedValue, type TreeModelView } from "./tree-view.js";

export class PathTreeShap {
  readonly view: TreeModelView;
  /** E[f] per output column. */
  readonly expected: Float64Array;
  private readonly e: TreeEnsemble;
  private readonly pFeat: Int32Array;
  private readonly pZero: Float64Array;
  private readonly pOne: Float64Array;
  private readonly pW: Float64Array;
  /** inv[i] = 1 / i. */
  private readonly inv: Float64Array;
  private phi: Float64Array = new Float64Array(0);
  private x: Float32Array = new Float32Array(0);
  private xOff = 0;
  private M = 0;
  private col = 0;
  private only = -1;

  constructor(view: TreeModelView) {
    this.view = view;
    this.e = view.ensemble;
    this.expected = pathExpectedValue(view);
    const d = maxTreeDepth(this.e) + 2;
    const size = ((d + 1) * (d + 2)) / 2 + d + 2;
    this.pFeat = new Int32Array(size);
    this.pZero = new Float64Array(size);
    this.pOne = new Float64Array(size);
    this.pW = new Float64Array(size);
    this.inv = new Float64Array(d + 2);
    for (let i = 1; i < d + 2; i++) this.inv[i] = 1 / i;
  }

  /**
   * Adds row r's attributions to phi. With `column` < 0, for every output column (layout: column c,
   * feature f at c * M + f, M = nFeatures); with a column, for that one only (phi[f]), visiting only the
   * trees that feed it (boosting: one tree per class and round). `X` is row-major with M columns.
   */
  explainRow(X: Float32Array, r: number, phi: Float64Array, column = -1): void {
    const e = this.e;
    this.M = this.view.nFeatures;
    this.x = X;
    this.xOff = r * this.M;
    this.phi = phi;
    this.only = column;
    for (let t = 0; t < e.nTrees; t++) {
      const oo = e.outputOffset[t];
      if (column >= 0 && (column < oo || column >= oo + e.nOutputs)) continue;
      this.col = oo;
      this.recurse(e.roots[t], 0, 0, 1, 1, -1);
    }
  }

  private extend(off: number, depth: number, zero: number, one: number, feat: number): void {
    const { pFeat, pZero, pOne, pW } = this;
    const k = off + depth;
    pFeat[k] = feat;
    pZero[k] = zero;
    pOne[k] = one;
    pW[k] = depth === 0 ? 1 : 0;
    const inv = 1 / (depth + 1);
    for (let i = depth - 1; i >= 0; i--) {
      pW[off + i + 1] += one * pW[off + i] * (i + 1) * inv;
      pW[off + i] = zero * pW[off + i] * (depth - i) * inv;
    }
  }

  private unwind(off: number, depth: number, idx: number): void {
    const { pFeat, pZero, pOne, pW } = this;
    const one = pOne[off + idx];
    const zero = pZero[off + idx];
    let next = pW[off + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = pW[off + i];
        pW[off + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (pW[off + i] * zero * (depth - i)) / (depth + 1);
      } else {
        pW[off + i] = (pW[off + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = idx; i < depth; i++) {
      pFeat[off + i] = pFeat[off + i + 1];
      pZero[off + i] = pZero[off + i + 1];
      pOne[off + i] = pOne[off + i + 1];
    }
  }

  /**
   * Sum of the path weights with element idx unwound. One fractions are always 0 or 1 (products of
   * indicators), so the divisions become products with precomputed reciprocals.
   */
  private unwoundSum(off: number, depth: number, idx: number): number {
    const pW = this.pW;
    const inv = this.inv;
    const one = this.pOne[off + idx];
    const zero = this.pZero[off + idx];
    let next = pW[off + depth];
    let total = 0;
    if (one !== 0) {
      const invOne = one === 1 ? 1 : 1 / one;
      for (let i = depth - 1; i >= 0; i--) {
        const tmp = next * inv[i + 1] * invOne;
        total += tmp;
        next = pW[off + i] - tmp * zero * (depth - i);
      }
    } else {
      const invZero = 1 / zero;
      for (let i = depth - 1; i >= 0; i--) total += pW[off + i] * inv[depth - i];
      total *= invZero;
    }
    return total * (depth + 1);
  }

  /** `parentOff`: start of the parent's path slab; this node's slab follows it. */
  private recurse(
    node: number,
    depth: number,
    parentOff: number,
    zero: number,
    one: number,
    feat: number,
  ): void {
    const e = this.e;
    const off = depth === 0 ? 0 : parentOff + depth;
    const { pFeat, pZero, pOne, pW } = this;
    for (let i = 0; i < depth; i++) {
      pFeat[off + i] = pFeat[parentOff + i];
      pZero[off + i] = pZero[parentOff + i];
      pOne[off + i] = pOne[parentOff + i];
      pW[off + i] = pW[parentOff + i];
    }
    this.extend(off, depth, zero, one, feat);
    const split = e.feature[node];
    if (split < 0) {
      const nOut = e.nOutputs;
      const vb = node * nOut;
      const scale = this.view.scale;
      const M = this.M;
      if (this.only >= 0) {
        const v = e.value[vb + this.only - this.col] * scale;
        for (let i = 1; i <= depth; i++) {
          this.phi[pFeat[off + i]] += this.unwoundSum(off, depth, i) * (pOne[off + i] - pZero[off + i]) * v;
        }
        return;
      }
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(off, depth, i) * (pOne[off + i] - pZero[off + i]) * scale;
        const f = pFeat[off + i];
        for (let k = 0; k < nOut; k++) this.phi[(this.col + k) * M + f] += w * e.value[vb + k];
      }
      return;
    }
    const goLeft = this.x[this.xOff + split] <= e.threshold[node];
    const hot = goLeft ? e.left[node] : e.right[node];
    const cold = goLeft ? e.right[node] : e.left[node];
    const hotZero = coverFraction(e, hot, node);
    const coldZero = coverFraction(e, cold, node);
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    let idx = 0;
    for (; idx <= d; idx++) if (this.pFeat[off + idx] === split) break;
    if (idx !== d + 1) {
      inZero = this.pZero[off + idx];
      inOne = this.pOne[off + idx];
      this.unwind(off, d, idx);
      d -= 1;
    }
    if (hotZero * inZero !== 0 || inOne !== 0) this.recurse(hot, d + 1, off, hotZero * inZero, inOne, split);
    // A cold child without cover contributes nothing (its path weight is 0); skipping it avoids 0/0.
    if (coldZero * inZero !== 0) this.recurse(cold, d + 1, off, coldZero * inZero, 0, split);
  }
}

export interface TreeShapResult {
  /** rows x nColumns x nFeatures: phi[(r * nColumns + c) * nFeatures + f]. */
  phi: Float64Array;
  /** E[f] per output column. */
  expected: Float64Array;
  nColumns: number;
  nFeatures: number;
}

/** Path-dependent TreeSHAP for every row of a row-major matrix with view.nFeatures columns. */
export function pathTreeShap(view: TreeModelView, X: Float32Array, rows: number): TreeShapResult {
  const shap = new PathTreeShap(view);
  const C = view.ensemble.nColumns;
  const M = view.nFeatures;
  const phi = new Float64Array(rows * C * M);
  for (let r = 0; r < rows; r++) shap.explainRow(X, r, phi.subarray(r * C * M, (r + 1) * C * M));
  return { phi, expected: shap.expected, nColumns: C, nFeatures: M };
}
