import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import { LogisticRegression } from "../models/linear/logistic.js";
import { takeRows } from "../table/matrix.js";
import "../models/bayes/gaussian-nb.js";
import { parseAttack, poisonData, poisonUpdate } from "./attacks.js";
import { instantiate, modelSha, signedLog1p } from "./model.js";
import { parsePartitionSpec, partitionRows } from "./partitions.js";
import { runSimulation, type SimulationData } from "./simulate.js";
import { blobs } from "./test-data.test-helper.js";
import { decodeVector, encodeVector } from "./vector.js";

function simData(nClients: number, alpha: number, seed = 1): SimulationData {
  const { X, y } = blobs(3000, 6, 3, seed, 1.5);
  const rows = Int32Array.from({ length: X.rows }, (_, i) => i);
  const parts = partitionRows({ kind: "dirichlet", alpha }, { rows, y, nClients, seed });
  return {
    X,
    y,
    nClasses: 3,
    clients: parts.map((p) => ({
      train: p.filter((_, i) => i % 4 !== 0),
      test: p.filter((_, i) => i % 4 === 0),
    })),
  };
}

describe("partitions", () => {
  const { y } = blobs(4000, 2, 4, 3);
  const rows = Int32Array.from({ length: y.length }, (_, i) => i);
  const groups = Int32Array.from({ length: y.length }, (_, i) => i % 13);
  const covers = (parts: Int32Array[]): void => {
    const all = parts.flatMap((p) => [...p]).sort((a, b) => a - b);
    expect(all).toEqual([...rows]);
  };
  const skew = (parts: Int32Array[]): number =>
    parts.reduce((s, p) => {
      const c = new Array(4).fill(0);
      for (const r of p) c[y[r]]++;
      return s + Math.max(...c) / p.length;
    }, 0) / parts.length;

  it("dirichlet covers every row once, keeps a minimum size, and is more skewed for smaller alpha", () => {
    const a01 = partitionRows({ kind: "dirichlet", alpha: 0.1 }, { rows, y, nClients: 8, seed: 1 });
    const a100 = partitionRows({ kind: "dirichlet", alpha: 100 }, { rows, y, nClients: 8, seed: 1 });
    covers(a01);
    covers(a100);
    for (const p of a01) expect(p.length).toBeGreaterThanOrEqual(10);
    expect(skew(a01)).toBeGreaterThan(0.6);
    expect(skew(a100)).toBeLessThan(0.35);
    expect(partitionRows({ kind: "dirichlet", alpha: 0.1 }, { rows, y, nClients: 8, seed: 1 })).toEqual(a01);
  });

  it("group keeps every group on one client; class-skew gives each client its classes; iid is balanced", () => {
    const g = partitionRows({ kind: "group" }, { rows, y, groups, nClients: 4, seed: 1 });
    covers(g);
    const owner = new Map<number, number>();
    g.forEach((p, k) => {
      for (const r of p) {
        expect(owner.get(groups[r]) ?? k).toBe(k);
        owner.set(groups[r], k);
      }
    });
    const cs = partitionRows({ kind: "class-skew", classesPerClient: 1 }, { rows, y, nClients: 4, seed: 2 });
    covers(cs);
    for (const p of cs) expect(new Set([...p].map((r) => y[r])).size).toBe(1);
    const iid = partitionRows({ kind: "iid" }, { rows, y, nClients: 7, seed: 1 });
    covers(iid);
    expect(Math.max(...iid.map((p) => p.length)) - Math.min(...iid.map((p) => p.length))).toBeLessThanOrEqual(
      1,
    );
  });

  it("rejects bad specs and impossible splits with E_CONFIG", () => {
    expect(parsePartitionSpec("dirichlet:0.3")).toEqual({ kind: "dirichlet", alpha: 0.3 });
    for (const bad of ["dirichlet", "dirichlet:-1", "class-skew:1.5", "shards"])
      expect(() => parsePartitionSpec(bad)).toThrow(VigilError);
    expect(() => partitionRows({ kind: "group" }, { rows, y, nClients: 2, seed: 1 })).toThrow(/groups/);
    expect(() => partitionRows({ kind: "group" }, { rows, y, groups, nClients: 14, seed: 1 })).toThrow(
      VigilError,
    );
  });
});

