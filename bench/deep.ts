/**
 * npm run bench:deep — vigil's neural core against PyTorch 1.13 (Debian, torch.set_num_threads(1)):
 *  1. Training speed: one epoch of the 40-64-32-2 MLP (batch 256, Adam lr 1e-3, shuffled) on a synthetic
 *     100k x 40 binary problem, vigil (WebAssembly SIMD kernels; and the plain-JS reference kernels, once)
 *     vs PyTorch on the same rows (bench/deep-peer.py): median of 3 epochs after a warm-up, and the ratio.
 *     vigil's figure is a whole fit({epochs: 1}) call (input checks and network set-up included).
 *  2. Quality on TON_IoT network (10 classes), the stratified 75/25 split (seed 0) of bench/models.ts:
 *     macro-F1, per-class recall and fit seconds of the mlp, cnn1d and dbn learner presets (behind the
 *     presets' median imputer + StandardScaler), of lstm and gru on a stratified subsample of the training
 *     rows (their per-step cost over a 40-step sequence), and of vigil's random forest (100 trees, missing
 *     values as -999 exactly as bench/models.ts) for reference.
 * Prints one JSON document. `--quick` (or VIGIL_BENCH_QUICK=1): fewer epochs, rows and trees.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../src/datasets/index.js";
import { stratifiedTrainTestSplit } from "../src/datasets/splits.js";
import { resolveLearner } from "../src/evaluate/learners.js";
import { confusionMatrix, precisionRecallF1 } from "../src/evaluate/metrics.js";
import type { Classifier } from "../src/models/base.js";
import { RandomForestClassifier } from "../src/models/forest/random-forest.js";
import { MLPClassifier, setWasmKernels, wasmGemmAvailable } from "../src/models/neural/index.js";
import { createModel } from "../src/models/registry.js";
import { Rng } from "../src/models/tree/random.js";
import { type Matrix, takeRows } from "../src/table/matrix.js";

const QUICK = process.argv.includes("--quick") || process.env.VIGIL_BENCH_QUICK === "1";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PEER = join(ROOT, "bench", "deep-peer.py");
const PYTHON = "/usr/bin/python3";
const MISSING_SENTINEL = -999;
const EPOCH_ROWS = 100_000;
const EPOCH_COLS = 40;

function round(v: number, d = 3): number {
  const p = 10 ** d;
  return Math.round(v * p) / p;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

function buf(a: Float32Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function runPeer(dir: string, mode: string): Record<string, unknown> {
  const r = spawnSync(PYTHON, [PEER, dir, mode], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
  });
  if (r.status !== 0) throw new Error(`peer ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
}

/** Binary problem: 10 informative features (as bench/models.ts's synthetic set), 30 noise features. */
function synthetic(n: number, F: number, seed: number): { X: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * F);
  const y = new Int32Array(n);
  const w = new Float64Array(10);
  for (let f = 0; f < 10; f++) w[f] = rng.normal();
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let f = 0; f < F; f++) {
      const v = rng.normal();
      data[i * F + f] = v;
      if (f < 10) s += w[f] * v + (f < 5 ? 0.5 * Math.sin(3 * v) : 0);
    }
    y[i] = s + 0.5 * rng.normal() > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: F, data }, y };
}

function timeEpochs(X: Matrix, y: Int32Array, reps: number, warmUp = true): number[] {
  const make = (seed: number) =>
    new MLPClassifier({ hiddenLayers: [64, 32], epochs: 1, batchSize: 256, learningRate: 1e-3, seed });
  if (warmUp) make(0).fit(X, y); // JIT, kernel compilation
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    make(r + 1).fit(X, y);
    times.push((performance.now() - t) / 1000);
  }
  return times;
}

/**
 * Rounds of [PyTorch epochs, vigil epochs] back to back: the machine's load drifts (other jobs share
 * its cores), so each round's ratio compares figures taken seconds apart; the reported ratio is the
 * median over rounds.
 */
function benchEpoch(dir: string) {
  const { X, y } = synthetic(EPOCH_ROWS, EPOCH_COLS, 1);
  writeFileSync(join(dir, "x.bin"), buf(X.data));
  writeFileSync(join(dir, "y.bin"), buf(y));
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ rows: X.rows, cols: X.cols, epochs: 2 }));
  const rounds: { pytorch: number; vigil: number; ratio: number }[] = [];
  timeEpochs(X, y, 0); // warm-up: JIT, kernel compilation
  for (let r = 0; r < (QUICK ? 1 : 3); r++) {
    const torch = runPeer(dir, "epoch") as { epochSeconds: number };
    const vigil = median(timeEpochs(X, y, 2, false));
    rounds.push({
      pytorch: round(torch.epochSeconds),
      vigil: round(vigil),
      ratio: round(vigil / torch.epochSeconds, 2),
    });
  }
  setWasmKernels(false);
  const plain = timeEpochs(X, y, 1, false);
  setWasmKernels(true);
  return {
    task: "MLP 40-64-32-2, one epoch over 100k rows, batch 256, Adam lr 1e-3",
    wasmSimd: wasmGemmAvailable(),
    vigilEpochSeconds: round(median(rounds.map((x) => x.vigil))),
    pytorchOneThreadEpochSeconds: round(median(rounds.map((x) => x.pytorch))),
    vigilPlainJsEpochSeconds: round(median(plain)),
    rounds,
    ratioVigilToPytorch: round(median(rounds.map((x) => x.ratio)), 2),
    acceptance: "ratio <= 2",
  };
}

