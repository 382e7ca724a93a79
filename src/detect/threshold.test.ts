import { describe, expect, it } from "vitest";
import { calibrateThreshold, normalQuantile } from "./threshold.js";

describe("calibrateThreshold", () => {
  it("keeps at most targetFpr of the calibration scores above the threshold", () => {
    const scores = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const t = calibrateThreshold(scores, 0.01);
    expect(scores.filter((s) => s > t).length).toBe(10);
    expect(t).toBe(0.989);
  });
  it("uses the largest score when there are too few scores for the target", () => {
    expect(calibrateThreshold([3, 1, 2], 0.01)).toBe(3);
  });
  it("log-normal fit extrapolates above the median", () => {
    const scores = Array.from({ length: 500 }, (_, i) => Math.exp(Math.sin(i) * 0.5));
    const t = calibrateThreshold(scores, 0.001, "lognormal");
    expect(t).toBeGreaterThan(Math.exp(0.5 * 1.5));
  });
  it("rejects a target outside (0, 1) and empty input", () => {
    expect(() => calibrateThreshold([1], 0)).toThrow(/false-positive/);
    expect(() => calibrateThreshold([], 0.1)).toThrow(/no finite scores/);
  });
  it("normal quantile matches known values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 7);
  });
});
