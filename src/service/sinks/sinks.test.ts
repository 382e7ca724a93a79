/** Every sink through the shared conformance suite, against real files, a real database, real brokers and a real HTTP receiver. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMqtt } from "../brokers/mqtt.js";
import { connectNats } from "../brokers/nats.js";
import { type Broker, startMosquitto, startNats, which } from "../testing/brokers.test-util.js";
import { runSinkConformance, sampleAlerts } from "./conformance.js";
import { EveFileSink } from "./eve-file.js";
import { MqttSink } from "./mqtt.js";
import { NatsSink } from "./nats.js";
import { SqliteSink } from "./sqlite.js";
import { WebhookSink } from "./webhook.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-sinks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (ext: string) => join(dir, `s${n++}.${ext}`);
const idsOfLines = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l).alert_id as string);

describe("EVE file sink", () => {
  let path = "";
  runSinkConformance("eve", {
    make: () =>
      new EveFileSink({ type: "eve", path: (path = fresh("json")), rotate_bytes: 1 << 30, keep: 2 }),
    readBack: async () => idsOfLines(readFileSync(path, "utf8")),
  });

  it("rotates by size keeping N files, losing no line", async () => {
    const p = fresh("json");
    const s = new EveFileSink({ type: "eve", path: p, rotate_bytes: 10_000, keep: 50 });
    await s.open();
    const alerts = sampleAlerts(100);
    for (const a of alerts) s.write(a);
    await s.close();
    const files = readdirSync(dir).filter((f) => f.startsWith(p.split("/").pop() as string));
    expect(files.length).toBeGreaterThan(3);
    // Oldest first: the highest rotation number, down to .1, then the current file.
    const age = (f: string) => (f.endsWith(".json") ? 0 : Number(f.slice(f.lastIndexOf(".") + 1)));
    const ordered = files.sort((a, b) => age(b) - age(a));
    const ids = ordered.flatMap((f) => idsOfLines(readFileSync(join(dir, f), "utf8")));
    expect(ids).toEqual(alerts.map((a) => a.alert_id));
    expect(s.rotations).toBe(files.length - 1);
  });

  it("does not write an alert again after a restart (reads back the file's tail)", async () => {
    const p = fresh("json");
    const cfg = { type: "eve" as const, path: p, rotate_bytes: 1 << 30, keep: 1 };
    const a = new EveFileSink(cfg);
    await a.open();
    for (const x of sampleAlerts(10)) a.write(x);
    await a.close();
    const b = new EveFileSink(cfg);
    await b.open();
    for (const x of sampleAlerts(15)) b.write(x);
    await b.close();
    expect(b.stats().duplicates).toBe(10);
    expect(idsOfLines(readFileSync(p, "utf8"))).toEqual(sampleAlerts(15).map((x) => x.alert_id));
  });
});

describe("SQLite sink", () => {
  let last: SqliteSink | undefined;
  let path = "";
  runSinkConformance("sqlite", {
    make: () =>
      (last = new SqliteSink({ type: "sqlite", path: (path = fresh("db")), max_alerts: 1_000_000 })),
    readBack: async () => {
      const s = new SqliteSink({ type: "sqlite", path, max_alerts: 1_000_000 });
      await s.open();
      const ids: string[] = [];
      let cursor: number | undefined;
      for (;;) {
        const page = s.query({ limit: 100, cursor });
        ids.push(...page.alerts.map((a) => a.alert_id));
        if (page.next_cursor === null) break;
        cursor = page.next_cursor;
      }
      await s.close();
      return ids.reverse();
    },
  });

  it("filters and pages, and ignores alerts it already holds", async () => {
    const path = fresh("db");
    const s = new SqliteSink({ type: "sqlite", path, max_alerts: 1_000_000 });
    await s.open();
    for (const a of sampleAlerts(50)) s.write(a);
    for (const a of sampleAlerts(50)) s.write(a);
    await s.flush();
    expect(s.stats().written).toBe(50);
    expect(s.stats().duplicates).toBe(50);
    const one = s.query({ ip: "10.0.0.3" });
    expect(one.total).toBe(1);
    expect(one.alerts[0].src_ip).toBe("10.0.0.3");
    expect(s.query({ severity: 1 }).total).toBe(17);
    const p1 = s.query({ limit: 20 });
    const p2 = s.query({ limit: 20, cursor: p1.next_cursor ?? undefined });
    const p3 = s.query({ limit: 20, cursor: p2.next_cursor ?? undefined });
    expect(p3.next_cursor).toBeNull();
    expect(new Set([...p1.alerts, ...p2.alerts, ...p3.alerts].map((a) => a.alert_id)).size).toBe(50);
    expect(s.getAlert(p1.alerts[0].alert_id)?.alert_id).toBe(p1.alerts[0].alert_id);
    void last;
    await s.close();
  });
});

describe("webhook sink", () => {
  let server: Server;
  let url = "";
  let received: string[] = [];
  let failNext = 0;
  let posts = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        posts++;
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end();
          return;
        }
        received.push(...(JSON.parse(body) as { alert_id: string }[]).map((a) => a.alert_id));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  runSinkConformance("webhook", {
    make: () => {
      received = [];
      return new WebhookSink({
        type: "webhook",
        url,
        batch: 40,
        retries: 3,
        backoff_ms: 10,
        timeout_ms: 2000,
      });
    },
    readBack: async () => received,
  });

  it("retries 5xx answers with backoff and then delivers", async () => {
    received = [];
    failNext = 2;
    posts = 0;
    const s = new WebhookSink({
      type: "webhook",
      url,
      batch: 100,
      retries: 3,
      backoff_ms: 10,
      timeout_ms: 2000,
    });
    await s.open();
    for (const a of sampleAlerts(5)) s.write(a);
    await s.close();
    expect(posts).toBe(3);
    expect(s.retriesDone).toBe(2);
    expect(received).toHaveLength(5);
  });

  it("gives up after the retries and counts the batch failed", async () => {
    const s = new WebhookSink({
      type: "webhook",
      url: "http://127.0.0.1:9/none",
      batch: 100,
      retries: 1,
      backoff_ms: 5,
      timeout_ms: 500,
    });
    await s.open();
    for (const a of sampleAlerts(3)) s.write(a);
    await s.close();
    expect(s.stats().failed).toBe(3);
    expect(s.stats().pending).toBe(0);
  });
});

const hasMosquitto = which("mosquitto") !== null;
if (!hasMosquitto) process.stderr.write("SKIPPED (mosquitto not installed): MQTT sink conformance\n");
describe.skipIf(!hasMosquitto)("MQTT sink (real mosquitto)", () => {
  let broker: Broker;
  let got: string[] = [];
  let sub: Awaited<ReturnType<typeof connectMqtt>>;
  beforeAll(async () => {
    broker = await startMosquitto();
    sub = await connectMqtt(broker.url, "conformance-sub");
    sub.on("message", (_t, p) => got.push(JSON.parse(p.toString()).alert_id));
    await sub.subscribeAsync("vigil/alerts", { qos: 1 });
  });
  afterAll(async () => {
    await sub?.endAsync();
    await broker?.stop();
  });
  runSinkConformance("mqtt", {
    make: () => {
      got = [];
      return new MqttSink({ type: "mqtt", url: broker.url, topic: "vigil/alerts", qos: 1 });
    },
    readBack: async (expected) => {
      const end = Date.now() + 5000;
      while (got.length < expected && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      return got;
    },
  });
});

const hasNats = which("nats-server") !== null;
if (!hasNats) process.stderr.write("SKIPPED (nats-server not installed): NATS sink conformance\n");
describe.skipIf(!hasNats)("NATS sink (real nats-server)", () => {
  let broker: Broker;
  let got: string[] = [];
  let nc: Awaited<ReturnType<typeof connectNats>>;
  beforeAll(async () => {
    broker = await startNats(false);
    nc = await connectNats(broker.url, "conformance-sub");
    const sub = nc.subscribe("vigil.alerts");
    void (async () => {
      for await (const m of sub) got.push(JSON.parse(m.string()).alert_id);
    })();
    await nc.flush();
  });
  afterAll(async () => {
    await nc?.close();
    await broker?.stop();
  });
  runSinkConformance("nats", {
    make: () => {
      got = [];
      return new NatsSink({ type: "nats", servers: broker.url, subject: "vigil.alerts", jetstream: false });
    },
    readBack: async (expected) => {
      const end = Date.now() + 5000;
      while (got.length < expected && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      return got;
    },
  });
});
