/**
 * Worker-thread entry for ./parallel-rounds.ts: holds the fit's shared arrays and, each time the
 * control word moves, grows the trees of its raw-score columns for that round and posts them back.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { type BoostData, growColumnTree, stepScratch, type TreeArrays, treeToArrays } from "./class-tree.js";
import { CTL, type RoundPlan } from "./parallel-rounds.js";

const { data, ctl, plan, port, slot, jobs } = workerData as {
  data: BoostData;
  ctl: Int32Array;
  plan: RoundPlan;
  port: MessagePort;
  slot: number;
  jobs: number;
};

const scratch = stepScratch(data);
const gainImp = new Float64Array(data.nFeatures);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, CTL.command, seen);
  const cmd = Atomics.load(ctl, CTL.command);
  if (Atomics.load(ctl, CTL.exit) === 1) break;
  seen = cmd;
  try {
    const count = Atomics.load(ctl, CTL.count);
    const trees: TreeArrays[] = [];
    const F = data.nFeatures;
    for (let c = slot; c < data.nColumns; c += jobs) {
      const nf = plan.featureCounts[c];
      const features = plan.features.slice(c * F, c * F + nf);
      trees.push(treeToArrays(growColumnTree(data, scratch, c, count, features, gainImp)));
    }
    port.postMessage({ trees, gainImp });
    Atomics.store(ctl, CTL.doneBase + slot, cmd);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    Atomics.store(ctl, CTL.doneBase + slot, -cmd);
  }
  Atomics.notify(ctl, CTL.doneBase + slot);
}
port.close();
