/** MQTT publish sink: each alert as JSON on one topic (QoS 1 by default: the broker confirms it). */
import type { z } from "zod";
import { connectMqtt, type MqttClient } from "../brokers/mqtt.js";
import type { MqttSinkSchema } from "../config/schema.js";
import { NetworkBacklog } from "./network-backlog.js";
import type { ServiceAlert, Sink, SinkStats } from "./sink.js";

export class MqttSink implements Sink {
  readonly name: string;
  private client: MqttClient | undefined;
  private readonly backlog: NetworkBacklog;

  constructor(
    private readonly cfg: z.infer<typeof MqttSinkSchema>,
    maxPending = 10_000,
    private readonly clientId = `vigil-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
  ) {
    this.name = `mqtt:${cfg.url}/${cfg.topic}`;
    this.backlog = new NetworkBacklog(
      maxPending,
      async (a) => {
        await this.client?.publishAsync(this.cfg.topic, JSON.stringify(a), { qos: this.cfg.qos });
      },
      this.name,
    );
  }

  async open(): Promise<void> {
    this.client = await connectMqtt(this.cfg.url, this.clientId);
  }

  write(a: ServiceAlert): boolean {
    return this.backlog.write(a);
  }

  flush(): Promise<void> {
    return this.backlog.flush();
  }

  async close(): Promise<void> {
    if (this.backlog.closed) return;
    await this.backlog.flush();
    this.backlog.closed = true;
    await this.client?.endAsync();
  }

  stats(): SinkStats {
    return { ...this.backlog.st };
  }
}
