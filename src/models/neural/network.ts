/**
 * A sequential network on one Arena: the flat parameter vector (layer by layer, each in its documented
 * order), the same-shaped gradient vector, non-trainable buffers (batch-norm statistics), and one
 * activation and one activation-gradient buffer per layer boundary, all sized for `maxBatch` rows.
 * Callers write a batch into `input`, call forward, write d loss / d output into `outputGrad`, call
 * backward; gradients accumulate until zeroGrads().
 */
import { Rng } from "../tree/random.js";
import { Arena } from "./gemm.js";
import type { Layer } from "./layers/layer.js";

export class Network {
  readonly arena: Arena;
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly buffers: Float32Array;
  readonly acts: Float32Array[];
  readonly dacts: Float32Array[];
  readonly inSize: number;
  readonly outSize: number;
  private readonly ctx: { arena: Arena; maxBatch: number; rng: Rng };

  constructor(
    readonly layers: Layer[],
    readonly maxBatch: number,
    useWasm = true,
  ) {
    if (layers.length === 0) throw new RangeError("a network needs at least one layer");
    for (let i = 1; i < layers.length; i++) {
      if (layers[i].inSize !== layers[i - 1].outSize) {
        throw new RangeError(
          `layer ${i} (${layers[i].name}) takes ${layers[i].inSize} values but layer ${i - 1} gives ${layers[i - 1].outSize}`,
        );
      }
    }
    const nParams = layers.reduce((s, l) => s + l.paramCount, 0);
    const nBuffers = layers.reduce((s, l) => s + l.bufferCount, 0);
    let floats = 2 * Arena.size(nParams) + Arena.size(nBuffers);
    floats += 2 * Arena.size(maxBatch * layers[0].inSize);
    for (const l of layers) floats += 2 * Arena.size(maxBatch * l.outSize) + l.scratchSize(maxBatch);
    this.arena = new Arena(floats, useWasm);
    this.params = this.arena.alloc(nParams);
    this.grads = this.arena.alloc(nParams);
    this.buffers = this.arena.alloc(nBuffers);
    this.inSize = layers[0].inSize;
    this.outSize = layers[layers.length - 1].outSize;
    this.acts = [this.arena.alloc(maxBatch * this.inSize)];
    this.dacts = [this.arena.alloc(maxBatch * this.inSize)];
    for (const l of layers) {
      this.acts.push(this.arena.alloc(maxBatch * l.outSize));
      this.dacts.push(this.arena.alloc(maxBatch * l.outSize));
    }
    this.ctx = { arena: this.arena, maxBatch, rng: new Rng(0) };
    let p = 0;
    let b = 0;
    for (const l of layers) {
      l.bind(
        this.params.subarray(p, p + l.paramCount),
        this.grads.subarray(p, p + l.paramCount),
        this.buffers.subarray(b, b + l.bufferCount),
        this.ctx,
      );
      p += l.paramCount;
      b += l.bufferCount;
    }
  }

  /** Initialises all parameters from `seed`, and seeds the dropout stream. */
  init(seed: number): void {
    const rng = new Rng(seed);
    for (const l of this.layers) l.init(rng);
    this.ctx.rng = new Rng(seed ^ 0x5bd1e995);
  }

  /** Re-seeds the stream dropout masks are drawn from. */
  seedNoise(seed: number): void {
    this.ctx.rng = new Rng(seed);
  }

  get input(): Float32Array {
    return this.acts[0];
  }

  get output(): Float32Array {
    return this.acts[this.acts.length - 1];
  }

  get outputGrad(): Float32Array {
    return this.dacts[this.dacts.length - 1];
  }

  get inputGrad(): Float32Array {
    return this.dacts[0];
  }

  forward(n: number, training: boolean): Float32Array {
    const L = this.layers.length;
    for (let i = 0; i < L; i++) this.layers[i].forward(this.acts[i], this.acts[i + 1], n, training);
    return this.output;
  }

  /** Back-propagates outputGrad; the input gradient (inputGrad) only when asked. */
  backward(n: number, needInputGrad = false): void {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const dx = i > 0 || needInputGrad ? this.dacts[i] : null;
      this.layers[i].backward(this.acts[i], this.acts[i + 1], this.dacts[i + 1], dx, n);
    }
  }

  zeroGrads(): void {
    this.grads.fill(0);
  }

  /**
   * Runs rows of X (row-major, inSize per row) through the network in chunks of maxBatch (inference
   * mode) and calls `each(out, start, n)` with the output view for rows [start, start+n).
   */
  run(x: Float32Array, rows: number, each: (out: Float32Array, start: number, n: number) => void): void {
    const d = this.inSize;
    for (let start = 0; start < rows; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, rows - start);
      this.input.set(x.subarray(start * d, (start + n) * d));
      each(this.forward(n, false), start, n);
    }
  }
}
