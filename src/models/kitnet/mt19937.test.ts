import { describe, expect, it } from "vitest";
import { Mt19937 } from "./mt19937.js";

describe("Mt19937 (numpy RandomState legacy seeding)", () => {
  it("reproduces numpy's random_sample and uniform for seed 1234", () => {
    // /usr/bin/python3 -c "import numpy as np; r=np.random.RandomState(1234); print(r.random_sample(3))"  (numpy 1.24)
    const r = new Mt19937(1234);
    expect(r.nextDouble()).toBe(0.1915194503788923);
    expect(r.nextDouble()).toBe(0.6221087710398319);
    expect(r.nextDouble()).toBe(0.4377277390071145);
    // np.random.RandomState(1234).uniform(-0.1, 0.1, size=(2,3)).tolist()
    const u = new Mt19937(1234);
    const got = Array.from(u.uniform(-0.1, 0.1, 6));
    expect(got).toEqual([
      -0.061696109924221545, 0.02442175420796637, -0.012454452198577104, 0.05707171674275385,
      0.0559951616237607, -0.04548147894347168,
    ]);
  });
});
