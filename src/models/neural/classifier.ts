/**
 * NeuralClassifier: the estimator contract, the Differentiable and ParameterVector capabilities and the
 * artifact codec shared by every neural classifier (mlp, cnn1d, lstm, gru, dbn); a subclass only says
 * which layers to build (logits come out of the last one) and may pretrain before fine-tuning.
 * Training: softmax cross-entropy, weighted by classWeight x sampleWeight, averaged over the batch.
 * Artifact state: nFeatures, nClasses, the flat parameter vector and the non-trainable buffers.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { Classifier, FitOptions, ModelArtifact } from "../base.js";
import { checkFeatures, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import type { Differentiable, ParameterVector } from "../differentiable.js";
import {
  argmaxRows,
  artifactState,
  checkFinite,
  checkFitInput,
  classWeightSchema,
  classWeightVector,
  requireFitted,
  stateArray,
  stateInt,
} from "../linear/support.js";
import { registerModel } from "../registry.js";
import { trainClassifier } from "./fit-classifier.js";
import type { Layer } from "./layers/layer.js";
import { softmaxCrossEntropy, softmaxRows } from "./losses.js";
import { Network } from "./network.js";
import type { TrainResult } from "./train.js";

const VERSION = 1;
/** Inference chunk (rows per forward pass) at least this large. */
const MIN_CHUNK = 256;

/** Training params every neural classifier takes. */
export const trainingParamsShape = {
  epochs: z.number().int().positive().default(30),
  batchSize: z.number().int().positive().default(256),
  learningRate: z.number().positive().default(1e-3),
  optimizer: z.enum(["adam", "sgd"]).default("adam"),
  /** L2 penalty 0.5 * l2 * |theta|^2 on every parameter. */
  l2: z.number().nonnegative().default(0),
  /** Hold out validationFraction of the rows and stop after `patience` epochs without improvement. */
  earlyStopping: z.boolean().default(false),
  validationFraction: z.number().gt(0).lt(1).default(0.1),
  patience: z.number().int().positive().default(5),
  classWeight: classWeightSchema,
  seed: z.number().int().default(0),
};

export interface NeuralTrainParams {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: "adam" | "sgd";
  l2: number;
  earlyStopping: boolean;
  validationFraction: number;
  patience: number;
  classWeight?: "balanced" | number[];
  seed: number;
}