function quality(yTrue: Int32Array, pred: Int32Array, classes: string[]) {
  const s = precisionRecallF1(confusionMatrix(yTrue, pred, classes.length));
  const perClassRecall: Record<string, number> = {};
  classes.forEach((c, k) => {
    perClassRecall[c] = round(s.recall[k], 4);
  });
  return { macroF1: round(s.macro.f1, 4), perClassRecall };
}

/** A stratified subsample of `fraction` of the rows (seeded). */
function subsample(y: Int32Array, fraction: number, seed: number): Int32Array {
  return stratifiedTrainTestSplit(y, { seed, testFraction: fraction }).test;
}

async function benchTon() {
  const d = await loadDataset("ton-iot-network");
  const split = stratifiedTrainTestSplit(d.y, { seed: 0, testFraction: 0.25 });
  const Xtr = takeRows(d.X, split.train);
  const Xte = takeRows(d.X, split.test);
  const ytr = Int32Array.from(split.train, (i) => d.y[i]);
  const yte = Int32Array.from(split.test, (i) => d.y[i]);
  const results: Record<string, unknown> = {};
  const run = (name: string, m: Classifier, X: Matrix, y: Int32Array, test: Matrix, extra = {}) => {
    const t = performance.now();
    m.fit(X, y);
    const fitSeconds = (performance.now() - t) / 1000;
    const pred = m.predict(test);
    results[name] = {
      fitSeconds: round(fitSeconds, 1),
      trainRows: X.rows,
      ...extra,
      ...quality(yte, pred, d.classes),
    };
    process.stderr.write(`deep bench: ${name} ${JSON.stringify(results[name])}\n`);
  };
  const epochs = (n: number) => (QUICK ? Math.max(1, Math.ceil(n / 5)) : n);
  const presets: [string, Record<string, unknown>][] = [
    ["mlp", { epochs: epochs(20) }],
    ["cnn1d", { epochs: epochs(16) }],
    ["dbn", { epochs: epochs(20), pretrainEpochs: QUICK ? 1 : 2 }],
  ];
  for (const [name, params] of presets) {
    const spec = resolveLearner(name, params);
    run(name, createModel<Classifier>(spec.kind, spec.params ?? {}), Xtr, ytr, Xte, { params });
  }
  // Recurrent nets over the 40-step feature sequence: on a stratified subsample of the training rows.
  const frac = QUICK ? 0.05 : 0.2;
  const sub = subsample(ytr, frac, 1);
  const Xsub = takeRows(Xtr, sub);
  const ysub = Int32Array.from(sub, (i) => ytr[i]);
  // The row as a sequence of `inputSize` features per step (the smallest divisor >= 3 of the width).
  let inputSize = 3;
  while (Xtr.cols % inputSize !== 0) inputSize++;
  for (const name of ["lstm", "gru"]) {
    const params = { epochs: epochs(10), hiddenSize: 32, seqLen: Xtr.cols / inputSize, inputSize };
    const spec = resolveLearner(name, params);
    run(name, createModel<Classifier>(spec.kind, spec.params ?? {}), Xsub, ysub, Xte, {
      params,
      note: `trained on a stratified ${frac * 100}% subsample of the training rows`,
    });
  }
  // Reference: vigil's random forest exactly as bench/models.ts runs it (NaN → -999).
  const fill = (m: Matrix): Matrix => {
    const data = m.data.slice();
    for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) data[i] = MISSING_SENTINEL;
    return { rows: m.rows, cols: m.cols, data };
  };
  const trees = QUICK ? 20 : 100;
  run(
    "random-forest (reference)",
    new RandomForestClassifier({ nEstimators: trees, nJobs: 2, seed: 0 }),
    fill(Xtr),
    ytr,
    fill(Xte),
    {
      params: { nEstimators: trees },
    },
  );
  const best = (results["random-forest (reference)"] as { macroF1: number }).macroF1;
  const gaps: Record<string, number> = {};
  for (const [k, v] of Object.entries(results))
    if (!k.startsWith("random")) gaps[k] = round((v as { macroF1: number }).macroF1 - best, 4);
  return {
    id: "ton-iot-network",
    rows: d.X.rows,
    features: d.X.cols,
    classes: d.classes,
    trainRows: Xtr.rows,
    testRows: Xte.rows,
    models: results,
    macroF1MinusForest: gaps,
    acceptance: "each deep model within 0.02 macro-F1 of the best tree model",
    gapNotes: [
      "features are 15 Zeek counters plus one-hot categorical levels in file order: a row has no sequential structure, so cnn1d's locality prior and the recurrent models' step order are arbitrary here (they exist for packet sequences); the mlp and dbn are the fair deep baselines on flow records",
      "lstm and gru train on a 20% subsample (29 steps x 3 features) to bound the benchmark's runtime; mitm (782 training rows, about 156 in the subsample) is where every model loses most",
      "neural presets run imputer -> signed-log1p -> StandardScaler: without the log step the mlp measured 0.61 macro-F1 (heavy-tailed byte counters)",
    ],
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-deep-"));
  try {
    const epoch = benchEpoch(dir);
    process.stderr.write(`deep bench: epoch ${JSON.stringify(epoch)}\n`);
    const ton = await benchTon();
    const report = {
      bench: "deep",
      quick: QUICK,
      machine: { cpus: cpus().length, node: process.version },
      notes: [
        "PyTorch 1.13 from Debian, torch.set_num_threads(1), same rows, same architecture and optimiser",
        "epoch timing: rounds of PyTorch then vigil back to back (median of 2 epochs each), ratio = median over rounds",
        "TON_IoT: stratified 75/25 split, seed 0 (bench/models.ts); metrics by src/evaluate/metrics.ts",
      ],
      mlpEpoch: epoch,
      tonIot: ton,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
