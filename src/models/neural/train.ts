/**
 * The mini-batch training loop shared by the neural models: seeded shuffling each epoch, a model-given
 * step (fill the batch, forward, loss, backward), L2 (weight decay on every parameter) and the FedProx
 * proximal term added to the gradients, one optimiser step per batch, and early stopping on a validation
 * loss (restoring the best parameters and buffers).
 */
import type { Rng } from "../tree/random.js";
import type { Network } from "./network.js";
import type { Optimizer } from "./optim.js";

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  optimizer: Optimizer;
  rng: Rng;
  /** Coefficient of 0.5 * l2 * |theta|^2 in the loss. */
  l2: number;
  /** FedProx: (mu/2) |theta - anchor|^2 added to the loss. */
  proximalMu?: number;
  anchor?: Float32Array;
  /**
   * One batch: rows order[start .. start+n). Writes the input, runs forward and backward (gradients
   * already zeroed) and returns the batch's summed loss.
   */
  step: (order: Int32Array, start: number, n: number) => number;
  /** Validation loss after each epoch (early stopping when given). */
  validate?: () => number;
  /** Epochs without an improvement of at least 1e-4 before stopping (early stopping only). */
  patience?: number;
}

export interface TrainResult {
  epochsRun: number;
  /** Mean training loss per epoch. */
  trainLoss: number[];
  /** Validation loss per epoch (early stopping only). */
  validationLoss: number[];
}

/** Fisher-Yates shuffle of 0..n-1 into `order`. */
export function shuffle(order: Int32Array, rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/** Copies rows order[start .. start+n) of src (d per row) into dst. */
export function gatherRows(
  src: Float32Array,
  d: number,
  order: Int32Array,
  start: number,
  n: number,
  dst: Float32Array,
): void {
  for (let i = 0; i < n; i++) {
    const r = order[start + i];
    dst.set(src.subarray(r * d, (r + 1) * d), i * d);
  }
}

export function trainNetwork(net: Network, nRows: number, cfg: TrainConfig): TrainResult {
  const order = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) order[i] = i;
  const { params, grads } = net;
  const mu = cfg.proximalMu ?? 0;
  const anchor = cfg.anchor;
  const l2 = cfg.l2;
  const res: TrainResult = { epochsRun: 0, trainLoss: [], validationLoss: [] };
  let best = Number.POSITIVE_INFINITY;
  let bestParams: Float32Array | null = null;
  let bestBuffers: Float32Array | null = null;
  let stale = 0;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    shuffle(order, cfg.rng);
    let total = 0;
    for (let start = 0; start < nRows; start += cfg.batchSize) {
      const n = Math.min(cfg.batchSize, nRows - start);
      net.zeroGrads();
      total += cfg.step(order, start, n);
      if (l2 > 0) for (let i = 0; i < params.length; i++) grads[i] += l2 * params[i];
      if (mu > 0 && anchor !== undefined)
        for (let i = 0; i < params.length; i++) grads[i] += mu * (params[i] - anchor[i]);
      cfg.optimizer.step(params, grads);
    }
    res.epochsRun++;
    res.trainLoss.push(total / nRows);
    if (cfg.validate !== undefined) {
      const v = cfg.validate();
      res.validationLoss.push(v);
      if (v < best - 1e-4) {
        best = v;
        bestParams = params.slice();
        bestBuffers = net.buffers.slice();
        stale = 0;
      } else if (++stale >= (cfg.patience ?? 5)) {
        break;
      }
    }
  }
  if (bestParams !== null && bestBuffers !== null) {
    params.set(bestParams);
    net.buffers.set(bestBuffers);
  }
  return res;
}
