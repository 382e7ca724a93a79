/**
 * npm run bench:classical — vigil's non-tree learners against scikit-learn 1.2 (same machine, same
 * data, same run): logistic regression (L-BFGS, 100 iterations), linear SVM (dual CD, 100 epochs),
 * Gaussian naive Bayes, k-NN (k = 5, brute force) and the random-Fourier-feature RBF SVM (256
 * features, 50 epochs) vs LogisticRegression, LinearSVC, GaussianNB, KNeighborsClassifier(brute),
 * RBFSampler + LinearSVC. Data: a stratified sample of TON_IoT network (identifiers dropped) when
 * ../shared is present, else seeded synthetic blobs; one stratified 75/25 split; median imputer and
 * StandardScaler fitted on the training rows (vigil), the scaled split written to a temp dir for the
 * Python peer. Reports macro-F1 (both computed by vigil's metrics from each side's labels), fit seconds,
 * batch predictProba rows/s, single-row latency (µs, median of 200) and the vigil / scikit-learn ratios.
 * Prints one JSON document. `--quick`: 4,000 rows; `--rows N` sets the sample size (default 20,000).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../src/datasets/index.js";
import { stratifiedTrainTestSplit } from "../src/datasets/splits.js";
import { stratifiedSample } from "../src/evaluate/compare.js";
import { confusionMatrix, precisionRecallF1 } from "../src/evaluate/metrics.js";
import { timeFit, timeInference } from "../src/evaluate/timing.js";
import type { Classifier } from "../src/models/base.js";
import { GaussianNb } from "../src/models/bayes/gaussian-nb.js";
import { LogisticRegression } from "../src/models/linear/logistic.js";
import { Knn } from "../src/models/neighbors/knn.js";
import { SimpleImputer } from "../src/models/preprocess/imputer.js";
import { StandardScaler } from "../src/models/preprocess/scalers.js";
import { LinearSvm } from "../src/models/svm/linear-svm.js";
import { RbfSvm } from "../src/models/svm/rbf-svm.js";
import { Rng } from "../src/models/tree/random.js";
import { type Matrix, matrix, takeRows } from "../src/table/matrix.js";

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const rowsArg = argv.indexOf("--rows");
const ROWS = rowsArg >= 0 ? Number(argv[rowsArg + 1]) : QUICK ? 4000 : 20000;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PEER = join(ROOT, "bench", "classical-peer.py");
const SHARED = process.env.VIGIL_SHARED_DIR ?? resolve(ROOT, "..", "shared");

async function data(): Promise<{ X: Matrix; y: Int32Array; k: number; source: string }> {
  if (existsSync(join(SHARED, "datasets", "ton-iot-network", "train_test_network.zip"))) {
    const ds = await loadDataset("ton-iot-network", { sharedDir: SHARED });
    const idx = stratifiedSample(ds.y, ROWS, 0);
    return {
      X: takeRows(ds.X, idx),
      y: Int32Array.from(idx, (i) => ds.y[i]),
      k: ds.classes.length,
      source: `TON_IoT network, stratified sample of ${idx.length} of ${ds.y.length} rows, ${ds.X.cols} features`,
    };
  }
  const rng = new Rng(1);
  const cols = 40;
  const k = 5;
  const centres = Float64Array.from({ length: k * cols }, () => rng.normal() * 2);
  const X = matrix(ROWS, cols);
  const y = new Int32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    y[r] = r % k;
    for (let c = 0; c < cols; c++) X.data[r * cols + c] = centres[y[r] * cols + c] + 3 * rng.normal();
  }
  return { X, y, k, source: `synthetic blobs ${ROWS} x ${cols}, ${k} classes (../shared absent)` };
}

function macroF1(yTrue: Int32Array, yPred: Int32Array, k: number): number {
  return precisionRecallF1(confusionMatrix(yTrue, yPred, k)).macro.f1;
}

const LEARNERS: { name: string; make: () => Classifier }[] = [
  { name: "logistic-regression", make: () => new LogisticRegression() },
  { name: "linear-svm", make: () => new LinearSvm({ maxIter: 100 }) },
  { name: "gaussian-nb", make: () => new GaussianNb() },
  { name: "knn", make: () => new Knn({ k: 5 }) },
  { name: "rbf-svm", make: () => new RbfSvm({ nComponents: 256, maxIter: 50 }) },
];

async function main(): Promise<void> {
  const d = await data();
  const split = stratifiedTrainTestSplit(d.y, { testFraction: 0.25, seed: 0 });
  const imp = new SimpleImputer({ strategy: "median" });
  const sc = new StandardScaler();
  const Xtr = sc.fitTransform(imp.fitTransform(takeRows(d.X, split.train)));
  const Xte = sc.transform(imp.transform(takeRows(d.X, split.test)));
  const ytr = Int32Array.from(split.train, (i) => d.y[i]);
  const yte = Int32Array.from(split.test, (i) => d.y[i]);
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-classical-"));
  const buf = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(join(dir, "x_train.bin"), buf(Xtr.data));
  writeFileSync(join(dir, "y_train.bin"), buf(ytr));
  writeFileSync(join(dir, "x_test.bin"), buf(Xte.data));
  writeFileSync(join(dir, "meta.json"), JSON.stringify({ train: Xtr.rows, test: Xte.rows, cols: Xtr.cols }));
  const results: Record<string, unknown>[] = [];
  try {
    for (const l of LEARNERS) {
      const m = l.make();
      const fitSeconds = timeFit(m, Xtr, ytr);
      const inf = timeInference(m, Xte, { minSeconds: 0.2, latencyRows: 200 });
      const vigil = { macroF1: macroF1(yte, m.predict(Xte), d.k), fitSeconds, ...inf };
      const r = spawnSync("/usr/bin/python3", [PEER, dir, l.name], {
        encoding: "utf8",
        maxBuffer: 1 << 24,
        env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
      });
      let sklearn: Record<string, number> | { error: string };
      if (r.status !== 0) sklearn = { error: (r.stderr || r.error?.message || "peer failed").slice(-500) };
      else {
        const t = JSON.parse(r.stdout.trim().split("\n").pop() as string) as Record<string, number>;
        const pb = readFileSync(join(dir, "pred.bin"));
        const pred = new Int32Array(pb.buffer, pb.byteOffset, pb.byteLength / 4);
        sklearn = { macroF1: macroF1(yte, Int32Array.from(pred), d.k), ...t };
      }
      const ratio =
        "error" in sklearn
          ? null
          : {
              fitTimeVigilOverSklearn: fitSeconds / sklearn.fitSeconds,
              batchThroughputVigilOverSklearn: inf.batchRowsPerSecond / sklearn.predictRowsPerSec,
              singleRowLatencyVigilOverSklearn: inf.singleRowMicros / sklearn.singleRowMicros,
            };
      results.push({ learner: l.name, vigil, sklearn, ratio });
      process.stderr.write(`${l.name} done\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out = {
    bench: "classical",
    data: d.source,
    split: `stratified 75/25, seed 0: ${Xtr.rows} train / ${Xte.rows} test; median imputer + StandardScaler fitted on train`,
    peer: "scikit-learn 1.2 via /usr/bin/python3, 1 BLAS thread",
    results,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
