/**
 * The sink seam (DESIGN.md convention 1): every alert destination (EVE file, SQLite, MQTT, NATS,
 * webhook) implements `Sink`; each passes the shared conformance suite (conformance.ts). `write`
 * never blocks the pipeline: a sink that cannot keep up keeps a bounded backlog and counts what it
 * drops; `flush` resolves once everything accepted so far is stored or delivered (or counted failed).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { type Alert, AlertSchema } from "../../schemas/alert.js";

/** An alert as the service stores and publishes it: EVE fields plus a stable id and the worker. */
export const ServiceAlertSchema = AlertSchema.extend({
  /** Stable id (hex): the same input raises the same id, so stores and brokers drop duplicates. */
  alert_id: z.string().regex(/^[0-9a-f]{16,64}$/),
  /** The worker that raised it (scale-out). */
  host: z.string().optional(),
});
export type ServiceAlert = z.infer<typeof ServiceAlertSchema>;

/** An alert's stable id: a hash of where it came from (source, detector, record) and what it says. */
export function alertId(sourceKey: string, a: Alert, record: string | number): string {
  return createHash("sha256")
    .update(`${sourceKey}\n${a.vigil.detector}\n${record}\n${a.alert.signature_id}`)
    .digest("hex")
    .slice(0, 32);
}

export interface SinkStats {
  /** Alerts stored or delivered. */
  written: number;
  /** Alerts refused because the backlog was full or the sink closed. */
  dropped: number;
  /** Alerts given up on after retries (network sinks). */
  failed: number;
  /** Alerts skipped as already stored (restart de-duplication). */
  duplicates: number;
  /** Accepted, not yet stored or delivered. */
  pending: number;
}

export interface Sink {
  readonly name: string;
  /** Opens files and connections; rejects with a VigilError when it cannot. */
  open(): Promise<void>;
  /** Accepts one alert without blocking; false when it was dropped (counted). */
  write(a: ServiceAlert): boolean;
  /** Resolves when every accepted alert is stored or delivered (or counted failed). */
  flush(): Promise<void>;
  /** Flushes, then releases files and connections; idempotent. */
  close(): Promise<void>;
  stats(): SinkStats;
}

export function emptySinkStats(): SinkStats {
  return { written: 0, dropped: 0, failed: 0, duplicates: 0, pending: 0 };
}

/** Waits until `done()` or the deadline; true when done. */
export async function waitUntil(done: () => boolean, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return true;
}
