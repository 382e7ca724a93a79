/**
 * npm run bench:fed — federated learning on TON_IoT network (10 classes, identifiers dropped, the
 * federation's signed-log transform), 10 clients on a Dirichlet(0.5) non-IID split of a seeded row
 * sample (each client's rows split 75/25 into local train/test; the global test set is the union of the
 * clients' test rows; the centralised baseline trains on the union of their training rows):
 *  1. centralised vs FedAvg macro-F1 for the same model (the MLP of src/models/neural, same optimizer
 *     settings) with the same passes over the data (rounds x local epochs);
 *  2. 30% sign-flipping clients (delta -> -4 delta) under FedAvg vs Krum, Multi-Krum, median, trimmed
 *     mean (beta 0.3) and Bulyan (f lowered to 1: Bulyan needs n >= 4f + 3), against the clean run and
 *     against FedAvg without the attackers' clients (their rows are lost to any defence); on the
 *     Dirichlet split and on an IID split of the same rows;
 *  3. secure aggregation of one round's real client deltas (2 clients dropping after key sharing):
 *     max |secure sum - plain sum|;
 *  4. client-level DP (clip 1, noise multiplier 1, 5 of 10 clients per round): epsilon at delta 1e-5
 *     after each round and the macro-F1 it costs;
 *  5. bytes sent per round (update and model messages as the transport encodes them);
 *  6. federated bagging of random forests (each client's forest, merged) vs one centralised forest.
 * Prints one JSON document; per-round metrics go to --metrics-out FILE.jsonl when given.
 * Options: --sample N (rows, default 40000), --rounds R (default 40), --lr SGD step (default 0.02),
 * --quick (10000 rows, 6 rounds).
 * SGD makes the per-round macro-F1 swing by several points, so each run reports its final round and the
 * mean of its last 5 rounds; a run whose aggregate turns non-finite counts as 0 from that round.
 */
import { writeFileSync } from "node:fs";
import { confusionMatrix, precisionRecallF1 } from "../src/evaluate/metrics.js";
import { type FederatedData, federate, loadFederatedData, unionRows } from "../src/federated/data.js";
import { instantiate } from "../src/federated/model.js";
import { secureSum } from "../src/federated/privacy/secagg.js";
import { runSimulation, type SimulationOptions } from "../src/federated/simulate.js";
import { federatedForest } from "../src/federated/trees/bagging.js";
import type { Classifier } from "../src/models/base.js";
import { RandomForestClassifier } from "../src/models/forest/random-forest.js";
import { createModel } from "../src/models/registry.js";
import "../src/models/neural/mlp.js";
import type { RoundMetrics } from "../src/schemas/federated.js";
import { takeRows } from "../src/table/matrix.js";

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const QUICK = process.argv.includes("--quick");
const SAMPLE = arg("sample", QUICK ? 10_000 : 40_000);
const ROUNDS = arg("rounds", QUICK ? 6 : 40);
const METRICS_OUT = process.argv.includes("--metrics-out")
  ? process.argv[process.argv.indexOf("--metrics-out") + 1]
  : undefined;
const CLIENTS = 10;
const MODEL = {
  kind: "mlp",
  params: { hiddenLayers: [64, 32], optimizer: "sgd", learningRate: arg("lr", 0.02), batchSize: 64, seed: 1 },
};
const LOCAL_EPOCHS = 1;
const SEED = 1;

