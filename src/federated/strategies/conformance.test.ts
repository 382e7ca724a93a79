import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { runStrategyConformance } from "./conformance.js";
import { createStrategy, STRATEGY_NAMES } from "./index.js";

runStrategyConformance("fedavg", () => createStrategy({ name: "fedavg" }), { meanLike: true });
runStrategyConformance(
  "fedavg (unweighted)",
  () => createStrategy({ name: "fedavg", params: { weighted: false } }),
  {
    meanLike: true,
  },
);
runStrategyConformance("fedprox", () => createStrategy({ name: "fedprox", params: { mu: 0.1 } }), {
  meanLike: true,
});
runStrategyConformance("fedavgm", () => createStrategy({ name: "fedavgm" }), { meanLike: true });
runStrategyConformance("fedadam", () => createStrategy({ name: "fedadam" }));
runStrategyConformance("fedyogi", () => createStrategy({ name: "fedyogi" }));
runStrategyConformance("krum", () => createStrategy({ name: "krum", params: { f: 2 } }), {
  meanLike: true,
  robust: { clients: 9, byzantine: 2 },
});
runStrategyConformance("multi-krum", () => createStrategy({ name: "multi-krum", params: { f: 2 } }), {
  meanLike: true,
  robust: { clients: 9, byzantine: 2 },
});
runStrategyConformance("median", () => createStrategy({ name: "median" }), {
  meanLike: true,
  robust: { clients: 9, byzantine: 4 },
});
runStrategyConformance(
  "trimmed-mean",
  () => createStrategy({ name: "trimmed-mean", params: { beta: 0.3 } }),
  {
    meanLike: true,
    robust: { clients: 10, byzantine: 3 },
  },
);
runStrategyConformance("bulyan", () => createStrategy({ name: "bulyan", params: { f: 2 } }), {
  meanLike: true,
  robust: { clients: 11, byzantine: 2 },
});
runStrategyConformance("centered-clip", () => createStrategy({ name: "centered-clip" }), {
  meanLike: true,
  robust: { clients: 10, byzantine: 3 },
});
// weighted: attackers claiming huge counts get weightCap x the median weight each, and centered
// clipping bounds their pull in L2 (w tau each), not per coordinate: no coordinate-range trait here
runStrategyConformance(
  "centered-clip (weighted)",
  () => createStrategy({ name: "centered-clip", params: { weighted: true } }),
  { meanLike: true },
);
runStrategyConformance(
  "multi-krum (weighted)",
  () => createStrategy({ name: "multi-krum", params: { f: 2, weighted: true } }),
  {
    meanLike: true,
    robust: { clients: 9, byzantine: 2 },
  },
);
runStrategyConformance(
  "median + norm clipping",
  () => createStrategy({ name: "median", params: { clipNorm: 0.5 } }),
  {
    robust: { clients: 9, byzantine: 4 },
  },
);

describe("strategy registry and specific rules", () => {
  it("names every strategy and rejects unknown names and bad params as E_CONFIG", () => {
    expect(STRATEGY_NAMES).toEqual(
      expect.arrayContaining([
        "fedavg",
        "fedprox",
        "fedavgm",
        "fedadam",
        "fedyogi",
        "krum",
        "multi-krum",
        "median",
        "trimmed-mean",
        "bulyan",
      ]),
    );
    for (const bad of [
      { name: "nope" },
      { name: "krum", params: { f: -1 } },
      { name: "fedavg", params: { clipNorm: 0 } },
    ]) {
      try {
        createStrategy(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(VigilError);
        expect((e as VigilError).code).toBe("E_CONFIG");
      }
    }
  });

  it("FedAvg weights by examples; median and Krum pick the majority", () => {
    const g = new Float32Array(1);
    const ups = [
      { clientId: "a", delta: Float32Array.of(1), numExamples: 3 },
      { clientId: "b", delta: Float32Array.of(2), numExamples: 1 },
      { clientId: "c", delta: Float32Array.of(100), numExamples: 0.0001 },
    ];
    expect(createStrategy({ name: "fedavg" }).aggregate(g, ups.slice(0, 2), 1)[0]).toBeCloseTo(1.25, 6);
    expect(createStrategy({ name: "median" }).aggregate(g, ups, 1)[0]).toBe(2);
    const five = [0, 0.1, 0.2, 50, 0.15].map((v, k) => ({
      clientId: `c${k}`,
      delta: Float32Array.of(v),
      numExamples: 1,
    }));
    expect(createStrategy({ name: "krum", params: { f: 1 } }).aggregate(g, five, 1)[0]).toBeCloseTo(0.15, 6);
    expect(
      createStrategy({ name: "trimmed-mean", params: { beta: 0.2 } }).aggregate(g, five, 1)[0],
    ).toBeCloseTo(0.15, 6);
  });

  it("norm clipping bounds one client's pull", () => {
    const g = new Float32Array(2);
    const ups = [{ clientId: "a", delta: Float32Array.of(30, 40), numExamples: 1 }];
    const out = createStrategy({ name: "fedavg", params: { clipNorm: 5 } }).aggregate(g, ups, 1);
    expect(out[0]).toBeCloseTo(3, 5);
    expect(out[1]).toBeCloseTo(4, 5);
  });

  it("FedAvgM with momentum 0 is FedAvg; with momentum it accumulates", () => {
    const g = new Float32Array(1);
    const ups = [{ clientId: "a", delta: Float32Array.of(1), numExamples: 1 }];
    const m = createStrategy({ name: "fedavgm", params: { momentum: 0.5 } });
    const g1 = m.aggregate(g, ups, 1);
    expect(g1[0]).toBeCloseTo(1, 6);
    expect(m.aggregate(g1, ups, 2)[0]).toBeCloseTo(2.5, 6);
  });

  it("weighted Multi-Krum averages the kept updates by capped example counts", () => {
    const g = new Float32Array(1);
    const ups = [0, 0.1, 0.2, 50, 0.15].map((v, k) => ({
      clientId: `c${k}`,
      delta: Float32Array.of(v),
      numExamples: [100, 100, 300, 100, 10_000][k],
    }));
    // f = 1 drops the 50; counts capped at 2 x the median count (100): weights 100, 100, 200, 200
    const out = createStrategy({
      name: "multi-krum",
      params: { f: 1, weighted: true, weightCap: 2 },
    }).aggregate(g, ups, 1);
    expect(out[0]).toBeCloseTo((0 * 100 + 0.1 * 100 + 0.2 * 200 + 0.15 * 200) / 600, 6);
  });

  it("centered clipping bounds each update's pull to tau around the median", () => {
    const g = new Float32Array(1);
    const ups = [1, 1, 1, 1, 1000].map((v, k) => ({
      clientId: `c${k}`,
      delta: Float32Array.of(v),
      numExamples: 1,
    }));
    const out = createStrategy({ name: "centered-clip", params: { tau: 2, iterations: 1 } }).aggregate(
      g,
      ups,
      1,
    );
    // centre 1 (the median); the outlier moves it by tau / n = 0.4
    expect(out[0]).toBeCloseTo(1.4, 5);
  });
});
