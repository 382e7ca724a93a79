/**
 * One tree's per-node work on two threads, split by feature (LightGBM's feature-parallel and XGBoost's
 * column-wise histogram building, on one machine): a worker thread runs share 1 of each node's
 * histograms, subtraction and split search (./hist-shard.ts) while the grower's thread runs share 0, on
 * the workspace's arrays in shared memory. For fits with one tree per round (two classes), where
 * ./parallel-rounds.ts has nothing to share out. The trees are the same bits as on one thread.
 *
 * Hand-off: the grower writes the task into a shared control array and bumps the command word
 * (Atomics.notify); the worker spins briefly on it, then blocks in Atomics.wait. The grower runs its own
 * share, then waits on the done word the same way. A worker error comes back on a message port and is
 * thrown here; a worker that stops answering is reported after HELPER_TIMEOUT_MS rather than hanging.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { VigilError } from "../../errors.js";
import type { BoosterTreeOptions, BoosterWorkspace, ShardHelper } from "./grow-booster-tree.js";
import type { ShardConfig } from "./hist-shard.js";
import { workerScript } from "./parallel-rounds.js";

/** Slots of the shared control array. */
export const HCTL = {
  command: 0,
  exit: 1,
  kind: 2,
  args: 3,
  nFeats: 7,
  featVersion: 8,
  done: 9,
} as const;
export const TASK_ROOT = 0;
export const TASK_CHILDREN = 1;
export const TASK_PARTITION = 2;
export const TASK_INIT = 3;
/**
 * How long a thread spins on a control word before blocking on it: a wake-up from Atomics.wait costs
 * tens of microseconds, more than most tasks, and the grower's partition of a large node between two
 * tasks takes up to about a millisecond.
 */
export const SPIN_MS = 2;

/**
 * Spins on ctl[slot] until it is no longer `value`, for at most SPIN_MS; returns what it read last
 * (still `value` when the spin ran out).
 */
export function spinWhile(ctl: Int32Array, slot: number, value: number): number {
  let v = Atomics.load(ctl, slot);
  if (v !== value) return v;
  const until = performance.now() + SPIN_MS;
  for (;;) {
    for (let k = 0; k < 1000; k++) {
      v = Atomics.load(ctl, slot);
      if (v !== value) return v;
    }
    if (performance.now() > until) return v;
  }
}
const HELPER_TIMEOUT_MS = 120_000;

/** What the worker is started with: it starts before the fit's arrays exist (see FeatureHelper.spawn). */
export interface HelperStart {
  ctl: Int32Array;
  port: MessagePort;
}

/** What the worker is given once the fit's arrays exist (posted on the port, read with TASK_INIT). */
export interface HelperInit {
  cfg: ShardConfig;
  arrays: BoosterWorkspace["arrays"];
  nFeatures: number;
  /** Share 1's features then their list positions (2 x nFeatures). */
  feats: Int32Array;
}

export class FeatureHelper implements ShardHelper {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(16 * 4));
  private feats: Int32Array = new Int32Array(0);
  private command = 0;
  private featVersion = 0;
  /** Tasks handed to the worker so far. */
  tasks = 0;
  private readonly worker: Worker;
  private readonly port: MessagePort;

  private constructor(script: string) {
    const ch = new MessageChannel();
    const start: HelperStart = { ctl: this.ctl, port: ch.port2 };
    this.worker = new Worker(script, { workerData: start, transferList: [ch.port2] });
    this.worker.unref();
    this.port = ch.port1;
  }

  /**
   * Starts the worker thread now, so that its start-up (a thread, its modules, some 0.1 s) overlaps the
   * fit's binning; null without a compiled worker script (running from TypeScript sources, no build).
   * attach() then gives it the fit's arrays.
   */
  static spawn(): FeatureHelper | null {
    const script = workerScript("shard-worker.js");
    return script === null ? null : new FeatureHelper(script);
  }

  /** Gives the worker `ws` (whose arrays must be in shared memory, as must `bins`); sets ws.helper. */
  attach(
    ws: BoosterWorkspace,
    bins: Uint8Array,
    nRows: number,
    nBins: Int32Array,
    o: BoosterTreeOptions,
  ): void {
    const F = ws.nFeatures;
    this.feats = new Int32Array(new SharedArrayBuffer(2 * F * 4));
    const init: HelperInit = {
      cfg: {
        bins,
        nRows,
        nBins,
        sparse: null,
        maxDepth: o.maxDepth,
        lambda: o.lambda,
        minChildWeight: o.minChildWeight,
      },
      arrays: ws.arrays,
      nFeatures: F,
      feats: this.feats,
    };
    // queued on the port before the command word moves, so the worker finds it there
    this.port.postMessage(init);
    this.post(TASK_INIT, 0, 0, 0, 0);
    this.wait();
    ws.helper = this;
  }

  setFeatures(feats: Int32Array, q: Int32Array, count: number): void {
    const F = this.feats.length >> 1;
    this.feats.set(feats.subarray(0, count));
    this.feats.set(q.subarray(0, count), F);
    Atomics.store(this.ctl, HCTL.nFeats, count);
    Atomics.store(this.ctl, HCTL.featVersion, ++this.featVersion);
  }

  startRoot(node: number): void {
    this.post(TASK_ROOT, node, 0, 0, 0);
  }

  startChildren(small: number, large: number, L: number, R: number): void {
    this.post(TASK_CHILDREN, small, large, L, R);
  }

  startPartition(lo: number, hi: number, f: number, b: number): void {
    this.post(TASK_PARTITION, lo, hi, f, b);
  }

  private post(kind: number, a: number, b: number, c: number, d: number): void {
    const ctl = this.ctl;
    ctl[HCTL.kind] = kind;
    ctl[HCTL.args] = a;
    ctl[HCTL.args + 1] = b;
    ctl[HCTL.args + 2] = c;
    ctl[HCTL.args + 3] = d;
    Atomics.store(ctl, HCTL.command, ++this.command);
    Atomics.notify(ctl, HCTL.command);
    this.tasks++;
  }

  wait(): void {
    const ctl = this.ctl;
    const cmd = this.command;
    // the done word moves once, from the previous command's value to cmd or -cmd
    let v = Atomics.load(ctl, HCTL.done);
    if (v !== cmd && v !== -cmd) v = spinWhile(ctl, HCTL.done, v);
    if (v !== cmd && v !== -cmd) {
      const deadline = Date.now() + HELPER_TIMEOUT_MS;
      while (v !== cmd && v !== -cmd) {
        Atomics.wait(ctl, HCTL.done, v, 100);
        v = Atomics.load(ctl, HCTL.done);
        if (v !== cmd && v !== -cmd && Date.now() > deadline)
          throw new VigilError(
            "E_INTERNAL",
            `boosting helper thread did not answer in ${HELPER_TIMEOUT_MS} ms`,
          );
      }
    }
    if (v === -cmd) {
      const msg = receiveMessageOnPort(this.port)?.message as { error?: string } | undefined;
      throw new VigilError("E_INTERNAL", `boosting helper thread failed: ${msg?.error ?? "no message"}`);
    }
  }

  /** Stops the worker. */
  close(ws: BoosterWorkspace | null): void {
    if (ws !== null && ws.helper === this) ws.helper = null;
    Atomics.store(this.ctl, HCTL.exit, 1);
    Atomics.store(this.ctl, HCTL.command, ++this.command);
    Atomics.notify(this.ctl, HCTL.command);
    this.port.close();
    void this.worker.terminate();
  }
}
