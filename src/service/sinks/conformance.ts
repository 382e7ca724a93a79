/**
 * The shared sink conformance suite (DESIGN.md convention 2): every Sink passes it against the real
 * thing it writes to (file, database, broker, HTTP receiver). `readBack` returns the alert ids the
 * destination holds, in arrival order.
 */
import { expect, it } from "vitest";
import type { Alert } from "../../schemas/alert.js";
import { alertId, type ServiceAlert, ServiceAlertSchema, type Sink } from "./sink.js";

export interface SinkHarness {
  make(): Sink;
  /** Ids stored or delivered so far (waits for asynchronous delivery itself if needed). */
  readBack(expected: number): Promise<string[]>;
}

export function sampleAlerts(n: number, offset = 0): ServiceAlert[] {
  const out: ServiceAlert[] = [];
  for (let i = offset; i < offset + n; i++) {
    const a: Alert = {
      timestamp: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}.000000+0000`,
      flow_id: 1000 + i,
      event_type: "alert",
      src_ip: `10.0.0.${(i % 200) + 1}`,
      src_port: 1024 + i,
      dest_ip: "10.0.1.1",
      dest_port: 1883,
      proto: "TCP",
      alert: {
        action: "allowed",
        gid: 1,
        signature_id: 1_000_001,
        rev: 1,
        signature: "test",
        category: "Anomalous traffic",
        severity: 1 + (i % 3),
      },
      vigil: {
        detector: "kitnet",
        score: 1 + i / 10,
        threshold: 0.5,
        packet_index: i,
        packets_over_threshold: 1,
        top_features: [{ index: 3, name: "HH_jit_0.1_mean", value: 0.7 }],
        reason: "unusual test",
      },
    };
    out.push({ ...a, alert_id: alertId("conformance", a, i), host: "test" });
  }
  return out;
}

export function runSinkConformance(name: string, h: SinkHarness): void {
  it(`${name}: stores every alert once, in order, and flush() means delivered`, async () => {
    const s = h.make();
    await s.open();
    const alerts = sampleAlerts(250);
    for (const a of alerts) expect(ServiceAlertSchema.safeParse(a).success).toBe(true);
    for (const a of alerts) expect(s.write(a)).toBe(true);
    await s.flush();
    const st = s.stats();
    expect(st.pending).toBe(0);
    expect(st.written).toBe(250);
    expect(st.dropped + st.failed).toBe(0);
    await s.close();
    const ids = await h.readBack(250);
    expect(ids).toEqual(alerts.map((a) => a.alert_id));
  });

  it(`${name}: flush on nothing resolves, close is idempotent, writes after close are counted drops`, async () => {
    const s = h.make();
    await s.open();
    await s.flush();
    await s.close();
    await s.close();
    expect(s.write(sampleAlerts(1, 9999)[0])).toBe(false);
    expect(s.stats().dropped).toBe(1);
  });
}
