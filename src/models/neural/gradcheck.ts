/**
 * Finite-difference gradient checks for layers (used by the layer tests): the loss is a fixed random
 * projection L = sum(output * R), so dL/doutput = R; analytic parameter and input gradients from
 * backward are compared with central differences (float64 accumulation of float32 forward passes).
 * Dropout draws the same mask in every pass (the noise stream is re-seeded before each forward).
 */
import { Rng } from "../tree/random.js";
import type { Layer } from "./layers/layer.js";
import { Network } from "./network.js";

export interface GradCheckResult {
  /** Largest |analytic - numeric| / max(1e-2, |analytic| + |numeric|) over checked entries. */
  paramError: number;
  inputError: number;
  checkedParams: number;
}

export function gradCheck(
  layers: Layer[],
  o: { rows: number; seed?: number; training?: boolean; eps?: number; maxParams?: number; useWasm?: boolean },
): GradCheckResult {
  const seed = o.seed ?? 1;
  const training = o.training ?? true;
  const eps = o.eps ?? 1e-2;
  const net = new Network(layers, o.rows, o.useWasm ?? true);
  net.init(seed);
  const rng = new Rng(seed + 1);
  const n = o.rows;
  const x = new Float32Array(n * net.inSize);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const R = new Float32Array(n * net.outSize);
  for (let i = 0; i < R.length; i++) R[i] = rng.normal();
  const loss = (): number => {
    net.input.set(x);
    net.seedNoise(99);
    const out = net.forward(n, training);
    let s = 0;
    for (let i = 0; i < R.length; i++) s += out[i] * R[i];
    return s;
  };
  loss();
  net.zeroGrads();
  net.outputGrad.set(R);
  net.backward(n, true);
  const gParams = net.grads.slice();
  const gInput = net.inputGrad.slice(0, x.length);
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-2, Math.abs(a) + Math.abs(b));
  let paramError = 0;
  const stride = Math.max(1, Math.floor(net.params.length / (o.maxParams ?? 200)));
  let checked = 0;
  const buffers = net.buffers.slice();
  for (let i = 0; i < net.params.length; i += stride) {
    const v = net.params[i];
    net.params[i] = v + eps;
    const lp = loss();
    net.params[i] = v - eps;
    const lm = loss();
    net.params[i] = v;
    net.buffers.set(buffers);
    paramError = Math.max(paramError, rel(gParams[i], (lp - lm) / (2 * eps)));
    checked++;
  }
  let inputError = 0;
  const xStride = Math.max(1, Math.floor(x.length / 200));
  for (let i = 0; i < x.length; i += xStride) {
    const v = x[i];
    x[i] = v + eps;
    const lp = loss();
    x[i] = v - eps;
    const lm = loss();
    x[i] = v;
    net.buffers.set(buffers);
    inputError = Math.max(inputError, rel(gInput[i], (lp - lm) / (2 * eps)));
  }
  return { paramError, inputError, checkedParams: checked };
}
