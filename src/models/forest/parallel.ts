/**
 * Growing a forest's trees on several threads while keeping fit() synchronous: the trees are split into
 * nJobs contiguous slices (tree t keeps its seed, so the forest is the same for any nJobs); worker threads
 * grow slices 1.., this thread grows slice 0, then it blocks on a shared flag (Atomics.wait) and reads each
 * worker's result with receiveMessageOnPort. Falls back to this thread alone when the compiled worker
 * script is not found (running from TypeScript sources without a build).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { VigilError } from "../../errors.js";
import { NodeStore } from "../tree/flat.js";
import { type ForestTask, fitTrees, type TreesResult } from "./fit-forest.js";

export interface SerializedStore {
  n: number;
  nOutputs: number;
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  cover: Float32Array;
  value: Float32Array;
}

export function serializeStore(s: NodeStore): SerializedStore {
  return {
    n: s.n,
    nOutputs: s.nOutputs,
    feature: s.feature.slice(0, s.n),
    threshold: s.threshold.slice(0, s.n),
    left: s.left.slice(0, s.n),
    right: s.right.slice(0, s.n),
    cover: s.cover.slice(0, s.n),
    value: s.value.slice(0, s.n * s.nOutputs),
  };
}

function deserializeStore(o: SerializedStore): NodeStore {
  const s = new NodeStore(o.nOutputs, Math.max(1, o.n));
  s.n = o.n;
  s.feature.set(o.feature);
  s.threshold.set(o.threshold);
  s.left.set(o.left);
  s.right.set(o.right);
  s.cover.set(o.cover);
  s.value.set(o.value);
  return s;
}

function workerScript(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "forest-worker.js");
  if (existsSync(beside)) return beside;
  // Running from sources (vitest): use the build's copy if there is one.
  const root = resolve(here, "..", "..", "..");
  const built = join(root, "dist", "src", "models", "forest", "forest-worker.js");
  return existsSync(built) ? built : null;
}

export function fitTreesParallel(task: ForestTask, seeds: Int32Array, nJobs: number): TreesResult {
  const script = workerScript();
  const jobs = Math.min(nJobs, seeds.length);
  if (script === null || jobs <= 1) return fitTrees(task, seeds);
  const bounds: number[] = [];
  for (let j = 0; j <= jobs; j++) bounds.push(Math.round((j * seeds.length) / jobs));
  const flag = new Int32Array(new SharedArrayBuffer(4 * jobs));
  const workers: { worker: Worker; port: import("node:worker_threads").MessagePort }[] = [];
  for (let j = 1; j < jobs; j++) {
    const ch = new MessageChannel();
    const worker = new Worker(script, {
      workerData: { task, seeds: seeds.slice(bounds[j], bounds[j + 1]), port: ch.port2, flag, slot: j },
      transferList: [ch.port2],
    });
    workers.push({ worker, port: ch.port1 });
  }
  try {
    const mine = fitTrees(task, seeds.subarray(bounds[0], bounds[1]));
    const trees = [...mine.trees];
    const imps: Float64Array[] = [mine.importances];
    for (let j = 1; j < jobs; j++) {
      while (Atomics.load(flag, j) === 0) Atomics.wait(flag, j, 0, 1000);
      const w = workers[j - 1];
      const msg = receiveMessageOnPort(w.port);
      if (msg === undefined || Atomics.load(flag, j) !== 1) {
        const why = msg === undefined ? "no result" : String((msg.message as { error?: string }).error);
        throw new VigilError("E_INTERNAL", `forest worker ${j} failed: ${why}`);
      }
      const res = msg.message as { trees: SerializedStore[]; importances: Float64Array };
      for (const t of res.trees) trees.push(deserializeStore(t));
      imps.push(res.importances);
    }
    let total = 0;
    for (const a of imps) total += a.length;
    const importances = new Float64Array(total);
    let off = 0;
    for (const a of imps) {
      importances.set(a, off);
      off += a.length;
    }
    return { trees, importances };
  } finally {
    for (const w of workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}
