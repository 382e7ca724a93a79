import { describe, expect, it } from "vitest";
import { BehaviourTracker, DEFAULT_BEHAVIOUR, RunningScale } from "./behaviour.js";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe("behaviour change", () => {
  it("stays quiet on a stationary device and alerts once on a lasting jump", () => {
    const r = rng(3);
    const t = new BehaviourTracker(DEFAULT_BEHAVIOUR);
    const win = (shift: number) => Float32Array.from({ length: 20 }, () => shift + (r() - 0.5) * 0.6);
    let alerts = 0;
    for (let i = 0; i < 200; i++) if (t.update(win(0))) alerts++;
    expect(alerts).toBe(0);
    const at: number[] = [];
    for (let i = 0; i < 50; i++) if (t.update(win(4))) at.push(i);
    expect(at).toEqual([DEFAULT_BEHAVIOUR.consecutive - 1]);
  });

  it("does not alert during warm-up", () => {
    const t = new BehaviourTracker(DEFAULT_BEHAVIOUR);
    let alerts = 0;
    for (let i = 0; i < DEFAULT_BEHAVIOUR.warmup; i++)
      if (t.update(Float32Array.of(i % 2 === 0 ? 0 : 50))) alerts++;
    expect(alerts).toBe(0);
  });

  it("standardizes with a running mean and standard deviation", () => {
    const s = new RunningScale(2);
    for (const x of [1, 2, 3, 4, 5]) s.add(Float32Array.of(x, Number.NaN));
    const z = s.standardize(Float32Array.of(3 + Math.sqrt(2.5), Number.NaN), new Float32Array(2));
    expect(z[0]).toBeCloseTo(1, 5);
    expect(z[1]).toBe(0);
  });
});
