/**
 * The HTTP API (hono on @hono/node-server): JSON under /api, Prometheus text at /metrics, the live
 * alert stream as server-sent events at /api/stream, and the dashboard at /. Query parameters are
 * schema-checked; a bad one answers 400 naming it.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { VigilError } from "../../errors.js";
import type { Daemon } from "../daemon.js";
import { daemonMetrics } from "../service-metrics.js";
import type { ServiceAlert } from "../sinks/sink.js";
import type { AlertPage, AlertQuery } from "../sinks/sqlite.js";
import { dashboardDir, dashboardFile } from "./static.js";
import { comparisonView, federatedView, modelsView } from "./views-api.js";

const int = z.coerce.number().int();
const AlertQuerySchema = z.strictObject({
  ip: z.string().optional(),
  src_ip: z.string().optional(),
  dest_ip: z.string().optional(),
  signature_id: int.optional(),
  severity: int.min(1).max(4).optional(),
  detector: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: int.optional(),
  limit: int.min(1).max(1000).optional(),
});

export function buildApi(d: Daemon): Hono {
  const app = new Hono();
  const metrics = daemonMetrics(d);
  const dash = dashboardDir();

  app.onError((err, c) => {
    const status = err instanceof VigilError ? 400 : 500;
    return c.json({ error: err.message, ...(err instanceof VigilError ? { code: err.code } : {}) }, status);
  });

  app.get("/api/health", (c) => {
    const ps = d.packetStage;
    const sinks = d.sinks.map((s) => ({ name: s.name, ...s.stats() }));
    const failing = sinks.some((s) => s.failed > 0);
    return c.json({
      status: d.state === "running" && !failing ? "ok" : d.state === "running" ? "degraded" : d.state,
      worker: d.cfg.worker,
      uptime_s: (Date.now() - d.startedAt) / 1000,
      sources_done: d.sourcesDone,
      packet_detector: d.packetDetector ? d.packetDetector.describePhase() : null,
      packets: ps?.packets ?? 0,
      flows: d.flowStage?.flows ?? 0,
      alerts: d.dispatcher.counters,
      alert_latency_ms: {
        count: d.dispatcher.latency.count,
        p50: d.dispatcher.latency.quantileMs(0.5),
        p99: d.dispatcher.latency.quantileMs(0.99),
        max: d.dispatcher.latency.maxMs,
      },
      queues: {
        frame_ring: ps
          ? {
              depth: ps.ring.length,
              bytes: ps.ring.usedBytes,
              capacity_bytes: ps.ring.capacityBytes,
              dropped: ps.ring.framesDropped,
            }
          : null,
        alerts: {
          depth: d.alertQueue.length,
          capacity: d.alertQueue.capacity,
          dropped: d.alertQueue.dropped + (ps?.alertsDropped ?? 0),
        },
        flows: {
          depth: d.flowQueue.length,
          capacity: d.flowQueue.capacity,
          dropped: d.flowQueue.dropped + d.flowsDropped,
        },
      },
      sinks,
      sources: d.flowSources.map((s) => ({ name: s.name, ...s.counters() })),
      memory: process.memoryUsage(),
    });
  });

  app.get("/api/alerts", (c) => {
    const q = parseQuery(AlertQuerySchema, c.req.query());
    const query: AlertQuery = {
      ...q,
      since_ms: q.since ? Date.parse(q.since) : undefined,
      until_ms: q.until ? Date.parse(q.until) : undefined,
    };
    return c.json(d.store ? d.store.query(query) : memoryQuery(d.dispatcher.recent, query));
  });

  app.get("/api/alerts/:id", (c) => {
    const id = c.req.param("id");
    const a = d.store?.getAlert(id) ?? d.dispatcher.recent.find((x) => x.alert_id === id);
    return a ? c.json(a) : c.json({ error: `no alert ${id}` }, 404);
  });

  app.get("/api/flows", (c) => {
    const q = parseQuery(
      z.strictObject({ limit: int.min(1).max(1000).optional(), ip: z.string().optional() }),
      c.req.query(),
    );
    const limit = q.limit ?? 100;
    const flows = d.store
      ? d.store.recentFlows(limit, q.ip)
      : d.dispatcher.recentFlows
          .filter((f) => q.ip === undefined || f.flow["id.orig_h"] === q.ip || f.flow["id.resp_h"] === q.ip)
          .slice(-limit)
          .reverse();
    return c.json({ flows, total: d.store ? d.store.flowCount() : d.dispatcher.recentFlows.length });
  });

  app.get("/api/models", (c) => c.json(modelsView(d)));
  app.get("/api/comparison", async (c) => c.json(await comparisonView(d)));
  app.get("/api/timeline", (c) => c.json({ bins: d.timeline.bins() }));
  app.get("/api/devices", (c) => c.json({ devices: d.devices.list(), evicted: d.devices.evicted }));
  app.get("/api/devices/:ip", (c) => {
    const dev = d.devices.one(c.req.param("ip"));
    return dev ? c.json(dev) : c.json({ error: "unknown device" }, 404);
  });
  app.get("/api/inventory", (c) => {
    if (d.inventory === undefined)
      return c.json(
        { error: "no device inventory (no packet source, or detectors.devices.enabled is false)" },
        404,
      );
    return c.json(d.inventory.snapshot());
  });
  app.get("/api/suppression", (c) => c.json({ rules: d.suppressor.report() }));
  app.get("/api/federated", async (c) => c.json(await federatedView(d)));

  app.get("/api/stream", (c) =>
    streamSSE(c, async (stream) => {
      let open = true;
      const off = d.dispatcher.subscribe((a) => {
        void stream.writeSSE({ event: "alert", data: JSON.stringify(a) });
      });
      stream.onAbort(() => {
        open = false;
        off();
      });
      while (open && d.state !== "stopped") await stream.sleep(1000);
      off();
    }),
  );

  app.get("/metrics", (c) => c.text(metrics.render(), 200, { "content-type": "text/plain; version=0.0.4" }));

  app.get("/*", (c) => {
    if (dash === undefined || d.cfg.http?.dashboard === false) return c.text("dashboard not installed", 404);
    const f = dashboardFile(dash, c.req.path);
    if (f === undefined) return c.text("not found", 404);
    return c.body(new Uint8Array(f.body), 200, { "content-type": f.type, "cache-control": "no-cache" });
  });
  return app;
}

function parseQuery<T extends z.ZodType>(schema: T, q: Record<string, string>): z.infer<T> {
  const r = schema.safeParse(q);
  if (!r.success) {
    const i = r.error.issues[0];
    const field = i.code === "unrecognized_keys" ? i.keys[0] : i.path.join(".");
    throw new VigilError("E_CONFIG", `bad query parameter ${field}: ${i.message}`, { field });
  }
  return r.data;
}

/** The alert query over the in-memory recent alerts (no SQLite store configured). */
function memoryQuery(recent: ServiceAlert[], q: AlertQuery): AlertPage {
  const ts = (a: ServiceAlert) => Date.parse(a.timestamp.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  const rows = recent
    .map((a, i) => ({ a, seq: i + 1 }))
    .filter(
      ({ a }) =>
        (q.ip === undefined || a.src_ip === q.ip || a.dest_ip === q.ip) &&
        (q.src_ip === undefined || a.src_ip === q.src_ip) &&
        (q.dest_ip === undefined || a.dest_ip === q.dest_ip) &&
        (q.signature_id === undefined || a.alert.signature_id === q.signature_id) &&
        (q.severity === undefined || a.alert.severity <= q.severity) &&
        (q.detector === undefined || a.vigil.detector === q.detector) &&
        (q.since_ms === undefined || ts(a) >= q.since_ms) &&
        (q.until_ms === undefined || ts(a) < q.until_ms),
    )
    .reverse();
  const after = q.cursor === undefined ? rows : rows.filter((r) => r.seq < (q.cursor as number));
  const limit = q.limit ?? 50;
  const page = after.slice(0, limit);
  return {
    alerts: page.map((r) => r.a),
    next_cursor: after.length > limit ? page[page.length - 1].seq : null,
    total: rows.length,
  };
}

/** Starts the HTTP server; resolves with the bound port and a close function. */
export function startHttp(
  d: Daemon,
  host: string,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const app = buildApi(d);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((r) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
    server.once("error", (e: Error) =>
      reject(
        new VigilError("E_NETWORK", `cannot listen on ${host}:${port}: ${e.message}`, { field: "http.port" }),
      ),
    );
  });
}
