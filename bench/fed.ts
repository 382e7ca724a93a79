/**
 * npm run bench:fed — federated learning on TON_IoT network (10 classes, identifiers dropped, the
 * federation's signed-log transform), 10 clients on a Dirichlet(0.5) non-IID split of a seeded row
 * sample (each client's rows split 75/25 into local train/test; the global test set is the union of the
 * clients' test rows; the centralised baselines train on the union of their training rows). The model
 * is the MLP of src/models/neural ([64, 32], ReLU, plain SGD, batch 64) throughout.
 *  1. centralised vs FedAvg, each trained to convergence, over seeds 1, 2, 3 (model init and shuffling;
 *     the split is fixed):
 *     - centralised A: the model's own fit() with early stopping (10% of the pooled training rows held
 *       out, validation loss, patience 10, at most 300 epochs, best epoch restored), SGD step 0.02;
 *     - centralised B: the federation's step schedule, epoch e at 0.05 x 0.97^(e-1), one epoch at a
 *       time on 90% of the pooled training rows, keeping the epoch with the best macro-F1 on the other
 *       10% (patience 10, at most 200 epochs);
 *     - FedAvg: all 10 clients every round, 1 local epoch, 100 rounds, client step 0.05 x 0.97^(r-1) in
 *       round r (FedAvg with a decaying client learning rate, as a Flower user sets it per round); the
 *       server is plain example-weighted FedAvg. Its figure is the mean macro-F1 of the last 5 rounds.
 *     The gap is (best centralised seed mean) - (FedAvg seed mean), in points; per-seed figures are
 *     printed too. For reference: FedAvg with the earlier setting (constant step 0.02, 40 rounds).
 *  2. 30% sign-flipping clients (delta -> -4 delta) with the cheaper schedule 60 rounds, step
 *     0.05 x 0.95^(r-1), seed 1: FedAvg vs Krum, Multi-Krum (unweighted, and weighted by example
 *     counts capped at 4x the median count), coordinate median, trimmed mean (beta 0.3), Bulyan (f
 *     lowered to 1: it needs n >= 4f + 3) and centered clipping, each against the clean FedAvg run with
 *     the same schedule and against FedAvg without the attackers' clients (their rows are lost to any
 *     defence); on the Dirichlet split and on an IID split of the same rows (no Krum / centered clipping
 *     there, to keep the bench short);
 *  3. secure aggregation of one round's real client deltas (2 clients dropping after key sharing):
 *     max |secure sum - plain sum| (the process-level protocol is tested in test/e2e/fed-secagg.test.ts);
 *  4. client-level DP (clip 1, noise multiplier 1, 5 of 10 clients per round, section 2's schedule):
 *     epsilon at delta 1e-5 after each round and the macro-F1 it costs;
 *  5. bytes sent per round (update and model messages as the transport encodes them);
 *  6. federated bagging of random forests (each client's forest, merged) vs one centralised forest.
 * Prints one JSON document; per-round metrics go to --metrics-out FILE.jsonl when given.
 * Options: --sample N (rows, default 40000), --quick (10000 rows, 8 rounds, 30 central epochs at most,
 * seed 1 only: a smoke run of every section, its figures are not the comparison).
 * A run whose aggregate turns non-finite counts as macro-F1 0 from that round.
 */
import { writeFileSync } from "node:fs";
import { confusionMatrix, precisionRecallF1 } from "../src/evaluate/metrics.js";
import { type FederatedData, federate, loadFederatedData, unionRows } from "../src/federated/data.js";
import { instantiate } from "../src/federated/model.js";
import { secureSum } from "../src/federated/privacy/secagg.js";
import { Rng, shuffle } from "../src/federated/random.js";
import { runSimulation, type SimulationOptions } from "../src/federated/simulate.js";
import { federatedForest } from "../src/federated/trees/bagging.js";
import type { Classifier } from "../src/models/base.js";
import { RandomForestClassifier } from "../src/models/forest/random-forest.js";
import { createModel } from "../src/models/registry.js";
import "../src/models/neural/mlp.js";
import type { RoundMetrics } from "../src/schemas/federated.js";
import { takeRows } from "../src/table/matrix.js";

