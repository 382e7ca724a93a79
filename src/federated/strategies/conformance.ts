/**
 * The shared suite every aggregation strategy passes (DESIGN.md convention 2): shape, no mutation of
 * inputs, determinism, order invariance, checkpointable state, typed errors, and, for the robust rules,
 * staying inside the honest clients' range when a minority sends huge updates.
 */
import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import type { ClientUpdate, Strategy } from "./strategy.js";

export interface StrategyTraits {
  /** One identical delta from every client gives exactly global + delta. */
  meanLike?: boolean;
  /** Tolerates `byzantine` of `clients` arbitrary updates (stays within the honest range). */
  robust?: { clients: number; byzantine: number };
}

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function updates(n: number, d: number, seed: number): ClientUpdate[] {
  const r = rand(seed);
  return Array.from({ length: n }, (_, k) => ({
    clientId: `c${k}`,
    delta: Float32Array.from({ length: d }, () => r() - 0.5),
    numExamples: 10 + Math.floor(r() * 90),
  }));
}

export function runStrategyConformance(
  label: string,
  make: () => Strategy,
  traits: StrategyTraits = {},
): void {
  describe(`strategy conformance: ${label}`, () => {
    const d = 17;
    const global = Float32Array.from({ length: d }, (_, i) => i / 10);

    it("returns a new finite vector of the model's length and leaves its inputs alone", () => {
      const ups = updates(7, d, 1);
      const before = ups.map((u) => u.delta.slice());
      const g0 = global.slice();
      const out = make().aggregate(global, ups, 1);
      expect(out).toBeInstanceOf(Float32Array);
      expect(out.length).toBe(d);
      expect(out).not.toBe(global);
      for (const v of out) expect(Number.isFinite(v)).toBe(true);
      expect(global).toEqual(g0);
      ups.forEach((u, k) => {
        expect(u.delta).toEqual(before[k]);
      });
    });

    it("is deterministic and does not depend on the order of the updates", () => {
      const ups = updates(7, d, 2);
      const a = make().aggregate(global, ups, 1);
      const b = make().aggregate(global, [...ups].reverse(), 1);
      for (let i = 0; i < d; i++) expect(b[i]).toBeCloseTo(a[i], 5);
    });

    it("moves every coordinate in the direction all clients agree on", () => {
      const ups = updates(7, d, 3).map((u) => ({ ...u, delta: u.delta.map((v) => Math.abs(v) + 0.01) }));
      const out = make().aggregate(global, ups, 1);
      for (let i = 0; i < d; i++) expect(out[i]).toBeGreaterThan(global[i]);
    });

    if (traits.meanLike) {
      it("gives global + delta when every client sends the same delta", () => {
        const [u] = updates(1, d, 4);
        const ups = Array.from({ length: 5 }, (_, k) => ({ ...u, clientId: `c${k}` }));
        const out = make().aggregate(global, ups, 1);
        for (let i = 0; i < d; i++) expect(out[i]).toBeCloseTo(global[i] + u.delta[i], 5);
      });
    }

    it("checkpoints its state: a restored copy continues exactly as the original", () => {
      const a = make();
      let g = a.aggregate(global, updates(6, d, 5), 1);
      const b = make();
      b.setState(a.getState());
      const next = updates(6, d, 6);
      const ga = a.aggregate(g, next, 2);
      const gb = b.aggregate(g, next, 2);
      expect(gb).toEqual(ga);
      g = ga;
    });

    it("rejects an empty round and a delta of the wrong length with typed errors", () => {
      expect(() => make().aggregate(global, [], 1)).toThrow(VigilError);
      const bad = updates(4, d, 7);
      bad[2] = { ...bad[2], delta: new Float32Array(d - 1) };
      try {
        make().aggregate(global, bad, 1);
        expect.unreachable();
      } catch (e) {
        expect((e as VigilError).code).toBe("E_SCHEMA");
        expect((e as VigilError).context.client).toBe("c2");
      }
    });

    const robust = traits.robust;
    if (robust !== undefined) {
      it(`stays within the honest range with ${robust.byzantine} of ${robust.clients} huge updates`, () => {
        const ups = updates(robust.clients, d, 8);
        for (let k = 0; k < robust.byzantine; k++) {
          ups[k] = { ...ups[k], delta: new Float32Array(d).fill(k % 2 === 0 ? 1e6 : -1e6), numExamples: 1e6 };
        }
        const out = make().aggregate(global, ups, 1);
        for (let i = 0; i < d; i++) {
          const honest = ups.slice(robust.byzantine).map((u) => u.delta[i]);
          expect(out[i] - global[i]).toBeGreaterThanOrEqual(Math.min(...honest) - 1e-6);
          expect(out[i] - global[i]).toBeLessThanOrEqual(Math.max(...honest) + 1e-6);
        }
      });
    }
  });
}
