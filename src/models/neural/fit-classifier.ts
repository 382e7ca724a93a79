/**
 * Supervised training of a neural classifier's network: softmax cross-entropy weighted per row
 * (classWeight x sampleWeight), averaged over each mini-batch; optional early stopping on a seeded
 * hold-out of validationFraction of the rows (unweighted validation loss); FedProx proximal term for
 * partialFit. Used by NeuralClassifier.fit and partialFit (./classifier.ts).
 */
import type { Matrix } from "../../table/matrix.js";
import { Rng } from "../tree/random.js";
import type { NeuralTrainParams } from "./classifier.js";
import { softmaxCrossEntropy } from "./losses.js";
import type { Network } from "./network.js";
import { makeOptimizer } from "./optim.js";
import { gatherRows, type TrainResult, trainNetwork } from "./train.js";

export function trainClassifier(
  net: Network,
  X: Matrix,
  y: Int32Array,
  w: Float32Array,
  p: NeuralTrainParams,
  o: { epochs: number; seed: number; earlyStopping: boolean; proximalMu?: number },
): TrainResult {
  const d = X.cols;
  const k = net.outSize;
  const rng = new Rng(p.seed ^ 0x2545f491 ^ o.seed);
  let trainIdx: Int32Array | null = null;
  let valIdx: Int32Array | null = null;
  if (o.earlyStopping && X.rows >= 10) {
    const perm = Int32Array.from({ length: X.rows }, (_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const nVal = Math.max(1, Math.round(X.rows * p.validationFraction));
    valIdx = perm.slice(0, nVal);
    trainIdx = perm.slice(nVal);
  }
  const rows = new Int32Array(net.maxBatch);
  const labels = new Int32Array(net.maxBatch);
  const weights = new Float32Array(net.maxBatch);
  const anchor = o.proximalMu !== undefined && o.proximalMu > 0 ? net.params.slice() : undefined;
  return trainNetwork(net, trainIdx?.length ?? X.rows, {
    epochs: o.epochs,
    batchSize: p.batchSize,
    optimizer: makeOptimizer(p.optimizer, net.params.length, p.learningRate),
    rng,
    l2: p.l2,
    proximalMu: o.proximalMu,
    anchor,
    patience: p.patience,
    step: (order, start, n) => {
      for (let i = 0; i < n; i++) {
        const r = trainIdx === null ? order[start + i] : trainIdx[order[start + i]];
        rows[i] = r;
        labels[i] = y[r];
        weights[i] = w[r];
      }
      gatherRows(X.data, d, rows, 0, n, net.input);
      const z = net.forward(n, true);
      const loss = softmaxCrossEntropy(z, n, k, labels, weights, 0, net.outputGrad, 1 / n);
      net.backward(n);
      return loss;
    },
    validate:
      valIdx === null
        ? undefined
        : () => {
            const vi = valIdx;
            let loss = 0;
            for (let s = 0; s < vi.length; s += net.maxBatch) {
              const n = Math.min(net.maxBatch, vi.length - s);
              gatherRows(X.data, d, vi, s, n, net.input);
              for (let i = 0; i < n; i++) labels[i] = y[vi[s + i]];
              const z = net.forward(n, false);
              loss += softmaxCrossEntropy(z, n, k, labels, null, 0, net.outputGrad, 0);
            }
            return loss / vi.length;
          },
  });
}
