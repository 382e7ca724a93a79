/**
 * ONNX exporters for vigil's neural models (src/models/neural): the fitted network's layers are walked
 * input to output, each becoming a few standard ops (opset 17) on a flat [N, width] tensor:
 * - Dense → Gemm(x, W[in x out], b); relu / tanh / sigmoid → Relu / Tanh / Sigmoid; Dropout → nothing
 *   (identity at inference); BatchNorm (running statistics) → Mul(x, gamma/sqrt(var+eps)) + shift;
 * - Conv1D / MaxPool1D: Reshape [N, L, C] → Transpose [N, C, L] → Conv (W as [F, C, k]) / MaxPool →
 *   Transpose → Reshape back to the time-major flat layout vigil uses;
 * - LSTM / GRU: Reshape [N, T, I] → Transpose [T, N, I] → ONNX LSTM (gates reordered to i, o, f, c) /
 *   GRU (z, r, h; linear_before_reset = 1, PyTorch's form) → last hidden state Y_h → Reshape [N, H].
 * Classifiers (mlp, cnn1d, dbn, lstm, gru) output "label" (int64 [N]) and "probabilities"
 * (Softmax of the logits); the autoencoder outputs "score" (float [N]): ReduceMean((x̂ - z)^2) with
 * z = (x - mean) / std. Verified against vigil through onnxruntime-node (./neural.test.ts).
 */
import { NotFittedError } from "../../errors.js";
import type { Estimator } from "../base.js";
import type { Autoencoder } from "../neural/autoencoder.js";
import type { NeuralClassifier, NeuralTrainParams } from "../neural/classifier.js";
import { Activation } from "../neural/layers/activation.js";
import { BatchNorm } from "../neural/layers/batchnorm.js";
import { Conv1D } from "../neural/layers/conv1d.js";
import { Dense } from "../neural/layers/dense.js";
import { Dropout } from "../neural/layers/dropout.js";
import { GRU } from "../neural/layers/gru.js";
import type { Layer } from "../neural/layers/layer.js";
import { LSTM } from "../neural/layers/lstm.js";
import { MaxPool1D } from "../neural/layers/pool.js";
import {
  attr,
  DataType,
  floatTensor,
  int64Tensor,
  node,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  tensorInfo,
} from "./builder.js";
import { ONNX_INPUT, ONNX_LABEL, ONNX_PROBABILITIES, OPSETS, registerOnnxExporter } from "./exporters.js";

/** Output name of an exported detector's anomaly score. */
export const ONNX_SCORE = "score";

const BN_EPS = 1e-5;

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly inits: OnnxTensor[] = [];
  private n = 0;

  name(base: string): string {
    return `${base}_${this.n++}`;
  }

  floats(base: string, dims: number[], data: ArrayLike<number>): string {
    const nm = this.name(base);
    this.inits.push(floatTensor(nm, dims, data));
    return nm;
  }

  shape(dims: number[]): string {
    const nm = this.name("shape");
    this.inits.push(int64Tensor(nm, [dims.length], dims));
    return nm;
  }

  op(type: string, inputs: string[], attrs: ReturnType<typeof attr.int>[] = [], outName?: string): string {
    const out = outName ?? this.name(type.toLowerCase());
    this.nodes.push(node(type, inputs, [out], attrs));
    return out;
  }

  /** flat [N, L*C] → [N, C, L] */
  toChannelsFirst(x: string, L: number, C: number): string {
    const r = this.op("Reshape", [x, this.shape([-1, L, C])]);
    return this.op("Transpose", [r], [attr.ints("perm", [0, 2, 1])]);
  }

  /** [N, C, L] → flat [N, L*C] (time-major) */
  toFlat(x: string, L: number, C: number): string {
    const t = this.op("Transpose", [x], [attr.ints("perm", [0, 2, 1])]);
    return this.op("Reshape", [t, this.shape([-1, L * C])]);
  }

  /** flat [N, T*I] → [T, N, I] */
  toSequence(x: string, T: number, I: number): string {
    const r = this.op("Reshape", [x, this.shape([-1, T, I])]);
    return this.op("Transpose", [r], [attr.ints("perm", [1, 0, 2])]);
  }
}

