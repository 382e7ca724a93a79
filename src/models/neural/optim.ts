/**
 * Optimisers over a flat parameter vector: Adam (Kingma & Ba, with PyTorch's defaults beta1 0.9,
 * beta2 0.999, eps 1e-8, bias correction) and SGD with momentum (PyTorch's form v = mu*v + g,
 * theta -= lr*v). Decoupled from layers: one step updates the whole vector from the gradient vector.
 */
export type OptimizerName = "adam" | "sgd";

export interface Optimizer {
  step(params: Float32Array, grads: Float32Array): void;
}

export class Adam implements Optimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    size: number,
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  step(params: Float32Array, grads: Float32Array): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const stepSize = this.lr / c1;
    const sc2 = Math.sqrt(c2);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const mi = b1 * m[i] + (1 - b1) * g;
      const vi = b2 * v[i] + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (stepSize * mi) / (Math.sqrt(vi) / sc2 + eps);
    }
  }
}

export class Sgd implements Optimizer {
  private readonly vel: Float32Array;

  constructor(
    size: number,
    private readonly lr: number,
    private readonly momentum = 0.9,
  ) {
    this.vel = new Float32Array(size);
  }

  step(params: Float32Array, grads: Float32Array): void {
    const { vel, momentum, lr } = this;
    for (let i = 0; i < params.length; i++) {
      const v = momentum * vel[i] + grads[i];
      vel[i] = v;
      params[i] -= lr * v;
    }
  }
}

export function makeOptimizer(name: OptimizerName, size: number, lr: number): Optimizer {
  return name === "adam" ? new Adam(size, lr) : new Sgd(size, lr);
}
