/**
 * KitNET's per-autoencoder breakdown behind the Explainer interface. The explained output is the anomaly
 * score (the output autoencoder's RMSE); the base is 0. The score is split over the ensemble
 * autoencoders in proportion to each one's squared reconstruction RMSE (its input to the output layer),
 * and each autoencoder's share over its features in proportion to their squared reconstruction errors.
 * That decomposition is additive by construction (attributions sum to the score) but it is a
 * proportional split, not a Shapley value; `autoencoderShares` keeps the per-autoencoder level.
 */
import { KitNET, type KitNETExplanation } from "../models/kitnet/kitnet.js";
import type { Matrix } from "../table/matrix.js";
import { type Explainer, type Explanation, registerExplainer } from "./explainer.js";

export interface KitnetExplanation extends Explanation {
  /** rows x nAutoencoders: each autoencoder's share of the score. */
  autoencoderShares: Float64Array;
  nAutoencoders: number;
}

/**
 * The proportional split of one explained score (an explanation with every autoencoder and feature):
 * adds each feature's share to attributions (length nFeatures) and each autoencoder's to shares.
 */
export function splitKitnetScore(
  ex: KitNETExplanation,
  attributions: Float64Array,
  shares: Float64Array,
): void {
  const A = ex.autoencoderRmse.length;
  let total = 0;
  for (let a = 0; a < A; a++) total += ex.autoencoderRmse[a] ** 2;
  for (const w of ex.worst) {
    const share = total > 0 ? (ex.score * w.rmse ** 2) / total : ex.score / Math.max(1, A);
    shares[w.autoencoder] = share;
    let fe = 0;
    for (const f of w.features) fe += f.error ** 2;
    for (const f of w.features) {
      attributions[f.feature] += fe > 0 ? (share * f.error ** 2) / fe : share / w.features.length;
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
    for (let r = 0; r < X.rows; r++) {
      for (let i = 0; i < M; i++) x[i] = X.data[r * M + i];
      const ex = this.model.explain(x, A, M);
      output[r] = ex.score;
      splitKitnetScore(ex, attributions.subarray(r * M, (r + 1) * M), shares.subarray(r * A, (r + 1) * A));
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
