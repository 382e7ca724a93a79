/**
 * Capabilities some models have beyond the estimator contract, as small interfaces other layers code
 * against (explain, adversarial, federated) without importing a model kind:
 * - Differentiable: gradients of a class score with respect to the input rows (integrated gradients,
 *   FGSM/PGD evasion);
 * - ParameterVector: the trainable parameters as one flat vector (federated weight averaging), plus local
 *   training that continues from the current parameters (a client's round).
 * Type guards tell at run time whether a fitted model offers a capability.
 */
import type { Matrix } from "../table/matrix.js";

export interface Differentiable {
  /**
   * d output / d input for each row: rows x nFeatures. `output` is the model's pre-softmax score (logit)
   * of class `classIndex[r]` for row r (for a detector: its anomaly score, classIndex ignored).
   */
  inputGradient(X: Matrix, classIndex: Int32Array): Matrix;
  /**
   * d loss / d input for each row, the loss being the training loss (cross-entropy) at label y[r]:
   * the direction FGSM/PGD step along.
   */
  lossGradient(X: Matrix, y: Int32Array): Matrix;
}

export interface ParameterVector {
  /** All trainable parameters, flattened in a fixed documented order (a copy). */
  getParameters(): Float32Array;
  /** Replaces all trainable parameters; length must equal getParameters().length. */
  setParameters(theta: Float32Array): void;
  /**
   * Continues training from the current parameters for `epochs` passes over (X, y) (a fitted model is
   * required: the architecture and class count come from the first fit). `proximalMu` > 0 adds
   * (mu/2)|theta - anchor|^2 to the loss (FedProx), anchor = the parameters at the call's start.
   */
  partialFit(X: Matrix, y: Int32Array, options: { epochs: number; proximalMu?: number; seed?: number }): void;
}

export function isDifferentiable(m: unknown): m is Differentiable {
  return (
    typeof m === "object" &&
    m !== null &&
    typeof (m as Differentiable).inputGradient === "function" &&
    typeof (m as Differentiable).lossGradient === "function"
  );
}

export function hasParameterVector(m: unknown): m is ParameterVector {
  return (
    typeof m === "object" &&
    m !== null &&
    typeof (m as ParameterVector).getParameters === "function" &&
    typeof (m as ParameterVector).setParameters === "function" &&
    typeof (m as ParameterVector).partialFit === "function"
  );
}