/** Gate blocks of an [in x gates*H] matrix reordered and transposed to ONNX's [gates*H, in]. */
function gatesToOnnx(w: Float32Array, rows: number, H: number, order: number[]): Float32Array {
  const G = order.length;
  const out = new Float32Array(G * H * rows);
  for (let g = 0; g < G; g++)
    for (let j = 0; j < H; j++)
      for (let i = 0; i < rows; i++) out[(g * H + j) * rows + i] = w[i * G * H + order[g] * H + j];
  return out;
}

function reorder(b: Float32Array, H: number, order: number[]): Float32Array {
  const out = new Float32Array(order.length * H);
  for (let g = 0; g < order.length; g++) out.set(b.subarray(order[g] * H, (order[g] + 1) * H), g * H);
  return out;
}

function emitLayer(g: GraphBuilder, l: Layer, x: string): string {
  if (l instanceof Dense) {
    const { w, b } = l.weights;
    return g.op("Gemm", [x, g.floats("W", [l.inSize, l.outSize], w), g.floats("b", [l.outSize], b)]);
  }
  if (l instanceof Activation) {
    return g.op(l.name === "relu" ? "Relu" : l.name === "tanh" ? "Tanh" : "Sigmoid", [x]);
  }
  if (l instanceof Dropout) return x;
  if (l instanceof BatchNorm) {
    const s = l.stats;
    const c = l.inSize;
    const mult = new Float32Array(c);
    const shift = new Float32Array(c);
    for (let j = 0; j < c; j++) {
      mult[j] = s.gamma[j] / Math.sqrt(s.variance[j] + BN_EPS);
      shift[j] = s.beta[j] - s.mean[j] * mult[j];
    }
    const m = g.op("Mul", [x, g.floats("bn_mult", [1, c], mult)]);
    return g.op("Add", [m, g.floats("bn_shift", [1, c], shift)]);
  }
  if (l instanceof Conv1D) {
    const { w, b } = l.weights;
    const { channels: C, filters: F, kernel: k } = l;
    const wOnnx = new Float32Array(F * C * k);
    for (let f = 0; f < F; f++)
      for (let c = 0; c < C; c++)
        for (let u = 0; u < k; u++) wOnnx[(f * C + c) * k + u] = w[(u * C + c) * F + f];
    const cf = g.toChannelsFirst(x, l.length, C);
    const conv = g.op(
      "Conv",
      [cf, g.floats("conv_W", [F, C, k], wOnnx), g.floats("conv_b", [F], b)],
      [attr.ints("kernel_shape", [k]), attr.ints("strides", [l.stride])],
    );
    return g.toFlat(conv, l.outLength, F);
  }
  if (l instanceof MaxPool1D) {
    const cf = g.toChannelsFirst(x, l.length, l.channels);
    const pool = g.op("MaxPool", [cf], [attr.ints("kernel_shape", [l.size]), attr.ints("strides", [l.size])]);
    return g.toFlat(pool, l.outLength, l.channels);
  }
  if (l instanceof LSTM) {
    const { wx, wh, b } = l.weights;
    const { steps: T, inputs: I, hidden: H } = l;
    const order = [0, 3, 1, 2]; // ONNX i, o, f, c ← vigil i, f, g, o
    const bias = new Float32Array(8 * H);
    bias.set(reorder(b, H, order));
    const seq = g.toSequence(x, T, I);
    const yh = g.name("lstm_Y_h");
    g.nodes.push(
      node(
        "LSTM",
        [
          seq,
          g.floats("lstm_W", [1, 4 * H, I], gatesToOnnx(wx, I, H, order)),
          g.floats("lstm_R", [1, 4 * H, H], gatesToOnnx(wh, H, H, order)),
          g.floats("lstm_B", [1, 8 * H], bias),
        ],
        ["", yh],
        [attr.int("hidden_size", H)],
      ),
    );
    return g.op("Reshape", [yh, g.shape([-1, H])]);
  }
  if (l instanceof GRU) {
    const { wx, wh, bx, bh } = l.weights;
    const { steps: T, inputs: I, hidden: H } = l;
    const order = [1, 0, 2]; // ONNX z, r, h ← vigil r, z, n
    const bias = new Float32Array(6 * H);
    bias.set(reorder(bx, H, order));
    bias.set(reorder(bh, H, order), 3 * H);
    const seq = g.toSequence(x, T, I);
    const yh = g.name("gru_Y_h");
    g.nodes.push(
      node(
        "GRU",
        [
          seq,
          g.floats("gru_W", [1, 3 * H, I], gatesToOnnx(wx, I, H, order)),
          g.floats("gru_R", [1, 3 * H, H], gatesToOnnx(wh, H, H, order)),
          g.floats("gru_B", [1, 6 * H], bias),
        ],
        ["", yh],
        [attr.int("hidden_size", H), attr.int("linear_before_reset", 1)],
      ),
    );
    return g.op("Reshape", [yh, g.shape([-1, H])]);
  }
  throw new Error(`no ONNX form for layer "${l.name}"`);
}

