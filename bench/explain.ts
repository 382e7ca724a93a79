/**
 * npm run bench:explain — explanation cost per explained row, single-threaded JS:
 *  1. path-dependent TreeSHAP on a 100-tree depth-8 random forest fitted on TON_IoT network (20k
 *     stratified rows, identifiers dropped, 10 classes): the predicted class (what an alert explains),
 *     and all 10 classes; the fast form (./src/explain/treeshap-fast.ts) and Algorithm 2 as reference;
 *     local accuracy over 100 rows; interventional TreeSHAP against 100 background rows;
 *  2. path-dependent TreeSHAP on 100-round depth-6 gradient boosting (same data; 10 logit columns);
 *  3. KernelSHAP (budget 512 coalitions, 20 background rows) on the forest;
 *  4. the peer, XGBoost 1.7's own TreeSHAP (`pred_contribs`, 1 thread) on a 100-tree depth-8 XGBoost
 *     random forest fitted on the same rows, where python3-xgboost is present.
 * Without ../shared, a synthetic 20k x 40 problem stands in (said in the output). The `shap` Python
 * package is not on this machine (not a Debian package), so it is not run. Prints one JSON document.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../src/datasets/index.js";
import { stratifiedTrainTestSplit } from "../src/datasets/splits.js";
import { KernelShap } from "../src/explain/kernelshap.js";
import { maxTreeDepth, type TreeModelView, treeModelView, treeOutput } from "../src/explain/tree-view.js";
import { FastTreeShap } from "../src/explain/treeshap-fast.js";
import { InterventionalTreeShap } from "../src/explain/treeshap-interventional.js";
import { PathTreeShap } from "../src/explain/treeshap-path.js";
import { makeBlobs } from "../src/models/conformance.js";
import { RandomForestClassifier } from "../src/models/forest/random-forest.js";
import { GradientBoostingClassifier } from "../src/models/gbdt/gradient-boosting.js";
import { type Matrix, takeRows } from "../src/table/matrix.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PYTHON = "/usr/bin/python3";

async function data(): Promise<{ X: Matrix; y: Int32Array; source: string }> {
  try {
    const ds = await loadDataset("ton-iot-network");
    const split = stratifiedTrainTestSplit(ds.y, { testFraction: 1 - 20_000 / ds.y.length, seed: 0 });
    const idx = split.train;
    return {
      X: takeRows(ds.X, idx),
      y: Int32Array.from(idx, (i) => ds.y[i]),
      source: `ton-iot-network, ${idx.length} stratified rows, ${ds.X.cols} features, ${ds.classes.length} classes`,
    };
  } catch (e) {
    const { X, y } = makeBlobs({ rows: 20_000, cols: 40, classes: 2, seed: 1, spread: 4 });
    return {
      X,
      y,
      source: `synthetic 20000 x 40 blobs (ton-iot-network unavailable: ${(e as Error).message})`,
    };
  }
}

/**
 * Milliseconds per row: the best of several passes over the rows (wall clock), which is the figure least
 * disturbed by other processes on a shared machine, plus the process CPU time per row over all passes.
 */
function timeRows(
  rows: number,
  explainRow: (r: number) => void,
  passes = 5,
): { bestWallMs: number; cpuMs: number } {
  for (let r = 0; r < Math.min(20, rows); r++) explainRow(r); // warm-up
  let best = Number.POSITIVE_INFINITY;
  const c0 = process.cpuUsage();
  for (let p = 0; p < passes; p++) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < rows; r++) explainRow(r);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6 / rows);
  }
  const c = process.cpuUsage(c0);
  return { bestWallMs: best, cpuMs: (c.user + c.system) / 1000 / (rows * passes) };
}

/** Largest |sum(phi) − (f(x) − E)| over all columns of the first n rows. */
function localAccuracy(v: TreeModelView, path: FastTreeShap, rows: Float32Array, n: number): number {
  const M = v.nFeatures;
  const C = v.ensemble.nColumns;
  const phi = new Float64Array(C * M);
  const f = new Float64Array(C);
  let worst = 0;
  for (let r = 0; r < n; r++) {
    phi.fill(0);
    path.explainRow(rows, r, phi);
    treeOutput(v, rows.subarray(r * M, (r + 1) * M), f);
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < M; j++) s += phi[c * M + j];
      worst = Math.max(worst, Math.abs(s - (f[c] - path.expected[c])));
    }
  }
  return worst;
}

function leaves(e: { feature: Int32Array; nTrees: number }): number {
  let n = 0;
  for (let i = 0; i < e.feature.length; i++) if (e.feature[i] < 0) n++;
  return n / e.nTrees;
}

