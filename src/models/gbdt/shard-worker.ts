/**
 * Worker-thread entry for ./feature-parallel.ts: takes the fit's arrays (TASK_INIT), then runs share 1
 * of each task the grower posts on the shared control array, and marks it done (or failed, with the
 * error on the port).
 */
import { receiveMessageOnPort, workerData } from "node:worker_threads";
import {
  HCTL,
  type HelperInit,
  type HelperStart,
  spinWhile,
  TASK_CHILDREN,
  TASK_INIT,
  TASK_ROOT,
} from "./feature-parallel.js";
import { FeatureShard, partitionHalf } from "./hist-shard.js";

const { ctl, port } = workerData as HelperStart;
let init: HelperInit | null = null;
let shard: FeatureShard | null = null;
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
    const kind = ctl[HCTL.kind];
    if (kind === TASK_INIT) {
      init = (receiveMessageOnPort(port)?.message as HelperInit | undefined) ?? null;
      if (init === null) throw new Error("no arrays on the port");
      shard = new FeatureShard(1, init.cfg, init.arrays, init.nFeatures);
    } else {
      if (init === null || shard === null) throw new Error("a task before the arrays");
      const { feats, nFeatures, arrays, cfg } = init;
      const v = Atomics.load(ctl, HCTL.featVersion);
      if (v !== featVersion) {
        featVersion = v;
        shard.setFeatures(feats, feats.subarray(nFeatures), Atomics.load(ctl, HCTL.nFeats));
      }
      const a = ctl[HCTL.args];
      const b = ctl[HCTL.args + 1];
      const c = ctl[HCTL.args + 2];
      const d = ctl[HCTL.args + 3];
      if (kind === TASK_ROOT) shard.root(a);
      else if (kind === TASK_CHILDREN) shard.children(a, b, c, d);
      else partitionHalf(arrays, cfg.bins, cfg.nRows, a, b, c, d, 1);
    }
    Atomics.store(ctl, HCTL.done, cmd);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    Atomics.store(ctl, HCTL.done, -cmd);
  }
  Atomics.notify(ctl, HCTL.done);
}
port.close();