function exportClassifier(model: Estimator): OnnxModel {
  if (!model.fitted) throw new NotFittedError(model.kind);
  const m = model as NeuralClassifier<NeuralTrainParams>;
  const net = m.network;
  const g = new GraphBuilder();
  let x = ONNX_INPUT;
  for (const l of net.layers) x = emitLayer(g, l, x);
  g.op("Softmax", [x], [attr.int("axis", -1)], ONNX_PROBABILITIES);
  g.op("ArgMax", [x], [attr.int("axis", 1), attr.int("keepdims", 0)], ONNX_LABEL);
  return {
    opsets: OPSETS,
    docString: `vigil ${model.kind}`,
    graph: {
      name: model.kind,
      nodes: g.nodes,
      initializers: g.inits,
      inputs: [tensorInfo(ONNX_INPUT, DataType.FLOAT, ["N", net.inSize])],
      outputs: [
        tensorInfo(ONNX_LABEL, DataType.INT64, ["N"]),
        tensorInfo(ONNX_PROBABILITIES, DataType.FLOAT, ["N", m.nClasses]),
      ],
    },
  };
}

function exportAutoencoder(model: Estimator): OnnxModel {
  if (!model.fitted) throw new NotFittedError(model.kind);
  const m = model as Autoencoder;
  const net = m.network;
  const d = net.inSize;
  const g = new GraphBuilder();
  const centred = g.op("Sub", [ONNX_INPUT, g.floats("mean", [1, d], m.scale.mean)]);
  const z = g.op("Div", [centred, g.floats("std", [1, d], m.scale.std)]);
  let x = z;
  for (const l of net.layers) x = emitLayer(g, l, x);
  const e = g.op("Sub", [x, z]);
  const sq = g.op("Mul", [e, e]);
  g.op("ReduceMean", [sq], [attr.ints("axes", [1]), attr.int("keepdims", 0)], ONNX_SCORE);
  return {
    opsets: OPSETS,
    docString: "vigil autoencoder",
    graph: {
      name: "autoencoder",
      nodes: g.nodes,
      initializers: g.inits,
      inputs: [tensorInfo(ONNX_INPUT, DataType.FLOAT, ["N", d])],
      outputs: [tensorInfo(ONNX_SCORE, DataType.FLOAT, ["N"])],
    },
  };
}

for (const kind of ["mlp", "cnn1d", "dbn", "lstm", "gru"]) registerOnnxExporter(kind, exportClassifier);
registerOnnxExporter("autoencoder", exportAutoencoder);
