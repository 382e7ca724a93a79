import { describe, expect, it } from "vitest";
import { describeWithShared, SHARED_DIR } from "../../test/helpers/shared.js";
import { Rng } from "../models/tree/random.js";
import type { Matrix } from "../table/matrix.js";
import { runZeroDay } from "./zero-day.js";
import { defaultDetectorSpecs } from "./zero-day-detectors.js";
import { zeroDayMarkdown } from "./zero-day-report.js";
import { runZeroDayOnDataset } from "./zero-day-run.js";

/**
 * benign: a, b ~ N(0, 1), c = a + small noise, d = b + small noise (a 2-d principal plane); "far" =
 * a benign draw with c + 8 and d - 8 (off the plane, far from every benign row); "twin" = drawn exactly
 * like benign.
 */
function synthetic(seed: number) {
  const rng = new Rng(seed);
  const perClass = [3000, 800, 800];
  const n = perClass.reduce((a, b) => a + b, 0);
  const d = 4;
  const data = new Float32Array(n * d);
  const y = new Int32Array(n);
  let r = 0;
  perClass.forEach((count, c) => {
    for (let i = 0; i < count; i++, r++) {
      y[r] = c;
      const a = rng.normal();
      const b = rng.normal();
      data[r * d] = a;
      data[r * d + 1] = b;
      data[r * d + 2] = a + 0.1 * rng.normal() + (c === 1 ? 8 : 0);
      data[r * d + 3] = b + 0.1 * rng.normal() - (c === 1 ? 8 : 0);
    }
  });
  const X: Matrix = { rows: n, cols: d, data };
  return { X, y, classes: ["benign", "far", "twin"], benignClass: 0, featureNames: ["a", "b", "c", "d"] };
}

describe("zero-day protocol (synthetic families with known answers)", () => {
  const input = synthetic(1);
  const specs = defaultDetectorSpecs(0, []).filter((s) => s.kind !== "gmm");
  const r = runZeroDay(input, {
    detectors: specs,
    supervised: { name: "decision-tree", spec: { kind: "decision-tree", params: { seed: 0 } } },
  });

  it("splits the rows once: detectors fit on benign fit rows only", () => {
    expect(r.protocol.rows.fit + r.protocol.rows.validation + r.protocol.rows.test).toBe(input.X.rows);
    expect(r.protocol.rows.benignFit).toBe(1800);
    expect(r.detectors.map((d) => d.fitRows)).toEqual(specs.map(() => 1800));
  });

  it("an off-plane family is detected; a benign twin only at about the false-positive rate", () => {
    const far = r.families.find((f) => f.family === "far");
    const twin = r.families.find((f) => f.family === "twin");
    for (const d of r.detectors) {
      expect(d.error).toBeUndefined();
      // an isolation tree sends a value beyond the training range down the path of the most extreme
      // training rows, so the forest scores such rows like the benign tail (a known limitation): it
      // catches only a part of the family, still more than of the twin
      const floor = d.kind === "isolation-forest" ? (twin?.detection[d.name] ?? 1) + 0.02 : 0.99;
      expect({ name: d.name, caught: (far?.detection[d.name] ?? 0) > floor }).toEqual({
        name: d.name,
        caught: true,
      });
      expect(twin?.detection[d.name]).toBeLessThan(0.05);
      expect(d.benignTestFpr).toBeLessThan(0.04);
    }
  });

  it("supervised rates partition the held-out rows; a twin family is missed as benign", () => {
    for (const f of r.families) {
      const s = f.supervised;
      expect(s).toBeDefined();
      if (s === undefined) continue;
      expect(s.attack + s.unknown + s.missed).toBeCloseTo(1, 12);
      expect(s.flagged).toBeCloseTo(s.attack + s.unknown, 12);
    }
    const twin = r.families.find((f) => f.family === "twin")?.supervised;
    expect(twin?.missed).toBeGreaterThan(0.8);
  });

  it("renders a Markdown table with one row per family", () => {
    const md = zeroDayMarkdown(r);
    expect(md).toContain("| far | 200 |");
    expect(md).toContain("| twin | 200 |");
    expect(md).toContain("isolation-forest DR@1.0% FPR");
  });

  it("rejects a family that is not an attack class", () => {
    expect(() => runZeroDay(input, { detectors: [], families: ["benign"] })).toThrow(/not an attack class/);
  });
});

describeWithShared("zero-day on the CICIoT2023 sample", ["datasets/ciciot2023-sample"], () => {
  it("holds out each family; flooding families are caught by the distance detectors", async () => {
    const run = await runZeroDayOnDataset({
      dataset: "ciciot2023-sample",
      sharedDir: SHARED_DIR,
      detectors: ["kmeans", "pca-detector", "rules"],
      supervised: "none",
      sample: 8000,
    });
    const fams = run.result.families.map((f) => f.family);
    expect(fams).toContain("DDoS");
    expect(fams).not.toContain("Benign");
    const ddos = run.result.families.find((f) => f.family === "DDoS");
    expect(ddos?.detection.kmeans).toBeGreaterThan(0.9);
    expect(ddos?.detection["pca-detector"]).toBeGreaterThan(0.9);
    for (const d of run.result.detectors) expect(d.benignTestFpr).toBeLessThan(0.08);
  });
});
