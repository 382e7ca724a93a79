/**
 * Class-conditional tabular GAN ("tabular-gan", after Mirza & Osindero's conditional GAN): a generator
 * G([noise; onehot(class)]) → a row in standardised units and a discriminator D([row; onehot(class)]) →
 * a logit of "real", both MLPs (ReLU hidden layers), trained alternately with Adam (beta1 0.5): D on a
 * real batch and a generated batch with the batch's classes (binary cross-entropy), then G with the
 * non-saturating loss -log σ(D(G(z, c), c)). Columns are standardised with the training rows' means and
 * deviations (missing values → the column mean); samples are mapped back to original units.
 *
 * The augmentation helper (src/augment/gan.ts) calls exactly `createModel("tabular-gan", { seed, ...params })`,
 * `fit(X, y)` on the training fold, then `sample(n, classIndex, seed)` for each minority class.
 * Registered with role "transformer": transform(X) is the standardisation the generator works in.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import type { ModelArtifact, Transformer } from "../base.js";
import { checkFeatures, parseParams } from "../base.js";
import { encodeArray } from "../codec.js";
import { artifactState, requireFitted, stateArray, stateInt } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { Rng } from "../tree/random.js";
import { Dense } from "./layers/dense.js";
import { hiddenStack } from "./mlp.js";
import { Network } from "./network.js";
import { Adam } from "./optim.js";
import { applyScale, type ColumnScale, fitScale, invertScale } from "./standardize.js";
import { shuffle } from "./train.js";

export const TABULAR_GAN_KIND = "tabular-gan";
const VERSION = 1;

export const tabularGanParamsSchema = z
  .object({
    noiseDim: z.number().int().positive().default(16),
    hiddenLayers: z.array(z.number().int().positive()).min(1).default([64, 64]),
    epochs: z.number().int().positive().default(100),
    batchSize: z.number().int().positive().default(64),
    learningRate: z.number().positive().default(2e-4),
    seed: z.number().int().default(0),
  })
  .strict();
export type TabularGanParams = z.infer<typeof tabularGanParamsSchema>;

interface State {
  nFeatures: number;
  nClasses: number;
  scale: ColumnScale;
  generator: Network;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export class TabularGan implements Transformer<TabularGanParams> {
  readonly kind = TABULAR_GAN_KIND;
  private readonly params: TabularGanParams;
  private state: State | undefined;
  /** Mean discriminator and generator losses per epoch of the last fit. */
  losses: { discriminator: number[]; generator: number[] } = { discriminator: [], generator: [] };

  constructor(params: Partial<TabularGanParams> = {}) {
    this.params = parseParams(tabularGanParamsSchema, params, TABULAR_GAN_KIND);
  }

  get fitted(): boolean {
    return this.state !== undefined;
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  getParams(): TabularGanParams {
    return structuredClone(this.params);
  }

  clone(): TabularGan {
    return new TabularGan(this.getParams());
  }

  private buildGenerator(d: number, k: number): Network {
    const p = this.params;
    const layers = hiddenStack(p.noiseDim + k, p.hiddenLayers, { activation: "relu" });
    layers.push(new Dense(p.hiddenLayers[p.hiddenLayers.length - 1], d));
    return new Network(layers, Math.max(256, p.batchSize));
  }

  fit(X: Matrix, y: Int32Array): this {
    if (X.rows === 0 || X.cols === 0) {
      throw new VigilError("E_SCHEMA", `${this.kind}: cannot fit on an empty matrix`, { field: "X" });
    }
    if (y === undefined || y.length !== X.rows) {
      throw new VigilError("E_SCHEMA", `${this.kind}: needs one class label per row`, { field: "y" });
    }
    let k = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < 0)
        throw new VigilError("E_SCHEMA", `${this.kind}: negative label`, { field: "y", record: i });
      k = Math.max(k, y[i] + 1);
    }
    for (let i = 0; i < X.data.length; i++) {
      if (X.data[i] === Number.POSITIVE_INFINITY || X.data[i] === Number.NEGATIVE_INFINITY) {
        throw new VigilError("E_SCHEMA", `${this.kind}: infinite value`, {
          record: Math.floor(i / X.cols),
          field: `column ${i % X.cols}`,
        });
      }
    }
    const p = this.params;
    const d = X.cols;
    const scale = fitScale(X.data, X.rows, d);
    const Z = new Float32Array(X.rows * d);
    applyScale(X.data, X.rows, d, scale, Z);
    const G = this.buildGenerator(d, k);
    const dLayers = hiddenStack(d + k, p.hiddenLayers, { activation: "relu" });
    dLayers.push(new Dense(p.hiddenLayers[p.hiddenLayers.length - 1], 1));
    const D = new Network(dLayers, G.maxBatch);
    G.init(p.seed);
    D.init(p.seed + 1);
    const gOpt = new Adam(G.params.length, p.learningRate, 0.5);
    const dOpt = new Adam(D.params.length, p.learningRate, 0.5);
    const rng = new Rng(p.seed ^ 0x68e31da4);
    const order = Int32Array.from({ length: X.rows }, (_, i) => i);
    const gIn = p.noiseDim + k;
    const dIn = d + k;
    const labels = new Int32Array(G.maxBatch);
    const fillNoise = (n: number) => {
      G.input.fill(0, 0, n * gIn);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < p.noiseDim; j++) G.input[r * gIn + j] = rng.normal();
        G.input[r * gIn + p.noiseDim + labels[r]] = 1;
      }
    };
    const fillD = (rows: Float32Array | null, n: number, order0: number) => {
      D.input.fill(0, 0, n * dIn);
      for (let r = 0; r < n; r++) {
        const src = rows === null ? Z.subarray(order[order0 + r] * d) : rows.subarray(r * d);
        for (let j = 0; j < d; j++) D.input[r * dIn + j] = src[j];
        D.input[r * dIn + d + labels[r]] = 1;
      }
    };
    /** BCE on D's logits against `target`, gradient into D.outputGrad (mean over n); returns the sum. */
    const bce = (n: number, target: number) => {
      let loss = 0;
      for (let r = 0; r < n; r++) {
        const l = D.output[r];
        const s = sigmoid(l);
        loss += target === 1 ? Math.log1p(Math.exp(-l)) : Math.log1p(Math.exp(l));
        D.outputGrad[r] = (s - target) / n;
      }
      return loss;
    };
    this.losses = { discriminator: [], generator: [] };
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      shuffle(order, rng);
      let dLoss = 0;
      let gLoss = 0;
      for (let start = 0; start < X.rows; start += p.batchSize) {
        const n = Math.min(p.batchSize, X.rows - start);
        for (let r = 0; r < n; r++) labels[r] = y[order[start + r]];
        // Discriminator: real rows → 1, generated rows (same classes) → 0.
        D.zeroGrads();
        fillD(null, n, start);
        D.forward(n, true);
        dLoss += bce(n, 1);
        D.backward(n);
        fillNoise(n);
        fillD(G.forward(n, true), n, 0);
        D.forward(n, true);
        dLoss += bce(n, 0);
        D.backward(n);
        dOpt.step(D.params, D.grads);
        // Generator: make D call fresh samples real.
        G.zeroGrads();
        fillNoise(n);
        fillD(G.forward(n, true), n, 0);
        D.forward(n, true);
        gLoss += bce(n, 1);
        D.backward(n, true);
        for (let r = 0; r < n; r++)
          for (let j = 0; j < d; j++) G.outputGrad[r * d + j] = D.inputGrad[r * dIn + j];
        G.backward(n);
        gOpt.step(G.params, G.grads);
      }
      this.losses.discriminator.push(dLoss / (2 * X.rows));
      this.losses.generator.push(gLoss / X.rows);
    }
    this.state = { nFeatures: d, nClasses: k, scale, generator: G };
    return this;
  }

  /** n generated rows of class `classIndex`, in original units (seeded: same seed, same rows). */
  sample(n: number, classIndex: number, seed?: number): Matrix {
    const s = requireFitted(this.kind, this.state);
    if (!Number.isInteger(n) || n < 0) {
      throw new VigilError("E_CONFIG", `${this.kind}: cannot sample ${n} rows`, { field: "n" });
    }
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= s.nClasses) {
      throw new VigilError("E_CONFIG", `${this.kind}: class ${classIndex} outside 0..${s.nClasses - 1}`, {
        field: "classIndex",
      });
    }
    const G = s.generator;
    const p = this.params;
    const d = s.nFeatures;
    const gIn = p.noiseDim + s.nClasses;
    const rng = new Rng(seed ?? p.seed + 7919 * (classIndex + 1));
    const out = new Float32Array(n * d);
    for (let start = 0; start < n; start += G.maxBatch) {
      const m = Math.min(G.maxBatch, n - start);
      G.input.fill(0, 0, m * gIn);
      for (let r = 0; r < m; r++) {
        for (let j = 0; j < p.noiseDim; j++) G.input[r * gIn + j] = rng.normal();
        G.input[r * gIn + p.noiseDim + classIndex] = 1;
      }
      out.set(G.forward(m, false).subarray(0, m * d), start * d);
    }
    invertScale(out, n, d, s.scale);
    return matrix(n, d, out);
  }

  /** The standardisation the generator works in: (x - mean) / std, missing → 0. */
  transform(X: Matrix): Matrix {
    const s = requireFitted(this.kind, this.state);
    checkFeatures(X, s.nFeatures, this.kind);
    const out = new Float32Array(X.rows * X.cols);
    applyScale(X.data, X.rows, X.cols, s.scale, out);
    return matrix(X.rows, X.cols, out);
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
        nClasses: s.nClasses,
        mean: encodeArray(s.scale.mean),
        std: encodeArray(s.scale.std),
        generator: encodeArray(s.generator.params.slice()),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): TabularGan {
    const st = artifactState(a, TABULAR_GAN_KIND, VERSION);
    const m = new TabularGan(a.params as Partial<TabularGanParams>);
    const d = stateInt(st, "nFeatures", TABULAR_GAN_KIND);
    const k = stateInt(st, "nClasses", TABULAR_GAN_KIND);
    const G = m.buildGenerator(d, k);
    G.params.set(stateArray(st, "generator", TABULAR_GAN_KIND, Float32Array, G.params.length));
    m.state = {
      nFeatures: d,
      nClasses: k,
      scale: {
        mean: stateArray(st, "mean", TABULAR_GAN_KIND, Float32Array, d),
        std: stateArray(st, "std", TABULAR_GAN_KIND, Float32Array, d),
      },
      generator: G,
    };
    return m;
  }
}

registerModel({
  kind: TABULAR_GAN_KIND,
  role: "transformer",
  version: VERSION,
  create: (p) => new TabularGan(p as Partial<TabularGanParams>),
  fromArtifact: (a) => TabularGan.fromArtifact(a),
});
