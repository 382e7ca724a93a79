/**
 * The bounded backlog shared by the network sinks (MQTT, NATS): alerts are sent as they come, at most
 * `maxPending` unconfirmed at a time; beyond that the alert is dropped and counted. flush() waits for
 * every confirmation (bounded by a timeout, after which the rest counts as failed).
 */
import { emptySinkStats, type ServiceAlert, type SinkStats, waitUntil } from "./sink.js";

export class NetworkBacklog {
  readonly st: SinkStats = emptySinkStats();
  closed = false;

  constructor(
    private readonly maxPending: number,
    private readonly send: (a: ServiceAlert) => Promise<void>,
    private readonly label: string,
  ) {}

  write(a: ServiceAlert): boolean {
    if (this.closed || this.st.pending >= this.maxPending) {
      this.st.dropped++;
      return false;
    }
    this.st.pending++;
    this.send(a).then(
      () => {
        this.st.pending--;
        this.st.written++;
      },
      (e: unknown) => {
        this.st.pending--;
        this.st.failed++;
        if (this.st.failed <= 5)
          process.stderr.write(`vigil: ${this.label} send failed: ${(e as Error).message}\n`);
      },
    );
    return true;
  }

  async flush(timeoutMs = 30_000): Promise<void> {
    await waitUntil(() => this.st.pending === 0, timeoutMs, 5);
  }
}