describe("model plumbing", () => {
  it("logistic regression exposes its parameters and continues training from them (FedProx term)", () => {
    const { X, y } = blobs(600, 4, 3, 5);
    const m = instantiate({
      kind: "logistic-regression",
      params: { learningRate: 0.05 },
      nFeatures: 4,
      nClasses: 3,
    });
    expect(m.getParameters()).toEqual(new Float32Array(15));
    m.partialFit(X, y, { epochs: 5, seed: 1 });
    const acc = (mm: LogisticRegression | typeof m): number =>
      mm.predict(X).filter((p, i) => p === y[i]).length / y.length;
    expect(acc(m)).toBeGreaterThan(0.9);
    const theta = m.getParameters();
    const fresh = instantiate(
      { kind: "logistic-regression", params: { learningRate: 0.05 }, nFeatures: 4, nClasses: 3 },
      theta,
    );
    const pa = fresh.predictProba(X).data;
    const pb = m.predictProba(X).data;
    expect(pa.reduce((mx, v, i) => Math.max(mx, Math.abs(v - pb[i])), 0)).toBeLessThan(1e-5);
    // a huge proximal weight pins the parameters to the start of the call
    const pinned = instantiate(
      { kind: "logistic-regression", params: { learningRate: 0.05 }, nFeatures: 4, nClasses: 3 },
      theta,
    );
    pinned.partialFit(
      X,
      y.map((v) => 2 - v),
      { epochs: 3, proximalMu: 1e4, seed: 2 },
    );
    const moved = pinned.getParameters().reduce((s, v, i) => s + Math.abs(v - theta[i]), 0);
    expect(moved).toBeLessThan(0.05 * theta.reduce((s, v) => s + Math.abs(v), 0));
    expect(() => m.setParameters(new Float32Array(3))).toThrow(VigilError);
    expect(() => instantiate({ kind: "gaussian-nb", params: {}, nFeatures: 4, nClasses: 3 })).toThrow(
      /ParameterVector/,
    );
    // fit (L-BFGS) still works and still matches what partialFit optimises
    const lb = new LogisticRegression().fit(X, y);
    expect(acc(lb)).toBeGreaterThan(0.9);
  });

  it("vectors round-trip through base64 and reject wrong lengths and non-finite values", () => {
    const v = Float32Array.of(1.5, -2, 3e-8);
    expect(decodeVector(encodeVector(v), "p", 3)).toEqual(v);
    expect(() => decodeVector(encodeVector(v), "p", 4)).toThrow(VigilError);
    expect(() => decodeVector({ ...encodeVector(v), length: 2 }, "p")).toThrow(/bytes/);
    expect(() => decodeVector(encodeVector(Float32Array.of(Number.NaN)), "p")).toThrow(/finite/);
    expect(modelSha({ kind: "a", params: { x: 1, y: 2 }, nFeatures: 2, nClasses: 2 })).toBe(
      modelSha({ kind: "a", params: { y: 2, x: 1 }, nFeatures: 2, nClasses: 2 }),
    );
    expect(
      signedLog1p({ rows: 1, cols: 3, data: Float32Array.of(Math.E - 1, -(Math.E - 1), Number.NaN) }).data[1],
    ).toBeCloseTo(-1, 6);
  });

  it("attacks poison data and updates as specified", () => {
    const d = Float32Array.of(1, -2);
    poisonUpdate(parseAttack({ kind: "sign-flip", scale: 3 }), d);
    expect([...d]).toEqual([-3, 6]);
    const { X, y } = blobs(10, 2, 2, 1);
    expect([...poisonData(parseAttack({ kind: "label-flip" }), X, y, 2, 0).y]).toEqual(
      [...y].map((v) => 1 - v),
    );
    const bd = poisonData(
      parseAttack({ kind: "backdoor", feature: 1, value: 9, targetClass: 0, poisonFraction: 1 }),
      X,
      y,
      2,
      0,
    );
    expect(bd.y.every((v) => v === 0)).toBe(true);
    expect(X.data[1]).not.toBe(9);
    expect(() => parseAttack({ kind: "sign-flip", scale: -1 })).toThrow(VigilError);
  });
});

