/**
 * The last stage: takes alerts (and processed flows) from the bounded alert queue in order, applies
 * resume de-duplication and suppression, gives each alert its stable id and hands it to every sink;
 * records the latency from packet read (or flow arrival) to sink write. `flushAll` flushes every sink
 * and then advances the checkpoint, so a restart never re-delivers what the sinks confirmed.
 */
import type { Alert } from "../schemas/alert.js";
import type { FlowRecord } from "../schemas/flow.js";
import type { Checkpoint } from "./checkpoint.js";
import { LatencyHistogram } from "./metrics.js";
import type { BoundedQueue } from "./queue/bounded-queue.js";
import { alertId, type ServiceAlert, type Sink } from "./sinks/sink.js";
import type { SqliteSink } from "./sinks/sqlite.js";
import type { FlowAck } from "./sources/source.js";
import type { Suppressor } from "./suppression.js";
import type { Devices, Timeline } from "./views.js";

export type StageItem =
  | {
      kind: "alert";
      alert: Alert;
      /** performance.now() when the packet (or flow) was read. */
      startMs: number;
      /** Input identity for ids; resumable inputs also have `resumeKey`. */
      sourceKey: string;
      resumeKey: string | null;
      /** Record number within the input (packet index, flow sequence). */
      record: number;
      /** What identifies the record across workers and restarts (flow uid); default `record`. */
      idKey?: string;
    }
  | { kind: "flow"; rec: FlowRecord; score: number | null; ack?: FlowAck };

export interface DispatcherCounters {
  alerts_in: number;
  alerts_out: number;
  alerts_suppressed: number;
  alerts_already_delivered: number;
  flows: number;
}

export class Dispatcher {
  readonly latency = new LatencyHistogram();
  readonly counters: DispatcherCounters = {
    alerts_in: 0,
    alerts_out: 0,
    alerts_suppressed: 0,
    alerts_already_delivered: 0,
    flows: 0,
  };
  /** Most recent alerts in memory (the API's fallback without SQLite, and the live stream). */
  readonly recent: ServiceAlert[] = [];
  private readonly listeners = new Set<(a: ServiceAlert) => void>();
  private readonly lastRecord = new Map<string, number>();
  private readonly resumeFrom = new Map<string, number>();
  /** Recent processed flows when there is no SQLite store. */
  readonly recentFlows: { worker: string; score: number | null; flow: FlowRecord }[] = [];

  constructor(
    private readonly queue: BoundedQueue<StageItem>,
    private readonly sinks: Sink[],
    private readonly suppressor: Suppressor,
    private readonly checkpoint: Checkpoint,
    private readonly worker: string,
    private readonly store: SqliteSink | undefined,
    private readonly timeline: Timeline,
    private readonly devices: Devices,
    private readonly keepRecent = 1000,
  ) {}

  /** Live alert stream (server-sent events); returns the unsubscribe function. */
  subscribe(fn: (a: ServiceAlert) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Drains the queue until it is closed and empty. */
  async run(): Promise<void> {
    for (;;) {
      const item = await this.queue.take();
      if (item === undefined) return;
      this.handle(item);
      // Handle whatever else is queued without yielding per item.
      for (let it = this.queue.poll(); it !== undefined; it = this.queue.poll()) this.handle(it);
    }
  }

  private handle(item: StageItem): void {
    if (item.kind === "flow") {
      this.counters.flows++;
      const f = item.rec;
      this.timeline.flow(f.ts);
      this.devices.flow(
        f["id.orig_h"],
        f["id.resp_h"],
        f.ts,
        f.orig_pkts ?? 0,
        f.resp_pkts ?? 0,
        f.orig_ip_bytes ?? 0,
        f.resp_ip_bytes ?? 0,
      );
      if (this.store) this.store.writeFlow(f, this.worker, item.score, item.ack);
      else {
        this.recentFlows.push({ worker: this.worker, score: item.score, flow: f });
        if (this.recentFlows.length > this.keepRecent) this.recentFlows.shift();
        item.ack?.();
      }
      return;
    }
    this.counters.alerts_in++;
    const a = item.alert;
    if (item.resumeKey !== null) {
      let from = this.resumeFrom.get(item.resumeKey);
      if (from === undefined) {
        from = this.checkpoint.deliveredThrough(item.resumeKey);
        this.resumeFrom.set(item.resumeKey, from);
      }
      if (item.record <= from) {
        this.counters.alerts_already_delivered++;
        return;
      }
    }
    if (this.suppressor.suppresses(a)) {
      this.counters.alerts_suppressed++;
      return;
    }
    const sa: ServiceAlert = {
      ...a,
      alert_id: alertId(item.sourceKey, a, item.idKey ?? item.record),
      host: this.worker,
    };
    for (const s of this.sinks) s.write(sa);
    this.latency.observe(performance.now() - item.startMs);
    this.counters.alerts_out++;
    if (item.resumeKey !== null) this.lastRecord.set(item.resumeKey, item.record);
    const tsSec = Date.parse(a.timestamp.replace(/([+-]\d\d)(\d\d)$/, "$1:$2")) / 1000;
    this.timeline.alert(tsSec);
    this.devices.alert(a.src_ip, a.dest_ip, tsSec, a.vigil.score);
    this.recent.push(sa);
    if (this.recent.length > this.keepRecent) this.recent.shift();
    for (const fn of this.listeners) fn(sa);
  }

  /** Flushes every sink, then records what they now hold in the checkpoint. */
  async flushAll(): Promise<void> {
    const marks = [...this.lastRecord.entries()];
    await Promise.all(this.sinks.map((s) => s.flush()));
    for (const [key, through] of marks) this.checkpoint.save(key, through);
  }
}
