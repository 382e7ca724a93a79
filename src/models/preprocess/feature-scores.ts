/**
 * Univariate feature scores for classification (higher = more informative), after scikit-learn's
 * `sklearn.feature_selection`:
 * - chi2: chi-squared statistic between each non-negative feature and the class (observed = per-class
 *   sums of the feature, expected = class frequency x feature total), as `chi2`.
 * - fClassif: one-way ANOVA F, as `f_classif` (a constant feature scores 0 here; NaN there).
 * - mutualInfo: mutual information in nats between the class and the feature cut at its training
 *   quantiles (`bins` codes). scikit-learn's `mutual_info_classif` uses a k-NN estimator instead, so
 *   values differ; rankings usually agree.
 */
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import { applyBins, quantileEdges } from "../bayes/bins.js";

function classCount(y: Int32Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > k) k = y[i] + 1;
  return k;
}

export function chi2Scores(X: Matrix, y: Int32Array): Float64Array {
  const { rows: n, cols: d, data } = X;
  const k = classCount(y);
  const observed = new Float64Array(k * d);
  const total = new Float64Array(d);
  const classFreq = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    classFreq[y[i]]++;
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j];
      if (v < 0) {
        throw new VigilError("E_CONFIG", `chi2 needs non-negative features, got ${v}`, {
          record: i,
          field: `column ${j}`,
        });
      }
      observed[y[i] * d + j] += v;
      total[j] += v;
    }
  }
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = (classFreq[c] / n) * total[j];
      if (e > 0) s += (observed[c * d + j] - e) ** 2 / e;
    }
    out[j] = s;
  }
  return out;
}

export function fClassifScores(X: Matrix, y: Int32Array): Float64Array {
  const { rows: n, cols: d, data } = X;
  const k = classCount(y);
  const cnt = new Float64Array(k);
  const sum = new Float64Array(k * d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    cnt[y[i]]++;
    for (let j = 0; j < d; j++) {
      sum[y[i] * d + j] += data[i * d + j];
      mean[j] += data[i * d + j];
    }
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  const ssw = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = y[i];
    for (let j = 0; j < d; j++) ssw[j] += (data[i * d + j] - sum[c * d + j] / cnt[c]) ** 2;
  }
  let present = 0;
  for (let c = 0; c < k; c++) if (cnt[c] > 0) present++;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let ssb = 0;
    for (let c = 0; c < k; c++) if (cnt[c] > 0) ssb += cnt[c] * (sum[c * d + j] / cnt[c] - mean[j]) ** 2;
    const msb = ssb / (present - 1);
    const msw = ssw[j] / (n - present);
    out[j] = msw > 0 ? msb / msw : ssb > 0 ? Number.POSITIVE_INFINITY : 0;
  }
  return out;
}

export function mutualInfoScores(X: Matrix, y: Int32Array, bins = 16): Float64Array {
  const { rows: n, cols: d } = X;
  const k = classCount(y);
  const { edges, edgeOffset } = quantileEdges(X, bins);
  const codes = applyBins(X, edges, edgeOffset);
  const py = new Float64Array(k);
  for (let i = 0; i < n; i++) py[y[i]]++;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const nb = edgeOffset[j + 1] - edgeOffset[j] + 1;
    const joint = new Float64Array(nb * k);
    const px = new Float64Array(nb);
    for (let i = 0; i < n; i++) {
      const b = codes[i * d + j];
      joint[b * k + y[i]]++;
      px[b]++;
    }
    let mi = 0;
    for (let b = 0; b < nb; b++) {
      for (let c = 0; c < k; c++) {
        const pj = joint[b * k + c];
        if (pj > 0) mi += (pj / n) * Math.log((pj * n) / (px[b] * py[c]));
      }
    }
    out[j] = Math.max(0, mi);
  }
  return out;
}