describe("simulation", () => {
  const base = {
    model: { kind: "logistic-regression", params: { learningRate: 0.05 } },
    rounds: 8,
    clientsPerRound: 10,
    localEpochs: 1,
    seed: 3,
  };

  it("FedAvg learns on non-IID clients; 30% sign-flippers wreck it; the median resists", () => {
    // Dirichlet(1): at alpha 0.5 the coordinate-wise median stalls on these blobs (Multi-Krum does not)
    const data = simData(10, 1);
    const clean = runSimulation(data, { ...base, strategy: { name: "fedavg" } });
    expect(clean.finalMacroF1).toBeGreaterThan(0.9);
    expect(clean.rounds[0].bytesUp).toBeGreaterThan(10 * 15 * 4);
    const attack = parseAttack({ kind: "sign-flip", scale: 4 });
    const broken = runSimulation(data, {
      ...base,
      strategy: { name: "fedavg" },
      attack,
      attackFraction: 0.3,
    });
    expect(broken.attackers).toHaveLength(3);
    expect(broken.finalMacroF1).toBeLessThan(0.6);
    const median = runSimulation(data, {
      ...base,
      strategy: { name: "median" },
      attack,
      attackFraction: 0.3,
    });
    expect(median.finalMacroF1).toBeGreaterThan(clean.finalMacroF1 - 0.05);
  });

  it("a client learning-rate schedule scales each round's local step (decay 1 = constant)", () => {
    const data = simData(6, 1);
    const o = { ...base, rounds: 4, clientsPerRound: 6, strategy: { name: "fedavg" } };
    const constant = runSimulation(data, o);
    const same = runSimulation(data, { ...o, clientLrDecay: { decay: 1 } });
    expect(same.parameters).toEqual(constant.parameters);
    const decayed = runSimulation(data, { ...o, clientLrDecay: { decay: 0.3 } });
    const dist = (p: Float32Array) => Math.hypot(...p.map((v, i) => v - constant.parameters[i]));
    expect(dist(decayed.parameters)).toBeGreaterThan(1e-3);
    expect(() => runSimulation(data, { ...o, clientLrDecay: { decay: 1.5 } })).toThrow(/clientLrDecay/);
  });

  it("secure aggregation gives the same model as the plain unweighted mean; DP reports a growing epsilon", () => {
    const data = simData(6, 1);
    const plain = runSimulation(data, {
      ...base,
      rounds: 2,
      clientsPerRound: 6,
      strategy: { name: "fedavg", params: { weighted: false } },
    });
    const sa = runSimulation(data, {
      ...base,
      rounds: 2,
      clientsPerRound: 6,
      strategy: { name: "fedavg", params: { weighted: false } },
      secureAggregation: {},
    });
    const maxDiff = plain.parameters.reduce((m, v, i) => Math.max(m, Math.abs(v - sa.parameters[i])), 0);
    expect(maxDiff).toBeLessThan(1e-5);
    expect(() => runSimulation(data, { ...base, strategy: { name: "krum" }, secureAggregation: {} })).toThrow(
      VigilError,
    );
    const dp = runSimulation(data, {
      ...base,
      rounds: 3,
      clientsPerRound: 3,
      strategy: { name: "fedavg" },
      dp: { clipNorm: 1, noiseMultiplier: 1, delta: 1e-5 },
    });
    const eps = dp.rounds.map((r) => r.epsilon ?? 0);
    expect(eps[0]).toBeGreaterThan(0);
    expect(eps[2]).toBeGreaterThan(eps[0]);
    expect(dp.rounds[2].delta).toBe(1e-5);
  });
});

describe("federated bagging of trees", () => {
  it("merges the clients' forests into one model that predicts and round-trips through the registry", async () => {
    const { FederatedBagging, federatedForest } = await import("./trees/bagging.js");
    const { loadModel } = await import("../models/registry.js");
    const data = simData(3, 0.5);
    const bag = federatedForest(data, {
      kind: "random-forest",
      params: { nEstimators: 5, maxDepth: 6, seed: 1 },
    });
    expect(bag.trees).toBe(15);
    const test = Int32Array.from(data.clients.flatMap((c) => [...c.test]));
    const Xt = takeRows(data.X, test);
    const pred = bag.model.predict(Xt);
    const acc = pred.filter((p, i) => p === data.y[test[i]]).length / test.length;
    expect(acc).toBeGreaterThan(0.9);
    const p = bag.model.predictProba(Xt);
    for (let r = 0; r < 5; r++)
      expect(p.data[r * 3] + p.data[r * 3 + 1] + p.data[r * 3 + 2]).toBeCloseTo(1, 5);
    const back = loadModel<import("../models/base.js").Classifier>(
      JSON.parse(JSON.stringify(bag.model.toArtifact())),
    );
    expect(back.predict(Xt)).toEqual(pred);
    expect(() => bag.model.fit()).toThrow(VigilError);
    expect(() => FederatedBagging.merge([], [], 3, 6)).toThrow(VigilError);
  });
});
