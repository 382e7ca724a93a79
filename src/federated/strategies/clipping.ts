/**
 * Norm clipping in front of any strategy: each client delta is scaled to L2 norm <= maxNorm before the
 * inner strategy sees it (bounds what one client, honest or not, can move the model per round).
 */
import { clipInPlace } from "../vector.js";
import type { ClientUpdate, Strategy } from "./strategy.js";

export class NormClipped implements Strategy {
  readonly name: string;

  constructor(
    private readonly inner: Strategy,
    private readonly maxNorm: number,
  ) {
    this.name = `${inner.name}+clip`;
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[], round: number): Float32Array {
    const clipped = updates.map((u) => {
      const delta = u.delta.slice();
      clipInPlace(delta, this.maxNorm);
      return { ...u, delta };
    });
    return this.inner.aggregate(global, clipped, round);
  }

  clientConfig(): { proximalMu: number } {
    return this.inner.clientConfig();
  }

  getState(): Record<string, Float32Array> {
    return this.inner.getState();
  }

  setState(state: Record<string, Float32Array>): void {
    this.inner.setState(state);
  }
}
