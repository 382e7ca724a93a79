import { describe, expect, it } from "vitest";
import { CompatIncStatTable } from "./inc-stat-table.js";

describe("compat damped statistics (Kitsune incStat)", () => {
  it("match damped sums from scratch, with the 1e-20 start weight and variance in the std column", () => {
    const table = new CompatIncStatTable();
    const out = new Float64Array(3);
    const events = [
      { t: 100, v: 60 },
      { t: 100, v: 1500 },
      { t: 100.25, v: 60 },
      { t: 103, v: 590 },
    ];
    const lambda = 1;
    for (const e of events) table.update1D("10.0.0.1", e.t, e.v, lambda, "1", false, out, 0);
    const now = 103;
    let w = 1e-20 * 2 ** (-lambda * (now - 100));
    let s1 = 0;
    let s2 = 0;
    for (const e of events) {
      const f = 2 ** (-lambda * (now - e.t));
      w += f;
      s1 += f * e.v;
      s2 += f * e.v * e.v;
    }
    const mean = s1 / w;
    expect(out[0]).toBeCloseTo(w, 12);
    expect(out[1] / mean).toBeCloseTo(1, 12);
    expect(out[2] / Math.abs(s2 / w - mean * mean)).toBeCloseTo(1, 9); // a variance, named "std"
  });

  it("updates an existing link twice per packet (w3 += 2) and a new one once", () => {
    const table = new CompatIncStatTable();
    const out = new Float64Array(7);
    table.update1D2D("a", "b", 1, 100, 5, "5", out, 0);
    const link = table.register("a", 5, "5", 1, false).findLink("b")!;
    expect(link.w3).toBeCloseTo(1, 12);
    table.update1D2D("a", "b", 1, 200, 5, "5", out, 0);
    expect(link.w3).toBeCloseTo(3, 12);
  });
});
