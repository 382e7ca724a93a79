import { describe, expect, it } from "vitest";
import { Adasyn } from "./adasyn.js";
import { BorderlineSmote } from "./borderline-smote.js";
import { imbalancedFixture, runSamplerConformance } from "./conformance.js";
import { GanOverSampler } from "./gan.js";
import { parseSamplerOption, SAMPLER_NAMES } from "./index.js";
import { RandomOverSampler } from "./random-over.js";
import { RandomUnderSampler } from "./random-under.js";
import { Smote } from "./smote.js";

runSamplerConformance("random-over", () => new RandomOverSampler(), {
  kind: "over",
  balances: true,
  withinClassBox: true,
});
runSamplerConformance("random-under", () => new RandomUnderSampler(), { kind: "under", balances: true });
runSamplerConformance("smote", () => new Smote(), { kind: "over", balances: true, withinClassBox: true });
runSamplerConformance("borderline-smote", () => new BorderlineSmote(), {
  kind: "over",
  withinClassBox: true,
});
runSamplerConformance("adasyn", () => new Adasyn(), { kind: "over", balances: true, withinClassBox: true });

runSamplerConformance("gan", () => new GanOverSampler({ gan: { epochs: 20 } }), {
  kind: "over",
  balances: true,
  withinClassBox: true,
});

describe("sampler specifics", () => {
  const { X, y } = imbalancedFixture();

  it("SMOTE rows lie on a segment between two same-class input rows", () => {
    const out = new Smote({ k: 3 }).resample(X, y, 9);
    const cols = X.cols;
    for (let r = X.rows; r < out.X.rows; r += 7) {
      const v = out.X.data.subarray(r * cols, (r + 1) * cols);
      let found = false;
      for (let a = 0; a < X.rows && !found; a++) {
        if (y[a] !== out.y[r]) continue;
        for (let b = 0; b < X.rows && !found; b++) {
          if (y[b] !== out.y[r] || b === a) continue;
          const lam = (v[0] - X.data[a * cols]) / (X.data[b * cols] - X.data[a * cols]);
          if (!(lam >= 0 && lam <= 1)) continue;
          const ok1 =
            Math.abs(X.data[a * cols + 1] + lam * (X.data[b * cols + 1] - X.data[a * cols + 1]) - v[1]) <
            1e-4;
          found = ok1;
        }
      }
      expect(found).toBe(true);
    }
  });

  it("random-under keeps maxPerClass rows of big classes", () => {
    const out = new RandomUnderSampler({ maxPerClass: 30 }).resample(X, y, 1);
    const c = [0, 0, 0];
    for (const v of out.y) c[v]++;
    expect(c).toEqual([30, 30, 8]);
  });

  it("ratio < 1 raises minorities part way", () => {
    const out = new Smote({ ratio: 0.5 }).resample(X, y, 1);
    const c = [0, 0, 0];
    for (const v of out.y) c[v]++;
    expect(c).toEqual([200, 100, 100]);
  });

  it("borderline-smote seeds only from rows with other-class neighbours", () => {
    const out = new BorderlineSmote().resample(X, y, 1);
    expect(out.X.rows).toBeGreaterThanOrEqual(X.rows);
  });

  it("parses the --augment option", () => {
    expect(parseSamplerOption("smote").name).toBe("smote");
    expect(parseSamplerOption('adasyn:{"k":3}').name).toBe("adasyn");
    expect(() => parseSamplerOption("nope")).toThrow(/unknown sampler/);
    expect(() => parseSamplerOption("smote:{bad")).toThrow(/not valid JSON/);
    expect(() => parseSamplerOption('smote:{"q":1}')).toThrow(/bad params/);
    expect(SAMPLER_NAMES).toContain("gan");
  });
});
