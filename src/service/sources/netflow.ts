/** NetFlow v5/v9/IPFIX collector (capture/netflow): a UDP socket cannot wait, so a full flow queue drops (counted). */
import { NetflowCollector } from "../../capture/netflow/index.js";
import type { FlowRecord } from "../../schemas/flow.js";
import type { FlowSource } from "./source.js";

export class NetflowSource implements FlowSource {
  readonly kind = "flows";
  readonly canWait = false;
  readonly resumeKey = null;
  readonly name: string;
  private collector: NetflowCollector | undefined;
  private done: (() => void) | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    this.name = `netflow:${host}:${port}`;
  }

  async run(deliver: (rec: FlowRecord) => Promise<boolean> | boolean): Promise<void> {
    this.collector = new NetflowCollector((rec) => void deliver(rec), { host: this.host, port: this.port });
    await this.collector.start();
    await new Promise<void>((r) => {
      this.done = r;
    });
    await this.collector.close();
  }

  stop(): void {
    this.done?.();
  }

  counters(): Record<string, number> {
    const c = this.collector;
    if (c === undefined) return {};
    return { datagrams: c.counters.datagrams, malformed: c.counters.malformed, records: c.records };
  }
}
