/**
 * Elementwise activations: relu, tanh, sigmoid (logistic), identity. No parameters.
 */
import type { Layer } from "./layer.js";

export type ActivationName = "relu" | "tanh" | "sigmoid";

export class Activation implements Layer {
  readonly paramCount = 0;
  readonly bufferCount = 0;
  readonly inSize: number;
  readonly outSize: number;

  constructor(
    readonly name: ActivationName,
    size: number,
  ) {
    this.inSize = size;
    this.outSize = size;
  }

  scratchSize(): number {
    return 0;
  }

  bind(): void {}

  init(): void {}

  forward(x: Float32Array, y: Float32Array, n: number): void {
    const len = n * this.inSize;
    if (this.name === "relu") {
      for (let i = 0; i < len; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : 0;
      }
    } else if (this.name === "tanh") {
      for (let i = 0; i < len; i++) y[i] = Math.tanh(x[i]);
    } else {
      for (let i = 0; i < len; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
    }
  }

  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array | null, n: number): void {
    if (dx === null) return;
    const len = n * this.inSize;
    if (this.name === "relu") {
      for (let i = 0; i < len; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    } else if (this.name === "tanh") {
      for (let i = 0; i < len; i++) {
        const t = y[i];
        dx[i] = dy[i] * (1 - t * t);
      }
    } else {
      for (let i = 0; i < len; i++) {
        const s = y[i];
        dx[i] = dy[i] * s * (1 - s);
      }
    }
  }
}
