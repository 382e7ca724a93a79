/** Sinks by config type (one file each, one Sink interface). */
import type { SinkConfig } from "../config/schema.js";
import { EveFileSink } from "./eve-file.js";
import { MqttSink } from "./mqtt.js";
import { NatsSink } from "./nats.js";
import type { Sink } from "./sink.js";
import { SqliteSink } from "./sqlite.js";
import { WebhookSink } from "./webhook.js";

export type { Sink };
export { EveFileSink, MqttSink, NatsSink, SqliteSink, WebhookSink };

export function createSink(c: SinkConfig, maxPending: number, keepFlows: number): Sink {
  switch (c.type) {
    case "eve":
      return new EveFileSink(c);
    case "sqlite":
      return new SqliteSink(c, keepFlows, 100, maxPending);
    case "mqtt":
      return new MqttSink(c, maxPending);
    case "nats":
      return new NatsSink(c, maxPending);
    case "webhook":
      return new WebhookSink(c, maxPending);
  }
}
