/**
 * KitNET's per-autoencoder breakdown behind the Explainer interface. The explained output is the anomaly
 * score (the output autoencoder's RMSE); the base is 0. The score is split over the ensemble
 * autoencoders in proportion to each one's squared reconstruction RMSE (its input to the output layer),
 * and each autoencoder's share over its features in proportion to their squared reconstruction errors.
 * That decomposition is additive by construction (attributions sum to the score) but it is a
 * proportional split, not a Shapley value; `autoencoderShares` keeps the per-autoencoder level.
 */
import { KitNET } from "../models/kitnet/kitnet.js";
import type { Matrix } from "../table/matrix.js";
import { type Explainer, type Explanation, registerExplainer } from "./explainer.js";

export interface KitnetExplanation extends Explanation {
  /** rows x nAutoencoders: each autoencoder's share of the score. */
  autoencoderShares: Float64Array;
  nAutoencoders: number;
}

/**
 * The proportional split of one score: autoencoder a gets score * rmse_a^2 / sum rmse^2 (into shares,
 * when given), shared among its features (groups[a]) in proportion to their squared reconstruction
 * errors (errors, by feature), added into attributions (by feature). No allocation (the alert path).
 */
export function splitKitnetScore(
  score: number,
  rmse: ArrayLike<number>,
  groups: readonly ArrayLike<number>[],
  errors: ArrayLike<number>,
  attributions: Float64Array,
  shares?: Float64Array,
): void {
  const A = groups.length;
  let total = 0;
  for (let a = 0; a < A; a++) total += rmse[a] * rmse[a];
  for (let a = 0; a < A; a++) {
    const share = total > 0 ? (score * rmse[a] * rmse[a]) / total : score / Math.max(1, A);
    if (shares) shares[a] = share;
    const g = groups[a];
    let fe = 0;
    for (let i = 0; i < g.length; i++) fe += errors[g[i]] * errors[g[i]];
    for (let i = 0; i < g.length; i++) {
      const f = g[i];
      attributions[f] += fe > 0 ? (share * errors[f] * errors[f]) / fe : share / g.length;
    }
  }
}

export class KitnetExplainer implements Explainer {
  readonly method = "kitnet";
  readonly additive = true;

  constructor(private readonly model: KitNET) {}

  explain(X: Matrix): KitnetExplanation {
    const M = X.cols;
    const map = this.model.featureMap ?? [];
    const A = map.length;
    const attributions = new Float64Array(X.rows * M);
    const shares = new Float64Array(X.rows * A);
    const output = new Float64Array(X.rows);
    const x = new Float64Array(M);
    const err = new Float64Array(M);
    for (let r = 0; r < X.rows; r++) {
      for (let i = 0; i < M; i++) x[i] = X.data[r * M + i];
      const ex = this.model.explain(x, 0, 0); // the score; the errors come from lastFeatureErrors
      output[r] = ex.score;
      const rmse = this.model.lastFeatureErrors(err);
      splitKitnetScore(
        ex.score,
        rmse,
        this.model.featureGroups ?? [],
        err,
        attributions.subarray(r * M, (r + 1) * M),
        shares.subarray(r * A, (r + 1) * A),
      );
    }
    return {
      method: this.method,
      rows: X.rows,
      nFeatures: M,
      attributions,
      base: new Float64Array(X.rows),
      output,
      classIndex: new Int32Array(X.rows),
      outputName: Array.from({ length: X.rows }, () => "KitNET anomaly score (output autoencoder RMSE)"),
      additive: true,
      autoencoderShares: shares,
      nAutoencoders: A,
    };
  }
}

registerExplainer({
  name: "kitnet",
  supports: (m) => m instanceof KitNET,
  create: (m) => new KitnetExplainer(m as KitNET),
});
