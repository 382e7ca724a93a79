/**
 * Path-dependent TreeSHAP in O(nodes x depth / 2) per tree: the same values as Algorithm 2
 * (./treeshap-path.ts), computed the way Linear TreeSHAP (Yu et al. 2022) does, with polynomials held
 * as their values at Gauss–Legendre nodes.
 *
 * Why it works: a leaf L's path-dependent game is g(S) = v_L · Π_j (j ∈ S ? o_j : z_j) over the unique
 * features j on its path (o_j ∈ {0, 1}: x goes this way at every split on j; z_j: product of the cover
 * fractions of those splits). For such a product game the Shapley value is (Owen's multilinear
 * extension) phi_i = v_L (o_i − z_i) ∫₀¹ Π_{j≠i} f_j(t) dt with f_j(t) = z_j + (o_j − z_j) t: a polynomial
 * of degree < depth, integrated exactly by ceil(depth / 2) Gauss nodes. One top-down pass carries
 * P(t_q) = Π_j f_j(t_q) (a repeated feature divides its old factor out); one bottom-up pass returns
 * G(t_q) = Σ_{leaves below} v_L P_L(t_q); an edge splitting on feature i adds
 * (o_i − z_i) Σ_q w_q G(t_q) / f_i(t_q), and a split that refines an earlier split on i subtracts that
 * earlier edge's formula for the leaves below it, which the earlier edge counted with the wrong factor.
 */
import type { TreeEnsemble } from "../models/tree/flat.js";
import { gaussLegendre01 } from "./gauss-legendre.js";
import { coverFraction, maxTreeDepth, pathExpectedValue, type TreeModelView } from "./tree-view.js";

export class FastTreeShap {
  readonly view: TreeModelView;
  /** E[f] per output column (cover-weighted). */
  readonly expected: Float64Array;
  private readonly e: TreeEnsemble;
  private readonly nq: number;
  private readonly t: Float64Array;
  private readonly w: Float64Array;
  /** P per depth: depth d at [d * nq, (d + 1) * nq). */
  private readonly P: Float64Array;
  /** G per depth and output: depth d, output k at [(d * K + k) * nq, ...). */
  private readonly G: Float64Array;
  private readonly K: number;
  /** Per depth: w_q / f(t_q) of the edge into that depth, and w_q / f_prev(t_q) for a repeated feature. */
  private readonly inv: Float64Array;
  private readonly invPrev: Float64Array;
  private readonly curZ: Float64Array;
  private readonly curO: Float64Array;
  private readonly seen: Uint8Array;
  /** Per node: its share of its parent's cover (precomputed once). */
  private readonly frac: Float64Array;
  /**
   * Per node: bit k set when some leaf below has a non-zero value for output k (all bits when there are
   * more than 31 outputs). A subtree whose leaves are all 0 for the explained output contributes nothing
   * (its G is 0), so it is not visited: most leaves of a multi-class forest hold 0 for most classes.
   */
  private readonly nonZero: Int32Array;
  private onlyBit = -1;
  private x: Float32Array = new Float32Array(0);
  private xOff = 0;
  private phi: Float64Array = new Float64Array(0);
  private col = 0;
  /** Output within the tree's outputs to explain (-1: all, written at (col + k) * M + f). */
  private only = -1;
  private M = 0;

  constructor(view: TreeModelView) {
    this.view = view;
    this.e = view.ensemble;
    this.expected = pathExpectedValue(view);
    const D = maxTreeDepth(this.e);
    this.nq = Math.max(1, Math.ceil(D / 2));
    const q = gaussLegendre01(this.nq);
    this.t = q.nodes;
    this.w = q.weights;
    this.K = this.e.nOutputs;
    this.P = new Float64Array((D + 2) * this.nq);
    this.G = new Float64Array((D + 2) * this.K * this.nq);
    this.inv = new Float64Array((D + 2) * this.nq);
    this.invPrev = new Float64Array((D + 2) * this.nq);
    this.curZ = new Float64Array(view.nFeatures);
    this.curO = new Float64Array(view.nFeatures);
    this.seen = new Uint8Array(view.nFeatures);
    const e = this.e;
    this.frac = new Float64Array(e.feature.length);
    for (let n = 0; n < e.feature.length; n++) {
      if (e.feature[n] < 0) continue;
      this.frac[e.left[n]] = coverFraction(e, e.left[n], n);
      this.frac[e.right[n]] = coverFraction(e, e.right[n], n);
    }
    this.nonZero = new Int32Array(e.feature.length);
    const K = e.nOutputs;
    // children have larger indices than their parent: one backward pass fills the masks bottom-up
    for (let n = e.feature.length - 1; n >= 0; n--) {
      if (e.feature[n] >= 0) {
        this.nonZero[n] = this.nonZero[e.left[n]] | this.nonZero[e.right[n]];
        continue;
      }
      let m = 0;
      for (let k = 0; k < K; k++) if (e.value[n * K + k] !== 0) m |= K > 31 ? -1 : 1 << k;
      this.nonZero[n] = m;
    }
  }

