/**
 * 1-D convolutional classifier ("cnn1d"): each row is read as a sequence (seqLen steps x channels,
 * time-major; default: the feature vector as a one-channel sequence), then per entry of `filters` a
 * Conv1D (kernelSize, stride 1, valid) → activation → MaxPool1D(poolSize) block (pooling skipped once
 * the sequence is shorter than poolSize), then Dense hidden layers and the logits.
 * Parameter vector: the conv blocks' (W, b), then the dense layers' (W, b), input to output.
 */
import { z } from "zod";
import { NeuralClassifier, registerNeuralClassifier, trainingParamsShape } from "./classifier.js";
import { Activation } from "./layers/activation.js";
import { Conv1D } from "./layers/conv1d.js";
import { Dense } from "./layers/dense.js";
import type { Layer } from "./layers/layer.js";
import { MaxPool1D } from "./layers/pool.js";
import { hiddenStack } from "./mlp.js";
import { sequenceShape } from "./sequence.js";

export const CNN1D_KIND = "cnn1d";

export const cnn1dParamsSchema = z
  .object({
    seqLen: z.number().int().positive().optional(),
    channels: z.number().int().positive().optional(),
    filters: z.array(z.number().int().positive()).min(1).default([16, 32]),
    kernelSize: z.number().int().positive().default(3),
    poolSize: z.number().int().positive().default(2),
    hiddenLayers: z.array(z.number().int().positive()).default([64]),
    activation: z.enum(["relu", "tanh"]).default("relu"),
    dropout: z.number().min(0).lt(1).default(0),
    ...trainingParamsShape,
  })
  .strict();
export type Cnn1dParams = z.infer<typeof cnn1dParamsSchema>;

export class Cnn1dClassifier extends NeuralClassifier<Cnn1dParams> {
  readonly kind = CNN1D_KIND;

  constructor(params: Partial<Cnn1dParams> = {}) {
    super(cnn1dParamsSchema, params, CNN1D_KIND);
  }

  protected buildLayers(nFeatures: number, nClasses: number): Layer[] {
    const p = this.params;
    const shape = sequenceShape(this.kind, nFeatures, p.seqLen, p.channels);
    let len = shape.steps;
    let ch = shape.channels;
    const layers: Layer[] = [];
    for (const f of p.filters) {
      const k = Math.min(p.kernelSize, len);
      const conv = new Conv1D(len, ch, f, k);
      layers.push(conv, new Activation(p.activation, conv.outSize));
      len = conv.outLength;
      ch = f;
      if (p.poolSize > 1 && len >= p.poolSize) {
        const pool = new MaxPool1D(len, ch, p.poolSize);
        layers.push(pool);
        len = pool.outLength;
      }
    }
    layers.push(...hiddenStack(len * ch, p.hiddenLayers, p));
    const last = p.hiddenLayers.length > 0 ? p.hiddenLayers[p.hiddenLayers.length - 1] : len * ch;
    layers.push(new Dense(last, nClasses));
    return layers;
  }

  clone(): Cnn1dClassifier {
    return new Cnn1dClassifier(this.getParams());
  }
}

registerNeuralClassifier(CNN1D_KIND, (p) => new Cnn1dClassifier(p as Partial<Cnn1dParams>));
