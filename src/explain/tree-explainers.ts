/**
 * TreeSHAP behind the Explainer interface: "tree-path" (path-dependent, the fast O(nodes · depth/2) form
 * in ./treeshap-fast.ts; needs no data) and "tree-interventional" (against background rows). The explained
 * output is documented in ./tree-view.ts: a forest's averaged class probability, boosting's raw margin.
 */
import { VigilError } from "../errors.js";
import type { Matrix } from "../table/matrix.js";
import {
  argmaxRows,
  checkClassIndex,
  checkWidth,
  type Explainer,
  type ExplainerOptions,
  type Explanation,
  registerExplainer,
} from "./explainer.js";
import { isTreeModel, type TreeModelView, treeModelView, treeOutput } from "./tree-view.js";
import { FastTreeShap } from "./treeshap-fast.js";
import { InterventionalTreeShap } from "./treeshap-interventional.js";

interface RowShap {
  readonly expected: Float64Array;
  explainRow(X: Float32Array, r: number, phi: Float64Array, column?: number): void;
}

/** Interventional TreeSHAP over all columns, narrowed to one. */
class OneColumn implements RowShap {
  private readonly all: Float64Array;
  constructor(
    private readonly inner: InterventionalTreeShap,
    C: number,
    private readonly M: number,
  ) {
    this.all = new Float64Array(C * M);
  }
  get expected(): Float64Array {
    return this.inner.expected;
  }
  explainRow(X: Float32Array, r: number, phi: Float64Array, column = -1): void {
    if (column < 0) {
      this.inner.explainRow(X, r, phi);
      return;
    }
    this.all.fill(0);
    this.inner.explainRow(X, r, this.all);
    for (let f = 0; f < this.M; f++) phi[f] += this.all[column * this.M + f];
  }
}

export class TreeExplainer implements Explainer {
  readonly additive = true;
  private readonly out: Float64Array;

  constructor(
    readonly method: string,
    private readonly view: TreeModelView,
    private readonly shap: RowShap,
  ) {
    this.out = new Float64Array(view.ensemble.nColumns);
  }

  explain(X: Matrix, classIndex?: Int32Array): Explanation {
    const v = this.view;
    const M = v.nFeatures;
    checkWidth(X, M, this.method);
    const cls = classIndex ?? this.predicted(X);
    checkClassIndex(cls, X.rows, v.nClasses);
    const attributions = new Float64Array(X.rows * M);
    const base = new Float64Array(X.rows);
    const output = new Float64Array(X.rows);
    const names: string[] = [];
    for (let r = 0; r < X.rows; r++) {
      const { col, sign } = v.column(cls[r]);
      const phi = attributions.subarray(r * M, (r + 1) * M);
      this.shap.explainRow(X.data, r, phi, col);
      if (sign < 0) for (let f = 0; f < M; f++) phi[f] = -phi[f];
      treeOutput(v, X.data.subarray(r * M, (r + 1) * M), this.out);
      output[r] = sign * this.out[col];
      base[r] = sign * this.shap.expected[col];
      names.push(v.outputName(cls[r]));
    }
    return {
      method: this.method,
      rows: X.rows,
      nFeatures: M,
      attributions,
      base,
      output,
      classIndex: cls,
      outputName: names,
      additive: true,
    };
  }

  /** Argmax of the explained outputs (= the model's prediction: softmax and the mean keep the order). */
  private predicted(X: Matrix): Int32Array {
    const v = this.view;
    const C = v.ensemble.nColumns;
    const M = v.nFeatures;
    const P = new Float32Array(X.rows * v.nClasses);
    for (let r = 0; r < X.rows; r++) {
      treeOutput(v, X.data.subarray(r * M, (r + 1) * M), this.out);
      if (C === 1 && v.nClasses === 2) {
        P[r * 2] = -this.out[0];
        P[r * 2 + 1] = this.out[0];
      } else for (let k = 0; k < v.nClasses; k++) P[r * v.nClasses + k] = this.out[k];
    }
    return argmaxRows({ rows: X.rows, cols: v.nClasses, data: P });
  }
}

registerExplainer({
  name: "tree-path",
  supports: isTreeModel,
  create: (model) => {
    const v = treeModelView(model);
    return new TreeExplainer("tree-path", v, new FastTreeShap(v));
  },
});

registerExplainer({
  name: "tree-interventional",
  supports: isTreeModel,
  create: (model, o: ExplainerOptions) => {
    const v = treeModelView(model);
    const bg = o.background;
    if (bg === undefined || bg.rows === 0) {
      throw new VigilError("E_CONFIG", "tree-interventional needs background rows", { field: "background" });
    }
    checkWidth(bg, v.nFeatures, "tree-interventional background");
    const inner = new InterventionalTreeShap(v, bg.data, bg.rows);
    return new TreeExplainer(
      "tree-interventional",
      v,
      new OneColumn(inner, v.ensemble.nColumns, v.nFeatures),
    );
  },
});
