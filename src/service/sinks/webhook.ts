/**
 * Webhook sink: alerts POSTed as a JSON array in batches, retried with exponential backoff on network
 * errors and 5xx/429 answers (4xx other than 429 is final). The backlog is bounded; one batch is in
 * flight at a time, so alerts arrive in order. Each POST carries `Idempotency-Key` (first alert id +
 * count) so a receiver can drop a batch it already took.
 */
import type { z } from "zod";
import type { WebhookSinkSchema } from "../config/schema.js";
import { emptySinkStats, type ServiceAlert, type Sink, type SinkStats, waitUntil } from "./sink.js";

export class WebhookSink implements Sink {
  readonly name: string;
  private queue: ServiceAlert[] = [];
  private readonly st: SinkStats = emptySinkStats();
  private sending = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  retriesDone = 0;

  constructor(
    private readonly cfg: z.infer<typeof WebhookSinkSchema>,
    private readonly maxPending = 10_000,
    private readonly lingerMs = 100,
  ) {
    this.name = `webhook:${cfg.url}`;
  }

  async open(): Promise<void> {
    this.timer = setInterval(() => void this.pump(), this.lingerMs);
    this.timer.unref();
  }

  write(a: ServiceAlert): boolean {
    if (this.closed || this.st.pending >= this.maxPending) {
      this.st.dropped++;
      return false;
    }
    this.queue.push(a);
    this.st.pending++;
    if (this.queue.length >= this.cfg.batch) void this.pump();
    return true;
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.cfg.batch);
        const ok = await this.post(batch);
        this.st.pending -= batch.length;
        if (ok) this.st.written += batch.length;
        else this.st.failed += batch.length;
      }
    } finally {
      this.sending = false;
    }
  }

  private async post(batch: ServiceAlert[]): Promise<boolean> {
    const body = JSON.stringify(batch);
    let delay = this.cfg.backoff_ms;
    for (let attempt = 0; ; attempt++) {
      let retryable = true;
      let why = "";
      try {
        const r = await fetch(this.cfg.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": `${batch[0].alert_id}-${batch.length}`,
          },
          body,
          signal: AbortSignal.timeout(this.cfg.timeout_ms),
        });
        await r.arrayBuffer().catch(() => undefined);
        if (r.ok) return true;
        why = `HTTP ${r.status}`;
        retryable = r.status >= 500 || r.status === 429;
      } catch (e) {
        why = (e as Error).message;
      }
      if (!retryable || attempt >= this.cfg.retries) {
        process.stderr.write(`vigil: webhook ${this.cfg.url} gave up on ${batch.length} alerts: ${why}\n`);
        return false;
      }
      this.retriesDone++;
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }

  async flush(): Promise<void> {
    await this.pump();
    await waitUntil(() => this.st.pending === 0, 120_000, 5);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  stats(): SinkStats {
    return { ...this.st };
  }
}
