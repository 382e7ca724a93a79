/**
 * Deep autoencoder anomaly detector ("autoencoder"): rows are standardised with the training rows'
 * column means and deviations, encoded through `hiddenLayers` (the last is the bottleneck), decoded
 * through the mirror image to a linear output, trained to minimise the mean squared reconstruction
 * error (Adam, mini-batches, optional early stopping). score(x) = mean_j (x̂_j - z_j)^2, the
 * reconstruction MSE in standardised units: higher = more anomalous. Fit on benign traffic.
 * Differentiable: inputGradient = d score / d x (class index ignored); lossGradient is the same (the
 * training loss is the score). Parameter vector: the Dense layers' (W, b), encoder then decoder.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { Detector, ModelArtifact } from "../base.js";
import { checkFeatures, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import type { Differentiable } from "../differentiable.js";
import { artifactState, checkFinite, requireFitted, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { trainingParamsShape } from "./classifier.js";
import { Dense } from "./layers/dense.js";
import { meanSquaredError } from "./losses.js";
import { hiddenStack } from "./mlp.js";
import { Network } from "./network.js";
import { makeOptimizer } from "./optim.js";
import { applyScale, type ColumnScale, fitScale } from "./standardize.js";
import { gatherRows, type TrainResult, trainNetwork } from "./train.js";

export const AUTOENCODER_KIND = "autoencoder";
const VERSION = 1;

const { classWeight: _cw, ...shape } = trainingParamsShape;
export const autoencoderParamsSchema = z
  .object({
    /** Encoder widths; the last is the bottleneck. The decoder mirrors them. */
    hiddenLayers: z.array(z.number().int().positive()).min(1).default([32, 8]),
    activation: z.enum(["relu", "tanh", "sigmoid"]).default("tanh"),
    ...shape,
    epochs: z.number().int().positive().default(50),
  })
  .strict();
export type AutoencoderParams = z.infer<typeof autoencoderParamsSchema>;

interface State {
  nFeatures: number;
  scale: ColumnScale;
  net: Network;
}

export class Autoencoder implements Detector<AutoencoderParams>, Differentiable {
  readonly kind = AUTOENCODER_KIND;
  private readonly params: AutoencoderParams;
  private state: State | undefined;
  lastTraining: TrainResult | undefined;