async function main(): Promise<void> {
  const { X, y, source } = await data();
  const M = X.cols;
  const nExplain = 500;
  const rows = X.data.subarray(0, nExplain * M);
  const out: Record<string, unknown> = {
    data: source,
    cpu: "single-threaded JS; ms figures: best wall-clock pass and CPU time per row",
    loadAverage1m: loadavg()[0],
    cores: cpus().length,
  };

  let t0 = Date.now();
  const rf = new RandomForestClassifier({ nEstimators: 100, maxDepth: 8, seed: 0 }).fit(X, y);
  const rfFit = (Date.now() - t0) / 1000;
  const rv = treeModelView(rf);
  const path = new FastTreeShap(rv);
  const alg2 = new PathTreeShap(rv);
  const C = rv.ensemble.nColumns;
  const phi = new Float64Array(C * M);
  const pred = rf.predict({ rows: nExplain, cols: M, data: rows });
  const one = new Float64Array(M);
  const pathMs = timeRows(nExplain, (r) => {
    one.fill(0);
    path.explainRow(rows, r, one, pred[r]);
  });
  const pathAllMs = timeRows(nExplain, (r) => {
    phi.fill(0);
    path.explainRow(rows, r, phi);
  });
  const alg2Ms = timeRows(nExplain, (r) => {
    one.fill(0);
    alg2.explainRow(rows, r, one, pred[r]);
  });
  const bg = X.data.subarray(X.data.length - 100 * M);
  const intv = new InterventionalTreeShap(rv, bg, 100);
  const intvMs = timeRows(50, (r) => {
    phi.fill(0);
    intv.explainRow(rows, r, phi);
  });
  out.localAccuracyMaxError = localAccuracy(rv, path, rows, 100);
  out.randomForest = {
    trees: 100,
    maxDepth: maxTreeDepth(rv.ensemble),
    meanLeavesPerTree: leaves(rv.ensemble),
    fitSeconds: rfFit,
    outputColumns: C,
    explained: "predicted class's averaged probability (what an alert explains)",
    pathDependentMsPerRow: pathMs,
    pathDependentUsPerTree: (pathMs.bestWallMs * 1000) / 100,
    pathDependentAllClassesMsPerRow: pathAllMs,
    algorithm2ReferenceMsPerRow: alg2Ms,
    interventionalBackgroundRows: 100,
    interventionalMsPerRow: intvMs,
    target: "path-dependent <= 1 ms per row",
    // one core's time per row: the CPU time (the wall clock also counts waiting for a shared core)
    met: pathMs.cpuMs <= 1,
    metOnBestWallClock: pathMs.bestWallMs <= 1,
  };

  t0 = Date.now();
  const gb = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, seed: 0 }).fit(X, y);
  const gbFit = (Date.now() - t0) / 1000;
  const gv = treeModelView(gb);
  const gpath = new FastTreeShap(gv);
  const gphi = new Float64Array(gv.ensemble.nColumns * M);
  const gpred = gb.predict({ rows: nExplain, cols: M, data: rows });
  const gMs = timeRows(nExplain, (r) => {
    one.fill(0);
    gpath.explainRow(rows, r, one, gpred[r]);
  });
  const gAllMs = timeRows(nExplain, (r) => {
    gphi.fill(0);
    gpath.explainRow(rows, r, gphi);
  });
  out.gradientBoosting = {
    rounds: gb.nIter,
    trees: gv.ensemble.nTrees,
    maxDepth: maxTreeDepth(gv.ensemble),
    fitSeconds: gbFit,
    outputColumns: gv.ensemble.nColumns,
    explained: "predicted class's softmax logit (its 100 trees)",
    pathDependentMsPerRow: gMs,
    pathDependentAllClassesMsPerRow: gAllMs,
  };

  const bgK = takeRows(
    X,
    Array.from({ length: 20 }, (_, i) => X.rows - 1 - i),
  );
  const ks = new KernelShap((m) => rf.predictProba(m), { background: bgK, budget: 512, seed: 0 });
  const kx = { rows: 10, cols: M, data: X.data.slice(0, 10 * M) };
  t0 = Date.now();
  ks.explain(kx, new Int32Array(10).fill(1));
  out.kernelShap = {
    model: "the same random forest",
    budget: 512,
    backgroundRows: 20,
    msPerRow: (Date.now() - t0) / 10,
  };

  out.peer = xgboostPeer(X, y, nExplain);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

function xgboostPeer(X: Matrix, y: Int32Array, nExplain: number): unknown {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-explain-"));
  try {
    writeFileSync(join(dir, "x.bin"), Buffer.from(X.data.buffer, X.data.byteOffset, X.data.byteLength));
    writeFileSync(join(dir, "y.bin"), Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    const r = spawnSync(
      "taskset",
      [
        "-c",
        "0",
        PYTHON,
        join(ROOT, "bench", "explain-peer.py"),
        dir,
        String(X.rows),
        String(X.cols),
        String(nExplain),
      ],
      { encoding: "utf8", timeout: 600_000 },
    );
    if (r.status !== 0)
      return { skipped: `peer failed: ${(r.stderr || r.error?.message || "").slice(-400)}` };
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
