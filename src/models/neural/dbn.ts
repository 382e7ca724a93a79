/**
 * Deep belief network classifier ("dbn", Hinton, Osindero & Teh 2006): greedy layer-wise pretraining of
 * a stack of Bernoulli RBMs (./rbm-core.ts, CD-k) — the first on the rows min-max scaled to [0, 1] with
 * the training range, each next one on the previous RBM's hidden probabilities — then the RBM weights
 * initialise a sigmoid MLP (the min-max scaling folded into the first layer: W' = W / range,
 * b' = c - sum_i (min_i / range_i) W_i), a fresh output layer is added and the whole net is fine-tuned
 * with back-propagation (softmax cross-entropy). Inputs outside the training range are not clipped after
 * folding (the MLP is affine in them). Parameter vector: as the MLP's.
 */
import { z } from "zod";
import type { Matrix } from "../../table/matrix.js";
import { Rng } from "../tree/random.js";
import { NeuralClassifier, registerNeuralClassifier, trainingParamsShape } from "./classifier.js";
import { Dense } from "./layers/dense.js";
import type { Layer } from "./layers/layer.js";
import { hiddenStack } from "./mlp.js";
import type { Network } from "./network.js";
import { applyMinMax, fitMinMax, RbmCore } from "./rbm-core.js";

export const DBN_KIND = "dbn";

export const dbnParamsSchema = z
  .object({
    hiddenLayers: z.array(z.number().int().positive()).min(1).default([64, 32]),
    pretrainEpochs: z.number().int().nonnegative().default(5),
    pretrainLearningRate: z.number().positive().default(0.1),
    pretrainBatchSize: z.number().int().positive().default(32),
    /** Gibbs steps per contrastive-divergence update. */
    cdK: z.number().int().positive().default(1),
    ...trainingParamsShape,
  })
  .strict();
export type DbnParams = z.infer<typeof dbnParamsSchema>;

export class DbnClassifier extends NeuralClassifier<DbnParams> {
  readonly kind = DBN_KIND;
  /** Mean reconstruction error per pretraining epoch, per RBM (last fit). */
  pretrainError: number[][] = [];

  constructor(params: Partial<DbnParams> = {}) {
    super(dbnParamsSchema, params, DBN_KIND);
  }

  protected buildLayers(nFeatures: number, nClasses: number): Layer[] {
    const p = this.params;
    const layers = hiddenStack(nFeatures, p.hiddenLayers, { activation: "sigmoid" });
    layers.push(new Dense(p.hiddenLayers[p.hiddenLayers.length - 1], nClasses, true));
    return layers;
  }

  protected override pretrain(net: Network, X: Matrix): void {
    const p = this.params;
    this.pretrainError = [];
    if (p.pretrainEpochs === 0) return;
    const dense = net.layers.filter((l): l is Dense => l instanceof Dense);
    const rng = new Rng(p.seed ^ 0x1b873593);
    const { min, range } = fitMinMax(X.data, X.rows, X.cols);
    let v = applyMinMax(X.data, X.rows, X.cols, min, range);
    let nv = X.cols;
    p.hiddenLayers.forEach((h, li) => {
      const rbm = new RbmCore(nv, h, Math.max(256, p.pretrainBatchSize));
      rbm.init(rng);
      this.pretrainError.push(
        rbm.train(v, X.rows, {
          epochs: p.pretrainEpochs,
          batchSize: p.pretrainBatchSize,
          k: p.cdK,
          lr: p.pretrainLearningRate,
          rng,
        }),
      );
      const { w, b } = dense[li].weights;
      if (li === 0) {
        // Fold v = (x - min) / range into the first layer.
        for (let j = 0; j < h; j++) {
          let shift = 0;
          for (let i = 0; i < nv; i++) {
            w[i * h + j] = rbm.w[i * h + j] / range[i];
            shift += (min[i] / range[i]) * rbm.w[i * h + j];
          }
          b[j] = rbm.hb[j] - shift;
        }
      } else {
        w.set(rbm.w);
        b.set(rbm.hb);
      }
      if (li < p.hiddenLayers.length - 1) v = rbm.transformAll(v, X.rows);
      nv = h;
    });
  }

  clone(): DbnClassifier {
    return new DbnClassifier(this.getParams());
  }
}

registerNeuralClassifier(DBN_KIND, (p) => new DbnClassifier(p as Partial<DbnParams>));