const round4 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10_000) / 10_000);
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
    rounds: ROUNDS,
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
    `${label}: final ${f1[f1.length - 1].toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
  );
  return {
    finalMacroF1: round4(f1[f1.length - 1]),
    meanLast5MacroF1: round4(last5.reduce((s, v) => s + v, 0) / last5.length),
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

// 1. centralised vs FedAvg
const tc = performance.now();
const central = createModel<Classifier>(MODEL.kind, { ...MODEL.params, epochs: ROUNDS * LOCAL_EPOCHS }).fit(
  takeRows(fd.X, train),
  Int32Array.from(train, (r) => fd.y[r]),
);
const centralF1 = macroF1(central, fd, test);
const centralSeconds = (performance.now() - tc) / 1000;
process.stderr.write(`centralised: ${centralF1.toFixed(4)}\n`);
const fedavg = simulate(fd, "fedavg", {});

// 2. sign flipping
const attack = { kind: "sign-flip" as const, scale: 4 };
const attacked: Record<string, unknown> = {};
for (const [name, params] of [
  ["fedavg", {}],
  ["krum", { f: 3 }],
  ["multi-krum", { f: 3 }],
  ["median", {}],
  ["trimmed-mean", { beta: 0.3 }],
  ["bulyan", { f: 3 }],
] as const) {
  const r = simulate(fd, `sign-flip/${name}`, { strategy: { name, params }, attack, attackFraction: 0.3 });
  attacked[name] = {
    finalMacroF1: r.finalMacroF1,
    meanLast5MacroF1: r.meanLast5MacroF1,
    dropVsClean: round4((fedavg.meanLast5MacroF1 ?? 0) - (r.meanLast5MacroF1 ?? 0)),
    divergedAtRound: r.divergedAtRound,
    perRoundMacroF1: r.perRoundMacroF1,
  };
}

// 2b. the achievable reference: FedAvg without the attackers' clients (their data is lost to any defence)
const honestOnly = simulate(fd, "honest-only/fedavg", { attackFraction: 0.3, attackersAbstain: true });
// 2c. the same attack on an IID split of the same rows (the defences' cost without label skew)
const fdIid = federate(fd.dataset, {
  partition: { kind: "iid" },
  nClients: CLIENTS,
  sample: SAMPLE,
  seed: SEED,
});
const iidClean = simulate(fdIid, "iid/fedavg", {});
const iidAttacked: Record<string, unknown> = {};
for (const [name, params] of [
  ["fedavg", {}],
  ["krum", { f: 3 }],
  ["multi-krum", { f: 3 }],
  ["median", {}],
  ["trimmed-mean", { beta: 0.3 }],
  ["bulyan", { f: 3 }],
] as const) {
  const r = simulate(fdIid, `iid/sign-flip/${name}`, {
    strategy: { name, params },
    attack,
    attackFraction: 0.3,
  });
  iidAttacked[name] = {
    finalMacroF1: r.finalMacroF1,
    meanLast5MacroF1: r.meanLast5MacroF1,
    dropVsClean: round4((iidClean.meanLast5MacroF1 ?? 0) - (r.meanLast5MacroF1 ?? 0)),
    divergedAtRound: r.divergedAtRound,
  };
}

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

const fedRounds = fedavg.result.rounds;
const out = {
  bench: "fed",
  dataset: "ton-iot-network",
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
  model: MODEL,
  rounds: ROUNDS,
  localEpochs: LOCAL_EPOCHS,
  centralVsFedAvg: {
    centralisedMacroF1: round4(centralF1),
    centralisedEpochs: ROUNDS * LOCAL_EPOCHS,
    centralisedSeconds: Math.round(centralSeconds * 10) / 10,
    fedAvgFinalMacroF1: fedavg.finalMacroF1,
    fedAvgMeanLast5MacroF1: fedavg.meanLast5MacroF1,
    gapPoints: round4(100 * (centralF1 - (fedavg.finalMacroF1 ?? 0))),
    gapPointsMeanLast5: round4(100 * (centralF1 - (fedavg.meanLast5MacroF1 ?? 0))),
    fedAvgPerRound: fedavg.perRoundMacroF1,
    fedAvgSeconds: fedavg.seconds,
  },
  signFlip30: {
    attackers: 3,
    attack,
    dirichlet05: {
      cleanFedAvgMeanLast5: fedavg.meanLast5MacroF1,
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
