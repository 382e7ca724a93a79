/**
 * Feature squeezing (Xu et al. 2018) for flow features: the attacker-controlled and derived features are
 * coarsened onto a logarithmic grid (`binsPerOctave` steps per doubling: 1 → powers of two, 4 → steps
 * of 19 %), so small
 * padding or delay moves a row back onto the same grid point as its original. Detection: a row whose
 * predicted class probabilities change by more than a threshold (L1 distance) when squeezed is flagged
 * adversarial; the threshold is the (1 - fpr) quantile of that distance on clean rows.
 */
import type { Classifier } from "../models/base.js";
import type { Matrix } from "../table/matrix.js";
import type { ThreatModel } from "./constraints.js";

export class FeatureSqueezer {
  private readonly cols: Int32Array;
  threshold = Number.POSITIVE_INFINITY;

  constructor(
    readonly tm: ThreatModel,
    readonly binsPerOctave = 1,
  ) {
    const c: number[] = [];
    tm.rules.forEach((r, j) => {
      if (r.control !== "fixed" || r.derived === true) c.push(j);
    });
    this.cols = Int32Array.from(c);
  }

  squeeze(X: Matrix): Matrix {
    const out = X.data.slice();
    const b = this.binsPerOctave;
    for (let r = 0; r < X.rows; r++) {
      for (const j of this.cols) {
        const i = r * X.cols + j;
        const v = out[i];
        if (!Number.isFinite(v) || v === 0) continue;
        const q = Math.sign(v) * 2 ** (Math.round(Math.log2(Math.abs(v)) * b) / b);
        out[i] = this.tm.rules[j].integer ? Math.round(q) : q;
      }
    }
    return { rows: X.rows, cols: X.cols, data: out };
  }

  /** L1 distance between the class probabilities of each row and of its squeezed copy. */
  score(model: Classifier, X: Matrix): Float64Array {
    const p = model.predictProba(X);
    const q = model.predictProba(this.squeeze(X));
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let s = 0;
      for (let k = 0; k < p.cols; k++) s += Math.abs(p.data[r * p.cols + k] - q.data[r * q.cols + k]);
      out[r] = s;
    }
    return out;
  }

  /** Sets the threshold to the (1 - fpr) quantile of the scores of clean rows; returns it. */
  calibrate(model: Classifier, clean: Matrix, fpr = 0.05): number {
    const s = Array.from(this.score(model, clean)).sort((a, b) => a - b);
    const i = Math.min(s.length - 1, Math.ceil((1 - fpr) * s.length) - 1);
    this.threshold = s.length > 0 ? s[Math.max(0, i)] : Number.POSITIVE_INFINITY;
    return this.threshold;
  }

  /** 1 per row flagged adversarial (score above the calibrated threshold). */
  detect(model: Classifier, X: Matrix): Uint8Array {
    return Uint8Array.from(this.score(model, X), (s) => (s > this.threshold ? 1 : 0));
  }
}
