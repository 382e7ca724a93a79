/**
 * Flow records (JSON) from NATS. With `jetstream`, workers share one durable pull consumer of a
 * work-queue stream: each record goes to one worker and is acknowledged only after it was processed
 * (stored, scored, its alerts handed to the sinks); a worker that dies leaves its records unacked and
 * JetStream redelivers them to another after `ack_wait_ms` (at-least-once; consumers de-duplicate by
 * flow uid). Without it, a plain (optionally queue-group) subscription: at-most-once.
 */
import type { z } from "zod";
import type { FlowRecord } from "../../schemas/flow.js";
import { connectNats, ensureWorkQueue, jetstream } from "../brokers/nats.js";
import type { NatsSourceSchema } from "../config/schema.js";
import { parseFlow } from "./mqtt.js";
import type { FlowAck, FlowSource } from "./source.js";

export class NatsFlowSource implements FlowSource {
  readonly kind = "flows";
  readonly canWait = true;
  readonly resumeKey = null;
  readonly name: string;
  private stopped = false;
  private unacked = 0;
  private stopHook: (() => void) | undefined;
  private readonly c = { messages: 0, records: 0, malformed: 0, redelivered: 0 };

  constructor(private readonly cfg: z.infer<typeof NatsSourceSchema>) {
    this.name = `nats:${cfg.subject}`;
  }

  async run(deliver: (rec: FlowRecord, ack?: FlowAck) => Promise<boolean> | boolean): Promise<void> {
    const nc = await connectNats(this.cfg.servers, "vigil-source");
    const jsCfg = this.cfg.jetstream;
    try {
      if (jsCfg === undefined) {
        const sub = nc.subscribe(this.cfg.subject, { queue: this.cfg.queue_group });
        this.stopHook = () => sub.unsubscribe();
        for await (const m of sub) {
          this.c.messages++;
          const rec = parseFlow(m.string());
          if (rec === null) this.c.malformed++;
          else {
            this.c.records++;
            const r = deliver(rec);
            if (typeof r !== "boolean") await r;
          }
        }
        return;
      }
      await ensureWorkQueue(nc, jsCfg.stream, this.cfg.subject, jsCfg.consumer, jsCfg.ack_wait_ms);
      const consumer = await jetstream(nc).consumers.get(jsCfg.stream, jsCfg.consumer);
      const messages = await consumer.consume({ max_messages: jsCfg.batch });
      this.stopHook = () => void messages.stop();
      if (this.stopped) this.stopHook();
      for await (const m of messages) {
        this.c.messages++;
        if (m.redelivered) this.c.redelivered++;
        const rec = parseFlow(m.string());
        if (rec === null) {
          this.c.malformed++;
          m.term(); // never redeliver what cannot parse
          continue;
        }
        this.c.records++;
        this.unacked++;
        const r = deliver(rec, () => {
          m.ack();
          this.unacked--;
        });
        if (typeof r !== "boolean") await r;
        if (this.stopped) break;
      }
      // Records handed on are acknowledged once processed: wait for them before closing the connection.
      const end = Date.now() + 30_000;
      while (this.unacked > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await nc.drain().catch(() => undefined);
    }
  }

  stop(): void {
    this.stopped = true;
    this.stopHook?.();
  }

  counters(): Record<string, number> {
    return { ...this.c };
  }
}