const QUICK = process.argv.includes("--quick");
const SAMPLE = (() => {
  const i = process.argv.indexOf("--sample");
  return i >= 0 ? Number(process.argv[i + 1]) : QUICK ? 10_000 : 40_000;
})();
const METRICS_OUT = process.argv.includes("--metrics-out")
  ? process.argv[process.argv.indexOf("--metrics-out") + 1]
  : undefined;
const CLIENTS = 10;
const SEEDS = QUICK ? [1] : [1, 2, 3];
const SEED = 1;
const LOCAL_EPOCHS = 1;
const mlp = (learningRate: number, seed: number) => ({
  kind: "mlp",
  params: { hiddenLayers: [64, 32], optimizer: "sgd", learningRate, batchSize: 64, seed },
});
/** Section 1's FedAvg: 100 rounds, client step 0.05 x 0.97^(r-1). */
const FED1 = { lr: 0.05, decay: 0.97, rounds: QUICK ? 8 : 100 };
/** Section 2 and 4's cheaper schedule: 60 rounds, 0.05 x 0.95^(r-1). */
const FED2 = { lr: 0.05, decay: 0.95, rounds: QUICK ? 8 : 60 };
const MODEL = mlp(FED2.lr, SEED);

const round4 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10_000) / 10_000);
const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
if (METRICS_OUT) writeFileSync(METRICS_OUT, "");

function macroF1(model: Classifier, fd: FederatedData, rows: Int32Array): number {
  const y = Int32Array.from(rows, (r) => fd.y[r]);
  return precisionRecallF1(confusionMatrix(y, model.predict(takeRows(fd.X, rows)), fd.nClasses)).macro.f1;
}

