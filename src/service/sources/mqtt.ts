/** Flow records (JSON, FlowRecordSchema) from an MQTT topic; a message that fails the schema is counted and skipped. */

import type { FlowRecord } from "../../schemas/flow.js";
import { FlowRecordSchema } from "../../schemas/flow.js";
import { connectMqtt } from "../brokers/mqtt.js";
import type { FlowSource } from "./source.js";

export class MqttFlowSource implements FlowSource {
  readonly kind = "flows";
  readonly canWait = false;
  readonly resumeKey = null;
  readonly name: string;
  private done: (() => void) | undefined;
  private readonly c = { messages: 0, records: 0, malformed: 0 };

  constructor(
    readonly url: string,
    readonly topic: string,
  ) {
    this.name = `mqtt:${url}/${topic}`;
  }

  async run(deliver: (rec: FlowRecord) => Promise<boolean> | boolean): Promise<void> {
    const client = await connectMqtt(this.url, `vigil-src-${process.pid}`);
    client.on("message", (_topic, payload) => {
      this.c.messages++;
      const rec = parseFlow(payload.toString("utf8"));
      if (rec === null) {
        this.c.malformed++;
        return;
      }
      this.c.records++;
      void deliver(rec);
    });
    await client.subscribeAsync(this.topic, { qos: 1 });
    await new Promise<void>((r) => {
      this.done = r;
    });
    await client.endAsync();
  }

  stop(): void {
    this.done?.();
  }

  counters(): Record<string, number> {
    return { ...this.c };
  }
}

/** A flow record from JSON text, or null when it is not JSON or fails FlowRecordSchema. */
export function parseFlow(text: string): FlowRecord | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const r = FlowRecordSchema.safeParse(v);
  return r.success ? r.data : null;
}
