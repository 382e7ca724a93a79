/** Worker-thread entry for ./parallel.ts: grows a slice of a forest's trees and posts them back. */
import { type MessagePort, workerData } from "node:worker_threads";
import { type ForestTask, fitTrees } from "./fit-forest.js";
import { serializeStore } from "./parallel.js";

const { task, seeds, port, flag, slot } = workerData as {
  task: ForestTask;
  seeds: Int32Array;
  port: MessagePort;
  flag: Int32Array;
  slot: number;
};

try {
  const res = fitTrees(task, seeds);
  const trees = res.trees.map(serializeStore);
  port.postMessage({ trees, importances: res.importances });
  Atomics.store(flag, slot, 1);
} catch (e) {
  port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  Atomics.store(flag, slot, 2);
}
Atomics.notify(flag, slot);
port.close();
