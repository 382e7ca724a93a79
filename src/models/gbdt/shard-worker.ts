/**
 * Worker-thread entry for ./feature-parallel.ts: runs share 1 of each task the grower posts on the
 * shared control array, and marks it done (or failed, with the error on the port).
 */
import { workerData } from "node:worker_threads";
import { HCTL, type HelperInit, spinWhile, TASK_CHILDREN, TASK_ROOT } from "./feature-parallel.js";
import { FeatureShard, partitionHalf } from "./hist-shard.js";

const { cfg, arrays, nFeatures, ctl, feats, port } = workerData as HelperInit;
const shard = new FeatureShard(1, cfg, arrays, nFeatures);
let featVersion = 0;
let seen = 0;
for (;;) {
  let cmd = spinWhile(ctl, HCTL.command, seen);
  while (cmd === seen) {
    Atomics.wait(ctl, HCTL.command, seen);
    cmd = Atomics.load(ctl, HCTL.command);
  }
  seen = cmd;
  if (Atomics.load(ctl, HCTL.exit) === 1) break;
  try {
    const v = Atomics.load(ctl, HCTL.featVersion);
    if (v !== featVersion) {
      featVersion = v;
      const n = Atomics.load(ctl, HCTL.nFeats);
      shard.setFeatures(feats, feats.subarray(nFeatures), n);
    }
    const kind = ctl[HCTL.kind];
    const a = ctl[HCTL.args];
    const b = ctl[HCTL.args + 1];
    const c = ctl[HCTL.args + 2];
    const d = ctl[HCTL.args + 3];
    if (kind === TASK_ROOT) shard.root(a);
    else if (kind === TASK_CHILDREN) shard.children(a, b, c, d);
    else partitionHalf(arrays, cfg.bins, cfg.nRows, a, b, c, d, 1);
    Atomics.store(ctl, HCTL.done, cmd);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    Atomics.store(ctl, HCTL.done, -cmd);
  }
  Atomics.notify(ctl, HCTL.done);
}
port.close();
