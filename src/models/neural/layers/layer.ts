/**
 * The layer contract of vigil's neural core. Activations are batch-major, row-major Float32Arrays:
 * sample s of a batch occupies [s*size, (s+1)*size) (a sequence of T steps x C channels is flattened
 * time-major, t*C + c). A layer owns `paramCount` trainable floats (a view into the network's flat
 * parameter vector, in the order the layer documents) and the same-sized gradient view; backward
 * ACCUMULATES parameter gradients (the network zeroes them per step) and writes (overwrites) dx.
 */
import type { Rng } from "../../tree/random.js";
import type { Arena } from "../gemm.js";

export interface LayerContext {
  arena: Arena;
  /** Largest batch any forward call will see. */
  maxBatch: number;
  /** The network's random source (dropout masks), re-seeded per fit. */
  rng: Rng;
}

export interface Layer {
  readonly name: string;
  /** Floats per sample in and out. */
  readonly inSize: number;
  readonly outSize: number;
  readonly paramCount: number;
  /** Floats of non-trainable state saved with the model (batch-norm running statistics). */
  readonly bufferCount: number;
  /** Floats of arena scratch the layer needs for batches of maxBatch rows (Arena.size-rounded). */
  scratchSize(maxBatch: number): number;
  /** Called once: parameter and gradient views, the state buffer view, and the context for scratch. */
  bind(params: Float32Array, grads: Float32Array, buffers: Float32Array, ctx: LayerContext): void;
  /** Initial parameters (and buffers). */
  init(rng: Rng): void;
  forward(x: Float32Array, y: Float32Array, n: number, training: boolean): void;
  /** dy: d loss / d y (n x outSize). dx null: the input gradient is not needed. */
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void;
}

/** Uniform(-limit, limit) fill, limit = gain * sqrt(6 / (fanIn + fanOut)) (Glorot/Xavier uniform). */
export function glorot(w: Float32Array, fanIn: number, fanOut: number, rng: Rng, gain = 1): void {
  const limit = gain * Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < w.length; i++) w[i] = (rng.float() * 2 - 1) * limit;
}

/** Uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)) fill (PyTorch's default for Linear / LSTM / Conv). */
export function uniformFanIn(w: Float32Array, fanIn: number, rng: Rng): void {
  const limit = 1 / Math.sqrt(Math.max(1, fanIn));
  for (let i = 0; i < w.length; i++) w[i] = (rng.float() * 2 - 1) * limit;
}
