/**
 * Boosting's per-round trees on several threads: within a round, the trees of different raw-score
 * columns (one per class for a softmax) depend only on the round's probabilities, so worker j grows the
 * columns c with c % jobs == j (this thread takes j = 0) while fit() stays synchronous: the workers keep
 * the fit's arrays in shared memory for the whole fit, a control word starts each round (Atomics.notify)
 * and this thread blocks on each worker's done word, then reads its trees with receiveMessageOnPort.
 * The trees are the same bits as a one-thread fit (each column's step is ./class-tree.ts either way);
 * the gain importances are summed per thread, so their last bits may differ with the thread count.
 * Two classes have one column per round: nothing to share out, the fit stays on this thread. Without a
 * compiled worker script (running from TypeScript sources with no build) it also stays on this thread.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { VigilError } from "../../errors.js";
import type { NodeStore } from "../tree/flat.js";
import {
  type BoostData,
  growColumnTree,
  type StepScratch,
  type TreeArrays,
  treeFromArrays,
} from "./class-tree.js";

/** Slots of the shared control array. */
export const CTL = { command: 0, exit: 1, count: 2, doneBase: 4 } as const;

/** Each round's column features (nColumns x nFeatures, the first featureCounts[c] used), shared. */
export interface RoundPlan {
  features: Int32Array;
  featureCounts: Int32Array;
}

/** The compiled worker script `name` (beside this module, or under dist/ when running from sources). */
export function workerScript(name: string): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, name);
  if (existsSync(beside)) return beside;
  const built = join(resolve(here, "..", "..", ".."), "dist", "src", "models", "gbdt", name);
  return existsSync(built) ? built : null;
}

/** Copies a typed array into shared memory (workers see the same bytes). */
export function shared<T extends Int32Array | Uint8Array | Float32Array | Float64Array>(a: T): T {
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

export class BoostingPool {
  readonly jobs: number;
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 16));
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private command = 0;
  private readonly workerGains: Float64Array[] = [];

  /** `data`'s arrays must be shared (see shared()); jobs - 1 workers start here. */
  private constructor(
    private readonly data: BoostData,
    readonly plan: RoundPlan,
    jobs: number,
    script: string,
  ) {
    this.jobs = jobs;
    for (let slot = 1; slot < jobs; slot++) {
      const ch = new MessageChannel();
      const worker = new Worker(script, {
        workerData: { data, ctl: this.ctl, plan, port: ch.port2, slot, jobs },
        transferList: [ch.port2],
      });
      worker.unref();
      this.workers.push({ worker, port: ch.port1 });
    }
  }

  /** A pool, or null when the fit should stay on this thread (one job, one column, no worker script). */
  static open(data: BoostData, plan: RoundPlan, nJobs: number): BoostingPool | null {
    const jobs = Math.min(nJobs, data.nColumns, 12);
    if (jobs <= 1) return null;
    const script = workerScript("boost-worker.js");
    return script === null ? null : new BoostingPool(data, plan, jobs, script);
  }

  /**
   * Grows every column's tree for this round (the plan already holds each column's features) and
   * returns them in column order; this thread grows its own columns with `scratch` meanwhile.
   */
  round(count: number, scratch: StepScratch, gainImp: Float64Array): NodeStore[] {
    const ctl = this.ctl;
    const cmd = ++this.command;
    Atomics.store(ctl, CTL.count, count);
    Atomics.store(ctl, CTL.command, cmd);
    Atomics.notify(ctl, CTL.command);
    const C = this.data.nColumns;
    const F = this.data.nFeatures;
    const out: NodeStore[] = new Array(C);
    for (let c = 0; c < C; c += this.jobs) {
      const features = this.plan.features.slice(c * F, c * F + this.plan.featureCounts[c]);
      out[c] = growColumnTree(this.data, scratch, c, count, features, gainImp);
    }
    for (let slot = 1; slot < this.jobs; slot++) {
      const done = CTL.doneBase + slot;
      while (Atomics.load(ctl, done) !== cmd && Atomics.load(ctl, done) !== -cmd) {
        Atomics.wait(ctl, done, Atomics.load(ctl, done), 1000);
      }
      const msg = receiveMessageOnPort(this.workers[slot - 1].port);
      const body = msg?.message as
        | { trees?: TreeArrays[]; gainImp?: Float64Array; error?: string }
        | undefined;
      if (Atomics.load(ctl, done) !== cmd || body?.trees === undefined) {
        throw new VigilError("E_INTERNAL", `boosting worker ${slot} failed: ${body?.error ?? "no result"}`);
      }
      let k = 0;
      for (let c = slot; c < C; c += this.jobs) out[c] = treeFromArrays(body.trees[k++]);
      this.workerGains[slot - 1] = body.gainImp as Float64Array;
    }
    return out;
  }

  /** Adds the workers' split gains (in worker order) to gainImp and stops the workers. */
  close(gainImp: Float64Array): void {
    for (const g of this.workerGains) if (g) for (let f = 0; f < gainImp.length; f++) gainImp[f] += g[f];
    Atomics.store(this.ctl, CTL.exit, 1);
    Atomics.store(this.ctl, CTL.command, ++this.command);
    Atomics.notify(this.ctl, CTL.command);
    for (const w of this.workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}
