/**
 * Runs bench/robust-peer.py (imbalanced-learn + scikit-learn) on the same rows and the same stratified
 * 3 folds (seed 0) as the vigil augmentation table; returns its JSON, or why it could not run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { splitsFor } from "../src/evaluate/crossval.js";
import type { Matrix } from "../src/table/matrix.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PEER = join(ROOT, "bench", "robust-peer.py");

export function augmentPeer(
  X: Matrix,
  y: Int32Array,
  classes: string[],
  minority: number,
  trees: number,
): unknown {
  const dir = mkdtempSync(join(tmpdir(), "vigil-robust-"));
  try {
    const data = X.data.map((v) => (Number.isNaN(v) ? -999 : v));
    const folds = new Int32Array(y.length);
    splitsFor(y, { folds: 3, seed: 0 }).forEach((s, f) => {
      for (const i of s.test) folds[i] = f;
    });
    const buf = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(join(dir, "x.bin"), buf(data));
    writeFileSync(join(dir, "y.bin"), buf(y));
    writeFileSync(join(dir, "folds.bin"), buf(folds));
    writeFileSync(
      join(dir, "meta.json"),
      JSON.stringify({ rows: X.rows, cols: X.cols, classes: classes.length, minority, trees }),
    );
    const r = spawnSync("/usr/bin/python3", [PEER, dir], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
      env: { ...process.env, OMP_NUM_THREADS: "2" },
    });
    if (r.status !== 0) return { available: false, reason: `peer failed: ${r.stderr.slice(-400)}` };
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