  constructor(params: Partial<AutoencoderParams> = {}) {
    this.params = parseParams(autoencoderParamsSchema, params, AUTOENCODER_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  getParams(): AutoencoderParams {
    return structuredClone(this.params);
  }

  clone(): Autoencoder {
    return new Autoencoder(this.getParams());
  }

  get network(): Network {
    return requireFitted(this.kind, this.state).net;
  }

  /** Column means and deviations the rows are standardised with. */
  get scale(): ColumnScale {
    return requireFitted(this.kind, this.state).scale;
  }

  private buildNetwork(d: number): Network {
    const p = this.params;
    const enc = p.hiddenLayers;
    const sizes = [...enc, ...enc.slice(0, -1).reverse()];
    const layers = hiddenStack(d, sizes, { activation: p.activation });
    layers.push(new Dense(sizes[sizes.length - 1], d, p.activation !== "relu"));
    return new Network(layers, Math.max(256, p.batchSize));
  }

  fit(X: Matrix, _y?: Int32Array): this {
    if (X.rows === 0 || X.cols === 0) {
      throw new VigilError("E_SCHEMA", `${this.kind}: cannot fit on an empty matrix`, { field: "X" });
    }
    checkFinite(this.kind, X);
    const p = this.params;
    const d = X.cols;
    const scale = fitScale(X.data, X.rows, d);
    const Z = new Float32Array(X.rows * d);
    applyScale(X.data, X.rows, d, scale, Z);
    const net = this.buildNetwork(d);
    net.init(p.seed);
    const rng = new Rng(p.seed ^ 0x2545f491);
    let train: Int32Array | null = null;
    let val: Int32Array | null = null;
    if (p.earlyStopping && X.rows >= 10) {
      const perm = Int32Array.from({ length: X.rows }, (_, i) => i);
      for (let i = perm.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const nVal = Math.max(1, Math.round(X.rows * p.validationFraction));
      val = perm.slice(0, nVal);
      train = perm.slice(nVal);
    }
    const rows = new Int32Array(net.maxBatch);
    this.lastTraining = trainNetwork(net, train?.length ?? X.rows, {
      epochs: p.epochs,
      batchSize: p.batchSize,
      optimizer: makeOptimizer(p.optimizer, net.params.length, p.learningRate),
      rng,
      l2: p.l2,
      patience: p.patience,
      step: (order, start, n) => {
        for (let i = 0; i < n; i++) rows[i] = train === null ? order[start + i] : train[order[start + i]];
        gatherRows(Z, d, rows, 0, n, net.input);
        const out = net.forward(n, true);
        const loss = meanSquaredError(out, net.input, n, d, net.outputGrad, 1 / n);
        net.backward(n);
        return loss;
      },
      validate:
        val === null
          ? undefined
          : () => {
              const v = val;
              let loss = 0;
              for (let s = 0; s < v.length; s += net.maxBatch) {
                const n = Math.min(net.maxBatch, v.length - s);
                gatherRows(Z, d, v, s, n, net.input);
                loss += meanSquaredError(net.forward(n, false), net.input, n, d, null, 0);
              }
              return loss / v.length;
            },
    });
    this.state = { nFeatures: d, scale, net };
    return this;
  }

  private checkInput(X: Matrix): State {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    checkFinite(this.kind, X);
    return s;
  }

  /** Reconstruction MSE per row (standardised units). */
  score(X: Matrix): Float64Array {
    const s = this.checkInput(X);
    const { net, nFeatures: d } = s;
    const out = new Float64Array(X.rows);
    for (let start = 0; start < X.rows; start += net.maxBatch) {
      const n = Math.min(net.maxBatch, X.rows - start);
      applyScale(X.data.subarray(start * d), n, d, s.scale, net.input);
      meanSquaredError(net.forward(n, false), net.input, n, d, null, 0, out, start);
    }
    return out;
  }

  /** Reconstructions in the original units (rows x nFeatures). */
  reconstruct(X: Matrix): Matrix {
    const s = this.checkInput(X);
    const { net, nFeatures: d } = s;
    const out = new Float32Array(X.rows * d);
    for (let start = 0; start < X.rows; start += net.maxBatch) {
      const n = Math.min(net.maxBatch, X.rows - start);
      applyScale(X.data.subarray(start * d), n, d, s.scale, net.input);
      const r = net.forward(n, false);
      for (let i = 0; i < n * d; i++) out[start * d + i] = r[i] * s.scale.std[i % d] + s.scale.mean[i % d];
    }
    return matrix(X.rows, d, out);
  }

  /** d score / d x per row (classIndex ignored: a detector has one output). */
  inputGradient(X: Matrix, _classIndex?: Int32Array): Matrix {
    const s = this.checkInput(X);
    const { net, nFeatures: d } = s;
    const out = new Float32Array(X.rows * d);
    for (let start = 0; start < X.rows; start += net.maxBatch) {
      const n = Math.min(net.maxBatch, X.rows - start);
      applyScale(X.data.subarray(start * d), n, d, s.scale, net.input);
      const r = net.forward(n, false);
      // score = mean_j (r_j - z_j)^2: through the network with dr = 2e/d, plus the direct -2e/d.
      meanSquaredError(r, net.input, n, d, net.outputGrad, 1);
      net.backward(n, true);
      const g = net.inputGrad;
      const e = net.outputGrad;
      for (let i = 0; i < n * d; i++) out[start * d + i] = (g[i] - e[i]) / s.scale.std[i % d];
    }
    return matrix(X.rows, d, out);
  }

  /** The training loss is the score: the same gradient (labels ignored). */
  lossGradient(X: Matrix, _y?: Int32Array): Matrix {
    return this.inputGradient(X);
  }

  toArtifact(): ModelArtifact {
    const s = requireFitted(this.kind, this.state);
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as Record<string, unknown>,
      state: {
        nFeatures: s.nFeatures,
        mean: encodeArray(s.scale.mean),
        std: encodeArray(s.scale.std),
        parameters: encodeArray(s.net.params.slice()),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): Autoencoder {
    const st = artifactState(a, AUTOENCODER_KIND, VERSION);
    const m = new Autoencoder(a.params as Partial<AutoencoderParams>);
    const d = stateInt(st, "nFeatures", AUTOENCODER_KIND);
    const net = m.buildNetwork(d);
    net.params.set(stateArray(st, "parameters", AUTOENCODER_KIND, Float32Array, net.params.length));
    m.state = {
      nFeatures: d,
      scale: {
        mean: stateArray(st, "mean", AUTOENCODER_KIND, Float32Array, d),
        std: stateArray(st, "std", AUTOENCODER_KIND, Float32Array, d),
      },
      net,
    };
    return m;
  }
}

registerModel({
  kind: AUTOENCODER_KIND,
  role: "detector",
  version: VERSION,
  create: (p) => new Autoencoder(p as Partial<AutoencoderParams>),
  fromArtifact: (a) => Autoencoder.fromArtifact(a),
});
