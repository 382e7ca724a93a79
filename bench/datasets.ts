/**
 * npm run bench:datasets — loading the shared datasets through their specs:
 *  - TON_IoT network from its zip (inflated while streaming; target < 2 s for the whole loadDataset)
 *    and the CICIoT2023 sample: seconds to read the table (spec.read) and to load the dataset (table +
 *    feature matrix + labels), median of N runs, rows/s, and the CPU seconds of a load (steadier than wall
 *    time on a shared machine);
 *  - peer: Python's standard library (zipfile + csv.reader + float()) reading the same columns, when
 *    /usr/bin/python3 exists;
 *  - every other built-in dataset once (seconds, rows).
 * Prints one JSON document. `--quick` (or VIGIL_BENCH_QUICK=1): one run each, no peer, no others.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { datasetSpec, listDatasets, loadDataset } from "../src/datasets/index.js";
import { datasetsDir, defaultSharedDir } from "../src/datasets/shared-dir.js";

const QUICK = process.argv.includes("--quick") || process.env.VIGIL_BENCH_QUICK === "1";
const RUNS = QUICK ? 1 : 5;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PEER = join(ROOT, "bench", "datasets-peer.py");
const PYTHON = "/usr/bin/python3";
const TARGET_TON_SECONDS = 2;

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function timeDataset(id: string, sharedDir: string, runs: number) {
  const spec = datasetSpec(id);
  const ctx = { datasetsDir: datasetsDir(sharedDir), badRows: "error" as const };
  const readSeconds: number[] = [];
  const loadSeconds: number[] = [];
  const loadCpuSeconds: number[] = [];
  let rows = 0;
  let cols = 0;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const t = await spec.read(ctx);
    readSeconds.push((performance.now() - t0) / 1000);
    rows = t.rowCount;
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const d = await loadDataset(id, { sharedDir });
    loadSeconds.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    loadCpuSeconds.push((cpu.user + cpu.system) / 1e6);
    cols = d.X.cols;
  }
  return {
    id,
    rows,
    matrixCols: cols,
    runs,
    readTableSeconds: { median: round(median(readSeconds)), min: round(Math.min(...readSeconds)) },
    loadDatasetSeconds: { median: round(median(loadSeconds)), min: round(Math.min(...loadSeconds)) },
    loadRowsPerSec: Math.round(rows / median(loadSeconds)),
    // CPU time of this process (all threads): steadier than wall time on a shared machine
    loadDatasetCpuSeconds: { median: round(median(loadCpuSeconds)), min: round(Math.min(...loadCpuSeconds)) },
  };
}

function peer(id: string, sharedDir: string, runs: number) {
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} absent` };
  const spec = datasetSpec(id);
  const file = join(datasetsDir(sharedDir), spec.files[0]);
  const r = spawnSync(
    PYTHON,
    [
      PEER,
      file,
      JSON.stringify(spec.numeric),
      JSON.stringify([...spec.categorical, spec.label]),
      String(runs),
    ],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) return { skipped: `peer failed: ${r.stderr.slice(-300)}` };
  const res = JSON.parse(r.stdout) as { rows: number; seconds: number[] };
  return {
    tool: "python3 stdlib zipfile + csv.reader + float()",
    rows: res.rows,
    seconds: { median: round(median(res.seconds)), min: round(Math.min(...res.seconds)) },
  };
}

async function main(): Promise<void> {
  const sharedDir = defaultSharedDir();
  const available = new Set(
    listDatasets({ sharedDir })
      .filter((d) => d.available)
      .map((d) => d.id),
  );
  const result: Record<string, unknown> = {
    bench: "datasets",
    node: process.version,
    cpus: cpus().length,
    quick: QUICK,
    sharedDir,
  };
  const primary: unknown[] = [];
  for (const id of ["ton-iot-network", "ciciot2023-sample"]) {
    if (!available.has(id)) {
      primary.push({ id, skipped: "files absent" });
      continue;
    }
    const timed = await timeDataset(id, sharedDir, RUNS);
    const entry: Record<string, unknown> = { ...timed };
    if (!QUICK) {
      const p = peer(id, sharedDir, Math.min(RUNS, 3));
      entry.peer = p;
      if ("seconds" in p && p.seconds !== undefined) {
        entry.speedupVsPeerReadTable = round(p.seconds.median / timed.readTableSeconds.median, 2);
      }
    }
    if (id === "ton-iot-network") {
      entry.targetSeconds = TARGET_TON_SECONDS;
      entry.meetsTarget = timed.loadDatasetSeconds.median < TARGET_TON_SECONDS;
    }
    primary.push(entry);
  }
  result.datasets = primary;
  if (!QUICK) {
    const others: unknown[] = [];
    for (const id of available) {
      if (id === "ton-iot-network" || id === "ciciot2023-sample") continue;
      const t0 = performance.now();
      const d = await loadDataset(id, { sharedDir });
      others.push({ id, rows: d.X.rows, cols: d.X.cols, seconds: round((performance.now() - t0) / 1000) });
    }
    result.others = others;
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
