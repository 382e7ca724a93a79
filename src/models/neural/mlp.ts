/**
 * Multi-layer perceptron classifier ("mlp"): Dense → [BatchNorm] → activation → [Dropout] per hidden
 * layer, then a Dense layer to the class logits; softmax cross-entropy, Adam or SGD, mini-batches,
 * optional early stopping. Inputs should be standardised (the "mlp" learner preset runs it behind an
 * imputer and a StandardScaler). Parameter vector order: each Dense (W in x out row-major, then b) and
 * each BatchNorm (gamma, beta), input to output.
 */
import { z } from "zod";
import { NeuralClassifier, registerNeuralClassifier, trainingParamsShape } from "./classifier.js";
import { Activation } from "./layers/activation.js";
import { BatchNorm } from "./layers/batchnorm.js";
import { Dense } from "./layers/dense.js";
import { Dropout } from "./layers/dropout.js";
import type { Layer } from "./layers/layer.js";

export const MLP_KIND = "mlp";

export const mlpParamsSchema = z
  .object({
    hiddenLayers: z.array(z.number().int().positive()).default([64, 32]),
    activation: z.enum(["relu", "tanh", "sigmoid"]).default("relu"),
    /** Dropout rate after each hidden activation (0 = none). */
    dropout: z.number().min(0).lt(1).default(0),
    /** Batch normalisation between each hidden Dense and its activation. */
    batchNorm: z.boolean().default(false),
    ...trainingParamsShape,
  })
  .strict();
export type MlpParams = z.infer<typeof mlpParamsSchema>;

/** Hidden stack shared by the MLP, the DBN and the autoencoder. */
export function hiddenStack(
  nIn: number,
  sizes: number[],
  o: { activation: "relu" | "tanh" | "sigmoid"; dropout?: number; batchNorm?: boolean },
): Layer[] {
  const layers: Layer[] = [];
  let prev = nIn;
  for (const h of sizes) {
    layers.push(new Dense(prev, h, o.activation !== "relu"));
    if (o.batchNorm === true) layers.push(new BatchNorm(h));
    layers.push(new Activation(o.activation, h));
    if ((o.dropout ?? 0) > 0) layers.push(new Dropout(h, o.dropout ?? 0));
    prev = h;
  }
  return layers;
}

export class MLPClassifier extends NeuralClassifier<MlpParams> {
  readonly kind = MLP_KIND;

  constructor(params: Partial<MlpParams> = {}) {
    super(mlpParamsSchema, params, MLP_KIND);
  }

  protected buildLayers(nFeatures: number, nClasses: number): Layer[] {
    const p = this.params;
    const layers = hiddenStack(nFeatures, p.hiddenLayers, p);
    const last = p.hiddenLayers.length > 0 ? p.hiddenLayers[p.hiddenLayers.length - 1] : nFeatures;
    layers.push(new Dense(last, nClasses, p.activation !== "relu"));
    return layers;
  }

  clone(): MLPClassifier {
    return new MLPClassifier(this.getParams());
  }
}

registerNeuralClassifier(MLP_KIND, (p) => new MLPClassifier(p as Partial<MlpParams>));
