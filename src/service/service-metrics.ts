/** The daemon's Prometheus metrics: rates come from counters (the scraper differentiates), plus queue depths, drops per stage, latency and memory. */
import type { Daemon } from "./daemon.js";
import { MetricsRegistry } from "./metrics.js";

export function daemonMetrics(d: Daemon): MetricsRegistry {
  const m = new MetricsRegistry();
  const ps = () => d.packetStage;
  m.counter("vigil_packets_total", "Packets read from the packet source.", () => ps()?.ring.framesIn ?? 0);
  m.counter(
    "vigil_packet_bytes_total",
    "Captured bytes read from the packet source.",
    () => ps()?.ring.bytesIn ?? 0,
  );
  m.counter(
    "vigil_packets_processed_total",
    "Packets through the packet detector.",
    () => ps()?.packets ?? 0,
  );
  m.counter("vigil_flows_total", "Flow records through the flow stage.", () => d.flowStage?.flows ?? 0);
  m.counter("vigil_alerts_total", "Alerts handed to the sinks.", () => d.dispatcher.counters.alerts_out);
  m.counter("vigil_alerts_suppressed_total", "Alerts suppressed by a whitelist/suppression rule.", () =>
    d.suppressor.report().map((r, i) => ({ labels: { rule: String(i) }, value: r.suppressed })),
  );
  m.counter(
    "vigil_alerts_already_delivered_total",
    "Alerts not re-sent after a restart (checkpoint).",
    () => d.dispatcher.counters.alerts_already_delivered,
  );
  m.counter("vigil_dropped_total", "Items dropped because a bounded queue was full, per stage.", () => [
    { labels: { stage: "frame_ring" }, value: ps()?.ring.framesDropped ?? 0 },
    { labels: { stage: "alert_queue" }, value: d.alertQueue.dropped + (ps()?.alertsDropped ?? 0) },
    { labels: { stage: "flow_queue" }, value: d.flowQueue.dropped },
    ...d.sinks.map((s) => ({ labels: { stage: `sink:${s.name}` }, value: s.stats().dropped })),
  ]);
  m.counter("vigil_sink_written_total", "Alerts stored or delivered, per sink.", () =>
    d.sinks.map((s) => ({ labels: { sink: s.name }, value: s.stats().written })),
  );
  m.counter("vigil_sink_failed_total", "Alerts a sink gave up on after retries.", () =>
    d.sinks.map((s) => ({ labels: { sink: s.name }, value: s.stats().failed })),
  );
  m.gauge("vigil_sink_pending", "Alerts accepted by a sink, not yet confirmed.", () =>
    d.sinks.map((s) => ({ labels: { sink: s.name }, value: s.stats().pending })),
  );
  m.gauge("vigil_queue_depth", "Items waiting in each bounded queue.", () => [
    { labels: { queue: "frame_ring" }, value: ps()?.ring.length ?? 0 },
    { labels: { queue: "alerts" }, value: d.alertQueue.length },
    { labels: { queue: "flows" }, value: d.flowQueue.length },
  ]);
  m.gauge("vigil_queue_capacity", "Capacity of each bounded queue (frame ring: bytes).", () => [
    { labels: { queue: "frame_ring_bytes" }, value: ps()?.ring.capacityBytes ?? 0 },
    { labels: { queue: "alerts" }, value: d.alertQueue.capacity },
    { labels: { queue: "flows" }, value: d.flowQueue.capacity },
  ]);
  m.gauge(
    "vigil_detector_threshold",
    "Packet detector threshold (Infinity while training).",
    () => d.packetDetector?.threshold ?? 0,
  );
  m.gauge("vigil_process_resident_memory_bytes", "Resident set size.", () => process.memoryUsage().rss);
  m.gauge("vigil_process_heap_used_bytes", "V8 heap in use.", () => process.memoryUsage().heapUsed);
  m.gauge("vigil_uptime_seconds", "Seconds since start.", () => (Date.now() - d.startedAt) / 1000);
  m.histogram(
    "vigil_alert_latency_seconds",
    "From packet (or flow) read to the alert handed to every sink.",
    d.dispatcher.latency,
  );
  return m;
}