function simulate(fd: FederatedData, label: string, o: Partial<SimulationOptions>) {
  const t0 = performance.now();
  const r = runSimulation(fd, {
    model: MODEL,
    strategy: { name: "fedavg" },
    rounds: FED2.rounds,
    clientLrDecay: { decay: FED2.decay },
    clientsPerRound: CLIENTS,
    localEpochs: LOCAL_EPOCHS,
    seed: SEED,
    ...o,
    onRound: (m: RoundMetrics) => {
      if (METRICS_OUT) writeFileSync(METRICS_OUT, `${JSON.stringify({ run: label, ...m })}\n`, { flag: "a" });
    },
  });
  // a diverged run (non-finite parameters) counts as macro-F1 0 from the round it blew up
  const f1 = r.rounds.map((m) => m.globalMacroF1 ?? 0);
  const last5 = f1.slice(-5);
  process.stderr.write(
    `${label}: final ${f1[f1.length - 1].toFixed(4)}, last 5 ${mean(last5).toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
  );
  return {
    finalMacroF1: round4(f1[f1.length - 1]),
    meanLast5MacroF1: round4(mean(last5)),
    perRoundMacroF1: f1.map(round4),
    divergedAtRound: r.divergedAtRound ?? null,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    result: r,
  };
}

const t0 = performance.now();
const fd = await loadFederatedData({
  dataset: "ton-iot-network",
  partition: { kind: "dirichlet", alpha: 0.5 },
  nClients: CLIENTS,
  sample: SAMPLE,
  seed: SEED,
});
const train = unionRows(fd.clients, "train");
const test = unionRows(fd.clients, "test");
process.stderr.write(
  `loaded ${fd.X.rows} rows (${((performance.now() - t0) / 1000).toFixed(0)} s), sample ${SAMPLE}\n`,
);
const yOf = (rows: Int32Array): Int32Array => Int32Array.from(rows, (r) => fd.y[r]);

// 1. centralised (to convergence) vs FedAvg (to convergence)
/** A: fit() with early stopping on validation loss (the model's own). */
function centralEarlyStopping(seed: number): { macroF1: number; epochs: number; seconds: number } {
  const t = performance.now();
  const m = createModel<Classifier>("mlp", {
    ...mlp(0.02, seed).params,
    epochs: QUICK ? 30 : 300,
    earlyStopping: true,
    patience: 10,
  }).fit(takeRows(fd.X, train), yOf(train));
  const epochs = (m as unknown as { lastTraining?: { epochsRun: number } }).lastTraining?.epochsRun ?? 0;
  return { macroF1: macroF1(m, fd, test), epochs, seconds: (performance.now() - t) / 1000 };
}
/** B: the federation's decaying step, one epoch at a time, best validation macro-F1 kept. */
function centralSchedule(seed: number): { macroF1: number; bestEpoch: number; seconds: number } {
  const t = performance.now();
  const perm = shuffle(Int32Array.from(train), new Rng(seed));
  const nVal = Math.round(0.1 * perm.length);
  const val = perm.slice(0, nVal).sort();
  const fit = perm.slice(nVal).sort();
  const X = takeRows(fd.X, fit);
  const y = yOf(fit);
  const spec = (lr: number) => ({ ...mlp(lr, seed), nFeatures: fd.X.cols, nClasses: fd.nClasses });
  let params = instantiate(spec(FED1.lr)).getParameters();
  let best = -1;
  let bestParams = params;
  let bestEpoch = 0;
  for (let e = 1, stale = 0; e <= (QUICK ? 30 : 200) && stale < 10; e++) {
    const m = instantiate(spec(FED1.lr * FED1.decay ** (e - 1)), params);
    m.partialFit(X, y, { epochs: 1, seed: seed * 1000 + e });
    params = m.getParameters();
    const v = macroF1(m, fd, val);
    if (v > best + 1e-4) {
      best = v;
      bestParams = params;
      bestEpoch = e;
      stale = 0;
    } else stale++;
  }
  const m = instantiate(spec(FED1.lr), bestParams);
  return { macroF1: macroF1(m, fd, test), bestEpoch, seconds: (performance.now() - t) / 1000 };
}
const centralA = SEEDS.map(centralEarlyStopping);
const centralB = SEEDS.map(centralSchedule);
process.stderr.write(
  `centralised A ${centralA.map((c) => c.macroF1.toFixed(4)).join(" ")}, B ${centralB.map((c) => c.macroF1.toFixed(4)).join(" ")}\n`,
);
const fedSeeds = SEEDS.map((seed) =>
  simulate(fd, `fedavg/seed-${seed}`, {
    model: mlp(FED1.lr, seed),
    rounds: FED1.rounds,
    clientLrDecay: { decay: FED1.decay },
    seed,
  }),
);
const fedConstant = simulate(fd, "fedavg/constant-0.02", {
  model: mlp(0.02, SEED),
  rounds: QUICK ? 8 : 40,
  clientLrDecay: undefined,
});
const centralAMean = mean(centralA.map((c) => c.macroF1));
const centralBMean = mean(centralB.map((c) => c.macroF1));
const centralBest = Math.max(centralAMean, centralBMean);
const fedMean = mean(fedSeeds.map((r) => r.meanLast5MacroF1 ?? 0));

// 2. sign flipping (section 2's schedule)
const attack = { kind: "sign-flip" as const, scale: 4 };
const f = Math.round(0.3 * CLIENTS);
const RULES: [string, string, Record<string, unknown>][] = [
  ["fedavg", "fedavg", {}],
  ["krum", "krum", { f }],
  ["multi-krum", "multi-krum", { f }],
  ["multi-krum-weighted", "multi-krum", { f, weighted: true }],
  ["median", "median", {}],
  ["trimmed-mean", "trimmed-mean", { beta: 0.3 }],
  ["bulyan", "bulyan", { f }],
  ["centered-clip", "centered-clip", { weighted: true }],
];
function attackedRuns(data: FederatedData, split: string, clean: number, skip: Set<string>) {
  const out: Record<string, unknown> = {};
  for (const [label, name, params] of RULES) {
    if (skip.has(label)) continue;
    const r = simulate(data, `${split}/sign-flip/${label}`, {
      strategy: { name, params },
      attack,
      attackFraction: 0.3,
    });
    out[label] = {
      strategy: { name, params },
      finalMacroF1: r.finalMacroF1,
      meanLast5MacroF1: r.meanLast5MacroF1,
      dropVsCleanPoints: round4(100 * (clean - (r.meanLast5MacroF1 ?? 0))),
      withinThreePoints: 100 * (clean - (r.meanLast5MacroF1 ?? 0)) <= 3,
      divergedAtRound: r.divergedAtRound,
    };
  }
  return out;
}
const clean = simulate(fd, "dirichlet/clean", {});
const honestOnly = simulate(fd, "dirichlet/honest-only", { attackFraction: 0.3, attackersAbstain: true });
const attacked = attackedRuns(fd, "dirichlet", clean.meanLast5MacroF1 ?? 0, new Set());
const fdIid = federate(fd.dataset, {
  partition: { kind: "iid" },
  nClients: CLIENTS,
  sample: SAMPLE,
  seed: SEED,
});
const iidClean = simulate(fdIid, "iid/clean", {});
const iidAttacked = attackedRuns(
  fdIid,
  "iid",
  iidClean.meanLast5MacroF1 ?? 0,
  new Set(["krum", "centered-clip"]),
);

// 3. secure aggregation on one round's real deltas
const spec = { kind: MODEL.kind, params: MODEL.params, nFeatures: fd.X.cols, nClasses: fd.nClasses };
const global = instantiate(spec).getParameters();
const deltas = new Map<string, Float32Array>();
fd.clients.forEach((c, k) => {
  const m = instantiate(spec, global);
  m.partialFit(
    takeRows(fd.X, c.train),
    Int32Array.from(c.train, (r) => fd.y[r]),
    { epochs: 1, seed: k },
  );
  const d = m.getParameters();
  for (let i = 0; i < d.length; i++) d[i] -= global[i];
  deltas.set(`client-${k}`, d);
});
const ts = performance.now();
const dropped = ["client-3", "client-7"];
const sa = secureSum(deltas, { round: 1, threshold: 6, dropAfterShare: dropped });
const saSeconds = (performance.now() - ts) / 1000;
let maxErr = 0;
let maxAbs = 0;
for (let i = 0; i < global.length; i++) {
  let plain = 0;
  for (const id of sa.survivors) plain += (deltas.get(id) as Float32Array)[i];
  maxErr = Math.max(maxErr, Math.abs(plain - sa.sum[i]));
  maxAbs = Math.max(maxAbs, Math.abs(plain));
}

// 4. client-level DP
const dpCfg = { clipNorm: 1, noiseMultiplier: 1, delta: 1e-5 };
const dp = simulate(fd, "dp", { dp: dpCfg, clientsPerRound: 5 });

// 6. federated bagging of forests vs one forest
const forestParams = { nEstimators: 20, maxDepth: 16, seed: 1 };
const tf = performance.now();
const bag = federatedForest(fd, { kind: "random-forest", params: { ...forestParams, nEstimators: 5 } });
const bagF1 = macroF1(bag.model, fd, test);
const bagSeconds = (performance.now() - tf) / 1000;
const oneForest = new RandomForestClassifier(forestParams).fit(
  takeRows(fd.X, train),
  Int32Array.from(train, (r) => fd.y[r]),
);
const forestF1 = macroF1(oneForest, fd, test);

const fedRounds = clean.result.rounds;
const out = {
  bench: "fed",
  dataset: "ton-iot-network",
  quick: QUICK,
  rows: {
    sampled: SAMPLE,
    train: train.length,
    test: test.length,
    features: fd.X.cols,
    classes: fd.nClasses,
  },
  split: {
    kind: "dirichlet",
    alpha: 0.5,
    clients: CLIENTS,
    clientTrainRows: fd.clients.map((c) => c.train.length),
  },
  model: { kind: "mlp", hiddenLayers: [64, 32], optimizer: "sgd", batchSize: 64 },
  localEpochs: LOCAL_EPOCHS,
  centralVsFedAvg: {
    seeds: SEEDS,
    centralisedEarlyStopping: {
      learningRate: 0.02,
      perSeedMacroF1: centralA.map((c) => round4(c.macroF1)),
      perSeedEpochs: centralA.map((c) => c.epochs),
      meanMacroF1: round4(centralAMean),
      seconds: round4(mean(centralA.map((c) => c.seconds))),
    },
    centralisedSchedule: {
      learningRate: `${FED1.lr} x ${FED1.decay}^(epoch-1)`,
      perSeedMacroF1: centralB.map((c) => round4(c.macroF1)),
      perSeedBestEpoch: centralB.map((c) => c.bestEpoch),
      meanMacroF1: round4(centralBMean),
      seconds: round4(mean(centralB.map((c) => c.seconds))),
    },
    centralisedBaselineMacroF1: round4(centralBest),
    fedAvg: {
      rounds: FED1.rounds,
      clientLearningRate: `${FED1.lr} x ${FED1.decay}^(round-1)`,
      perSeedMeanLast5MacroF1: fedSeeds.map((r) => r.meanLast5MacroF1),
      perSeedFinalMacroF1: fedSeeds.map((r) => r.finalMacroF1),
      meanMacroF1: round4(fedMean),
      seconds: fedSeeds.map((r) => r.seconds),
      perRoundSeed1: fedSeeds[0].perRoundMacroF1,
    },
    gapPoints: round4(100 * (centralBest - fedMean)),
    withinTwoPoints: 100 * (centralBest - fedMean) <= 2,
    worstSeedGapPoints: round4(
      100 *
        Math.max(
          ...SEEDS.map(
            (_, i) =>
              Math.max(centralA[i].macroF1, centralB[i].macroF1) - (fedSeeds[i].meanLast5MacroF1 ?? 0),
          ),
        ),
    ),
    earlierSettingFedAvgConstantLr002Rounds40: {
      meanLast5MacroF1: fedConstant.meanLast5MacroF1,
      finalMacroF1: fedConstant.finalMacroF1,
    },
  },
  signFlip30: {
    attackers: f,
    attack,
    rounds: FED2.rounds,
    clientLearningRate: `${FED2.lr} x ${FED2.decay}^(round-1)`,
    dirichlet05: {
      cleanFedAvgMeanLast5: clean.meanLast5MacroF1,
      honestClientsOnlyFedAvgMeanLast5: honestOnly.meanLast5MacroF1,
      strategies: attacked,
    },
    iid: { cleanFedAvgMeanLast5: iidClean.meanLast5MacroF1, strategies: iidAttacked },
  },
  secureAggregation: {
    clients: CLIENTS,
    dropped,
    threshold: 6,
    parameters: global.length,
    maxAbsError: maxErr,
    maxAbsSum: maxAbs,
    seconds: Math.round(saSeconds * 100) / 100,
    bytesUp: sa.bytesUp,
    bytesDown: sa.bytesDown,
  },
  differentialPrivacy: {
    ...dpCfg,
    clientsPerRound: 5,
    samplingRate: 0.5,
    rounds: FED2.rounds,
    epsilonPerRound: dp.result.rounds.map((m) => round4(m.epsilon)),
    finalMacroF1: dp.finalMacroF1,
    meanLast5MacroF1: dp.meanLast5MacroF1,
  },
  bytesPerRound: {
    updatesUp: fedRounds[0].bytesUp,
    modelDown: fedRounds[0].bytesDown,
    secureAggregationUp: sa.bytesUp,
  },
  federatedForest: {
    clients: CLIENTS,
    treesPerClient: 5,
    mergedTrees: bag.trees,
    macroF1: round4(bagF1),
    seconds: Math.round(bagSeconds * 10) / 10,
    centralisedForestTrees: forestParams.nEstimators,
    centralisedForestMacroF1: round4(forestF1),
  },
  seconds: Math.round((performance.now() - t0) / 1000),
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
