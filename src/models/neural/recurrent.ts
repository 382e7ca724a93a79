/**
 * Recurrent classifiers ("lstm", "gru"): each row is a flattened time-major sequence (seqLen steps x
 * inputSize values; default: the feature vector as a one-input sequence, e.g. a flow's first N packets'
 * sizes), one recurrent layer of `hiddenSize` units, its last hidden state → Dense hidden layers → logits.
 * Parameter vector: the recurrent layer's (see ./layers/lstm.ts, ./layers/gru.ts), then the dense layers'.
 */
import { z } from "zod";
import { NeuralClassifier, registerNeuralClassifier, trainingParamsShape } from "./classifier.js";
import { Dense } from "./layers/dense.js";
import { GRU } from "./layers/gru.js";
import type { Layer } from "./layers/layer.js";
import { LSTM } from "./layers/lstm.js";
import { hiddenStack } from "./mlp.js";
import { sequenceShape } from "./sequence.js";

export const LSTM_KIND = "lstm";
export const GRU_KIND = "gru";

export const recurrentParamsSchema = z
  .object({
    seqLen: z.number().int().positive().optional(),
    inputSize: z.number().int().positive().optional(),
    hiddenSize: z.number().int().positive().default(32),
    hiddenLayers: z.array(z.number().int().positive()).default([]),
    dropout: z.number().min(0).lt(1).default(0),
    ...trainingParamsShape,
  })
  .strict();
export type RecurrentParams = z.infer<typeof recurrentParamsSchema>;

abstract class RecurrentClassifier extends NeuralClassifier<RecurrentParams> {
  protected abstract cell(steps: number, inputs: number, hidden: number): Layer;

  protected buildLayers(nFeatures: number, nClasses: number): Layer[] {
    const p = this.params;
    const shape = sequenceShape(this.kind, nFeatures, p.seqLen, p.inputSize);
    const layers: Layer[] = [this.cell(shape.steps, shape.channels, p.hiddenSize)];
    layers.push(...hiddenStack(p.hiddenSize, p.hiddenLayers, { activation: "relu", dropout: p.dropout }));
    const last = p.hiddenLayers.length > 0 ? p.hiddenLayers[p.hiddenLayers.length - 1] : p.hiddenSize;
    layers.push(new Dense(last, nClasses));
    return layers;
  }
}

export class LstmClassifier extends RecurrentClassifier {
  readonly kind = LSTM_KIND;

  constructor(params: Partial<RecurrentParams> = {}) {
    super(recurrentParamsSchema, params, LSTM_KIND);
  }

  protected cell(steps: number, inputs: number, hidden: number): Layer {
    return new LSTM(steps, inputs, hidden);
  }

  clone(): LstmClassifier {
    return new LstmClassifier(this.getParams());
  }
}

export class GruClassifier extends RecurrentClassifier {
  readonly kind = GRU_KIND;

  constructor(params: Partial<RecurrentParams> = {}) {
    super(recurrentParamsSchema, params, GRU_KIND);
  }

  protected cell(steps: number, inputs: number, hidden: number): Layer {
    return new GRU(steps, inputs, hidden);
  }

  clone(): GruClassifier {
    return new GruClassifier(this.getParams());
  }
}

registerNeuralClassifier(LSTM_KIND, (p) => new LstmClassifier(p as Partial<RecurrentParams>));
registerNeuralClassifier(GRU_KIND, (p) => new GruClassifier(p as Partial<RecurrentParams>));