export abstract class NeuralClassifier<P extends NeuralTrainParams>
  implements Classifier<P>, Differentiable, ParameterVector
{
  abstract readonly kind: string;
  protected readonly params: P;
  protected net: Network | undefined;
  protected nFeatures = 0;
  private k = 0;
  /** Losses of the last fit (for reports). */
  lastTraining: TrainResult | undefined;

  constructor(schema: z.ZodType<P>, params: unknown, kind: string) {
    this.params = parseParams(schema, params, kind);
  }

  /** The layers for nFeatures inputs and nClasses logits. */
  protected abstract buildLayers(nFeatures: number, nClasses: number): Layer[];
  abstract clone(): NeuralClassifier<P>;
  /** Hook run after initialisation and before supervised training (DBN pretraining). */
  protected pretrain(_net: Network, _X: Matrix, _y: Int32Array): void {}

  get fitted(): boolean {
    return this.net !== undefined;
  }

  get nClasses(): number {
    return this.k;
  }

  getParams(): P {
    return structuredClone(this.params);
  }

  /** The fitted network (for exporters and tests). */
  get network(): Network {
    return requireFitted(this.kind, this.net);
  }

  protected newNetwork(nFeatures: number, nClasses: number): Network {
    return new Network(this.buildLayers(nFeatures, nClasses), Math.max(MIN_CHUNK, this.params.batchSize));
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    const k = checkFitInput(this.kind, X, y);
    if (options.sampleWeight !== undefined && options.sampleWeight.length !== X.rows) {
      throw new VigilError(
        "E_SCHEMA",
        `${this.kind}: ${options.sampleWeight.length} weights for ${X.rows} rows`,
        {
          field: "sampleWeight",
        },
      );
    }
    const net = this.newNetwork(X.cols, k);
    net.init(this.params.seed);
    this.nFeatures = X.cols;
    this.k = k;
    this.pretrain(net, X, y);
    const cw = classWeightVector(y, k, this.params.classWeight);
    const w = new Float32Array(X.rows);
    for (let i = 0; i < X.rows; i++) w[i] = cw[y[i]] * (options.sampleWeight?.[i] ?? 1);
    this.lastTraining = trainClassifier(net, X, y, w, this.params, {
      epochs: this.params.epochs,
      seed: this.params.seed,
      earlyStopping: this.params.earlyStopping,
    });
    this.net = net;
    return this;
  }

  private checkInput(X: Matrix): Network {
    const net = requireFitted(this.kind, this.net);
    checkFeatures(X, this.nFeatures, this.kind);
    checkFinite(this.kind, X);
    return net;
  }

  /** Pre-softmax scores, rows x nClasses. */
  logits(X: Matrix): Matrix {
    const net = this.checkInput(X);
    const k = this.k;
    const out = new Float32Array(X.rows * k);
    net.run(X.data, X.rows, (z, start, n) => out.set(z.subarray(0, n * k), start * k));
    return matrix(X.rows, k, out);
  }

  predictProba(X: Matrix): Matrix {
    const z = this.logits(X);
    softmaxRows(z.data, z.rows, z.cols);
    return z;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.logits(X));
  }

  /** d logit[classIndex[r]] / d x_r (inference mode: dropout off, batch norm on running statistics). */
  inputGradient(X: Matrix, classIndex: Int32Array): Matrix {
    return this.gradient(X, classIndex, false);
  }

  /** d cross-entropy(x_r, y_r) / d x_r (inference mode). */
  lossGradient(X: Matrix, y: Int32Array): Matrix {
    return this.gradient(X, y, true);
  }

  private gradient(X: Matrix, cls: Int32Array, loss: boolean): Matrix {
    const net = this.checkInput(X);
    if (cls.length !== X.rows) {
      throw new VigilError("E_SCHEMA", `${this.kind}: ${cls.length} class indices for ${X.rows} rows`, {
        field: "classIndex",
      });
    }
    const k = this.k;
    for (let i = 0; i < cls.length; i++) {
      if (cls[i] < 0 || cls[i] >= k) {
        throw new VigilError("E_SCHEMA", `${this.kind}: class index ${cls[i]} outside 0..${k - 1}`, {
          record: i,
          field: "classIndex",
        });
      }
    }
    const d = this.nFeatures;
    const out = new Float32Array(X.rows * d);
    for (let start = 0; start < X.rows; start += net.maxBatch) {
      const n = Math.min(net.maxBatch, X.rows - start);
      net.input.set(X.data.subarray(start * d, (start + n) * d));
      const z = net.forward(n, false);
      const g = net.outputGrad;
      if (loss) {
        softmaxCrossEntropy(z, n, k, cls, null, start, g, 1);
      } else {
        g.fill(0, 0, n * k);
        for (let i = 0; i < n; i++) g[i * k + cls[start + i]] = 1;
      }
      net.backward(n, true);
      out.set(net.inputGrad.subarray(0, n * d), start * d);
    }
    return matrix(X.rows, d, out);
  }

  /** The flat parameter vector: layer by layer, each in the order its layer documents (a copy). */
  getParameters(): Float32Array {
    return requireFitted(this.kind, this.net).params.slice();
  }

  setParameters(theta: Float32Array): void {
    const net = requireFitted(this.kind, this.net);
    if (theta.length !== net.params.length) {
      throw new VigilError(
        "E_SCHEMA",
        `${this.kind}: ${theta.length} parameters, the model has ${net.params.length}`,
        {
          field: "theta",
        },
      );
    }
    for (let i = 0; i < theta.length; i++) {
      if (!Number.isFinite(theta[i])) {
        throw new VigilError("E_SCHEMA", `${this.kind}: parameter ${i} is not finite`, {
          field: "theta",
          record: i,
        });
      }
    }
    net.params.set(theta);
  }

  /** More epochs from the current parameters (a fresh optimiser state; FedProx term when proximalMu > 0). */
  partialFit(
    X: Matrix,
    y: Int32Array,
    options: { epochs: number; proximalMu?: number; seed?: number },
  ): void {
    const net = this.checkInput(X);
    checkFitInput(this.kind, X, y);
    for (let i = 0; i < y.length; i++) {
      if (y[i] >= this.k) {
        throw new VigilError("E_SCHEMA", `${this.kind}: label ${y[i]} outside the ${this.k} fitted classes`, {
          record: i,
          field: "y",
        });
      }
    }
    const cw = classWeightVector(y, this.k, this.params.classWeight);
    const w = Float32Array.from(y, (c) => cw[c]);
    this.lastTraining = trainClassifier(net, X, y, w, this.params, {
      epochs: options.epochs,
      seed: options.seed ?? 1,
      earlyStopping: false,
      proximalMu: options.proximalMu,
    });
  }

  toArtifact(): ModelArtifact {
    const net = requireFitted(this.kind, this.net);
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as Record<string, unknown>,
      state: {
        nFeatures: this.nFeatures,
        nClasses: this.k,
        parameters: encodeArray(net.params.slice()),
        buffers: encodeArray(net.buffers.slice()),
      },
    };
  }

  /** Restores fitted state from an artifact into this (unfitted) model (the registry's loader). */
  loadState(a: ModelArtifact): this {
    const st = artifactState(a, this.kind, VERSION);
    const d = stateInt(st, "nFeatures", this.kind);
    const k = stateInt(st, "nClasses", this.kind);
    const net = this.newNetwork(d, k);
    net.params.set(stateArray(st, "parameters", this.kind, Float32Array, net.params.length));
    net.buffers.set(stateArray(st, "buffers", this.kind, Float32Array, net.buffers.length));
    this.nFeatures = d;
    this.k = k;
    this.net = net;
    return this;
  }
}

/** Registers a neural classifier kind: `make(params)` builds an unfitted model. */
export function registerNeuralClassifier<M extends NeuralClassifier<NeuralTrainParams>>(
  kind: string,
  make: (params: Record<string, unknown>) => M,
): void {
  registerModel({
    kind,
    role: "classifier",
    version: VERSION,
    create: make,
    fromArtifact: (a) => make(a.params).loadState(a),
  });
}
