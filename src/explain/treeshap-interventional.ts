/**
 * Interventional TreeSHAP (Lundberg et al. 2020, "independent" / interventional tree explainer): exact
 * Shapley values of v(S) = mean over background rows z of f(x_S, z_~S), the features outside S set to
 * the background's values (breaking their dependence on S, as an intervention would).
 *
 * For one tree, one explained row x and one background row z, a leaf is reached by the hybrid
 * (x_S, z_~S) exactly when every feature whose splits on the path only x satisfies is in S (set A) and
 * every feature only z satisfies is not (set B); features both satisfy are free. So the leaf's game is
 * g(S) = 1[A ⊆ S, B ∩ S = ∅], whose Shapley values are (|A|−1)!|B|!/(|A|+|B|)! for i in A and
 * −|A|!(|B|−1)!/(|A|+|B|)! for i in B. One walk of the tree following x and z together (branching only
 * where they part) visits every reachable leaf; cost O(background x tree size) per row.
 */
import { maxTreeDepth, type TreeModelView, treeOutput } from "./tree-view.js";

/** w[a][b] (flat, a * (D+1) + b): Shapley weight of an A-feature; the B weight is w[b][a]. */
function weightTable(D: number): Float64Array {
  const fact = new Float64Array(2 * D + 2);
  fact[0] = 1;
  for (let i = 1; i < fact.length; i++) fact[i] = fact[i - 1] * i;
  const w = new Float64Array((D + 1) * (D + 1));
  for (let a = 1; a <= D; a++)
    for (let b = 0; b <= D; b++) w[a * (D + 1) + b] = (fact[a - 1] * fact[b]) / fact[a + b];
  return w;
}

export class InterventionalTreeShap {
  readonly view: TreeModelView;
  /** Mean model output over the background per column. */
  readonly expected: Float64Array;
  private readonly bg: Float32Array;
  private readonly nBg: number;
  private readonly D: number;
  private readonly w: Float64Array;
  /** Per feature: 0 free, 1 in A (x only), 2 in B (z only). */
  private readonly state: Int8Array;
  private readonly stackA: Int32Array;
  private readonly stackB: Int32Array;
  private nA = 0;
  private nB = 0;
  private x: Float32Array = new Float32Array(0);
  private xOff = 0;
  private zOff = 0;
  private phi: Float64Array = new Float64Array(0);
  private col = 0;
  private scale = 0;

  /** `background`: row-major, view.nFeatures columns, at least one row. */
  constructor(view: TreeModelView, background: Float32Array, nBackground: number) {
    this.view = view;
    this.bg = background;
    this.nBg = nBackground;
    const M = view.nFeatures;
    this.D = maxTreeDepth(view.ensemble) + 1;
    this.w = weightTable(this.D);
    this.state = new Int8Array(M);
    this.stackA = new Int32Array(this.D + 1);
    this.stackB = new Int32Array(this.D + 1);
    const C = view.ensemble.nColumns;
    this.expected = new Float64Array(C);
    const out = new Float64Array(C);
    for (let b = 0; b < nBackground; b++) {
      treeOutput(view, background.subarray(b * M, (b + 1) * M), out);
      for (let c = 0; c < C; c++) this.expected[c] += out[c] / nBackground;
    }
  }

  /** Adds row r's attributions to phi (column c, feature f at c * M + f). */
  explainRow(X: Float32Array, r: number, phi: Float64Array): void {
    const e = this.view.ensemble;
    const M = this.view.nFeatures;
    this.x = X;
    this.xOff = r * M;
    this.phi = phi;
    this.scale = this.view.scale / this.nBg;
    for (let b = 0; b < this.nBg; b++) {
      this.zOff = b * M;
      for (let t = 0; t < e.nTrees; t++) {
        this.col = e.outputOffset[t];
        this.walk(e.roots[t]);
      }
    }
  }

  private walk(node: number): void {
    const e = this.view.ensemble;
    const f = e.feature[node];
    if (f < 0) {
      this.leaf(node);
      return;
    }
    const th = e.threshold[node];
    const xl = this.x[this.xOff + f] <= th;
    const s = this.state[f];
    if (s === 1) {
      this.walk(xl ? e.left[node] : e.right[node]);
      return;
    }
    const zl = this.bg[this.zOff + f] <= th;
    if (s === 2) {
      this.walk(zl ? e.left[node] : e.right[node]);
      return;
    }
    if (xl === zl) {
      this.walk(xl ? e.left[node] : e.right[node]);
      return;
    }
    this.state[f] = 1;
    this.stackA[this.nA++] = f;
    this.walk(xl ? e.left[node] : e.right[node]);
    this.nA--;
    this.state[f] = 2;
    this.stackB[this.nB++] = f;
    this.walk(zl ? e.left[node] : e.right[node]);
    this.nB--;
    this.state[f] = 0;
  }

  private leaf(node: number): void {
    const { nA, nB } = this;
    if (nA + nB === 0) return;
    const e = this.view.ensemble;
    const M = this.view.nFeatures;
    const D1 = this.D + 1;
    const wa = nA > 0 ? this.w[nA * D1 + nB] * this.scale : 0;
    const wb = nB > 0 ? -this.w[nB * D1 + nA] * this.scale : 0;
    const nOut = e.nOutputs;
    for (let k = 0; k < nOut; k++) {
      const v = e.value[node * nOut + k];
      const base = (this.col + k) * M;
      for (let i = 0; i < nA; i++) this.phi[base + this.stackA[i]] += wa * v;
      for (let i = 0; i < nB; i++) this.phi[base + this.stackB[i]] += wb * v;
    }
  }
}
