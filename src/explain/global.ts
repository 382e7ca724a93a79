/**
 * Global views from many rows' attributions: the mean |attribution| ranking (the SHAP "bar" summary),
 * and the points behind the summary (beeswarm) and dependence plots, as JSON for the dashboard and as
 * SVG drawn here (./plots.ts).
 */
import type { Matrix } from "../table/matrix.js";
import type { Explanation } from "./explainer.js";

export interface RankedFeature {
  index: number;
  name: string;
  /** Mean |attribution| over the rows. */
  meanAbs: number;
  /** Mean attribution (signed). */
  mean: number;
}

export interface GlobalSummary {
  method: string;
  rows: number;
  /** What was explained (the first row's output; rows may differ in class). */
  output: string;
  ranking: RankedFeature[];
}

export function meanAbsRanking(ex: Explanation, names: readonly string[]): RankedFeature[] {
  const M = ex.nFeatures;
  const out: RankedFeature[] = [];
  for (let f = 0; f < M; f++) {
    let a = 0;
    let s = 0;
    for (let r = 0; r < ex.rows; r++) {
      const v = ex.attributions[r * M + f];
      a += Math.abs(v);
      s += v;
    }
    out.push({
      index: f,
      name: names[f] ?? `x${f}`,
      meanAbs: a / Math.max(1, ex.rows),
      mean: s / Math.max(1, ex.rows),
    });
  }
  out.sort((p, q) => q.meanAbs - p.meanAbs || p.index - q.index);
  return out;
}

export function globalSummary(ex: Explanation, names: readonly string[]): GlobalSummary {
  return {
    method: ex.method,
    rows: ex.rows,
    output: ex.outputName[0] ?? "",
    ranking: meanAbsRanking(ex, names),
  };
}

/** Points of one feature: its value and attribution per row (for dependence plots and the dashboard). */
export function featurePoints(
  ex: Explanation,
  X: Matrix,
  f: number,
): { value: number[]; attribution: number[] } {
  const value: number[] = [];
  const attribution: number[] = [];
  for (let r = 0; r < ex.rows; r++) {
    value.push(X.data[r * X.cols + f]);
    attribution.push(ex.attributions[r * ex.nFeatures + f]);
  }
  return { value, attribution };
}