  /** As PathTreeShap.explainRow: all columns (c * M + f) when column < 0, else that column (phi[f]). */
  explainRow(X: Float32Array, r: number, phi: Float64Array, column = -1): void {
    const e = this.e;
    this.M = this.view.nFeatures;
    this.x = X;
    this.xOff = r * this.M;
    this.phi = phi;
    for (let q = 0; q < this.nq; q++) this.P[q] = 1;
    for (let t = 0; t < e.nTrees; t++) {
      const oo = e.outputOffset[t];
      if (column >= 0 && (column < oo || column >= oo + e.nOutputs)) continue;
      this.col = oo;
      this.only = column >= 0 ? column - oo : -1;
      this.onlyBit = this.only < 0 ? -1 : e.nOutputs > 31 ? -1 : 1 << this.only;
      if ((this.nonZero[e.roots[t]] & this.onlyBit) === 0) continue;
      this.visit(e.roots[t], 0);
    }
  }

  /** Fills G at depth d with Σ over leaves below `node` of v · P, and adds the edges' attributions. */
  private visit(node: number, d: number): void {
    const { e, nq, P, G, t, w } = this;
    const K = this.only >= 0 ? 1 : this.K;
    const pOff = d * nq;
    const gOff = d * this.K * nq;
    const f = e.feature[node];
    if (f < 0) {
      const scale = this.view.scale;
      for (let k = 0; k < K; k++) {
        const v = e.value[node * this.K + (this.only >= 0 ? this.only : k)] * scale;
        for (let q = 0; q < nq; q++) G[gOff + k * nq + q] = v * P[pOff + q];
      }
      return;
    }
    for (let j = 0; j < K * nq; j++) G[gOff + j] = 0;
    const seen = this.seen[f];
    const zPrev = seen ? this.curZ[f] : 1;
    const oPrev = seen ? this.curO[f] : 1;
    const goLeft = this.x[this.xOff + f] <= e.threshold[node];
    const frac = this.frac;
    const cOff = pOff + nq;
    const cgOff = gOff + this.K * nq;
    const M = this.M;
    const invPrev = this.invPrev;
    const inv = this.inv;
    for (let side = 0; side < 2; side++) {
      const child = side === 0 ? e.left[node] : e.right[node];
      const z = zPrev * frac[child];
      const o = (side === 0) === goLeft ? oPrev : 0;
      if (z === 0 && o === 0) continue; // no cover and not x's way: contributes nothing
      if ((this.nonZero[child] & this.onlyBit) === 0) continue; // all leaves 0 for the output: G = 0
      for (let q = 0; q < nq; q++) {
        const fq = z + (o - z) * t[q];
        inv[cOff + q] = w[q] / fq;
        if (seen) {
          const wPrev = w[q] / (zPrev + (oPrev - zPrev) * t[q]);
          invPrev[cOff + q] = wPrev;
          P[cOff + q] = P[pOff + q] * fq * (wPrev / w[q]);
        } else P[cOff + q] = P[pOff + q] * fq;
      }
      this.curZ[f] = z;
      this.curO[f] = o;
      this.seen[f] = 1;
      this.visit(child, d + 1);
      this.curZ[f] = zPrev;
      this.curO[f] = oPrev;
      this.seen[f] = seen;
      for (let k = 0; k < K; k++) {
        const g = cgOff + k * nq;
        let s = 0;
        let sPrev = 0;
        for (let q = 0; q < nq; q++) {
          const gq = G[g + q];
          s += inv[cOff + q] * gq;
          if (seen) sPrev += invPrev[cOff + q] * gq;
          G[gOff + k * nq + q] += gq;
        }
        const at = this.only >= 0 ? f : (this.col + k) * M + f;
        this.phi[at] += (o - z) * s - (seen ? (oPrev - zPrev) * sPrev : 0);
      }
    }
  }
}
