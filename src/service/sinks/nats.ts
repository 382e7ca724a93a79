/**
 * NATS publish sink: each alert as JSON on one subject. With `jetstream: true` the publish waits for
 * the stream's acknowledgement and carries the alert id as Nats-Msg-Id, so the stream stores an alert
 * once even when two workers (or a restarted one) publish it twice.
 */
import type { z } from "zod";
import {
  connectNats,
  headers,
  type JetStreamClient,
  jetstream,
  type NatsConnection,
} from "../brokers/nats.js";
import type { NatsSinkSchema } from "../config/schema.js";
import { NetworkBacklog } from "./network-backlog.js";
import type { ServiceAlert, Sink, SinkStats } from "./sink.js";

export class NatsSink implements Sink {
  readonly name: string;
  private nc: NatsConnection | undefined;
  private js: JetStreamClient | undefined;
  private readonly backlog: NetworkBacklog;

  constructor(
    private readonly cfg: z.infer<typeof NatsSinkSchema>,
    maxPending = 10_000,
  ) {
    this.name = `nats:${cfg.subject}`;
    this.backlog = new NetworkBacklog(
      maxPending,
      async (a) => {
        const data = JSON.stringify(a);
        if (this.js) {
          await this.js.publish(this.cfg.subject, data, { msgID: a.alert_id });
        } else {
          const h = headers();
          h.set("Nats-Msg-Id", a.alert_id);
          this.nc?.publish(this.cfg.subject, data, { headers: h });
        }
      },
      this.name,
    );
  }

  async open(): Promise<void> {
    this.nc = await connectNats(this.cfg.servers, "vigil-sink");
    if (this.cfg.jetstream) this.js = jetstream(this.nc);
  }

  write(a: ServiceAlert): boolean {
    return this.backlog.write(a);
  }

  async flush(): Promise<void> {
    await this.backlog.flush();
    await this.nc?.flush();
  }

  async close(): Promise<void> {
    if (this.backlog.closed) return;
    await this.flush();
    this.backlog.closed = true;
    await this.nc?.drain();
  }

  stats(): SinkStats {
    return { ...this.backlog.st };
  }
}
