/**
 * The flow stage: flow records from the flow table (packet sources) and from flow sources (NetFlow,
 * Zeek, MQTT, NATS) wait in a bounded queue, are scored by the flow-model detector when one is
 * configured, and go on to the dispatcher (store, device view, alerts). A JetStream record's ack
 * travels with it and runs only once the record is stored.
 */
import type { Alert } from "../schemas/alert.js";
import type { FlowRecord } from "../schemas/flow.js";
import type { StageItem } from "./dispatcher.js";
import type { BoundedQueue } from "./queue/bounded-queue.js";
import type { FlowAck } from "./sources/source.js";

/** What the service needs of a flow-model detector. */
export interface FlowScorer {
  readonly name: string;
  /** Anomaly score (or attack probability) of one record, and the alert when it crosses the threshold. */
  score(rec: FlowRecord, index: number): { score: number; alert: Alert | null };
  /** Model description for the API (kind, features, threshold, training summary). */
  info(): Record<string, unknown>;
}

export interface FlowItem {
  rec: FlowRecord;
  ack?: FlowAck;
  startMs: number;
  sourceKey: string;
  resumeKey: string | null;
}

export class FlowStage {
  flows = 0;
  alerts = 0;
  scoreErrors = 0;

  constructor(
    readonly queue: BoundedQueue<FlowItem>,
    private readonly alertQueue: BoundedQueue<StageItem>,
    private readonly scorer: FlowScorer | undefined,
  ) {}

  async run(): Promise<void> {
    for (;;) {
      const it = await this.queue.take();
      if (it === undefined) return;
      const index = this.flows++;
      let score: number | null = null;
      if (this.scorer) {
        try {
          const r = this.scorer.score(it.rec, index);
          score = r.score;
          if (r.alert !== null) {
            this.alerts++;
            await this.alertQueue.put({
              kind: "alert",
              alert: r.alert,
              startMs: it.startMs,
              sourceKey: it.sourceKey,
              resumeKey: null,
              record: index,
              idKey: it.rec.uid,
            });
          }
        } catch (e) {
          // A record the model cannot score is counted; the service keeps running.
          if (++this.scoreErrors <= 5)
            process.stderr.write(`vigil: flow ${it.rec.uid}: ${(e as Error).message}\n`);
        }
      }
      await this.alertQueue.put({ kind: "flow", rec: it.rec, score, ack: it.ack });
    }
  }
}
