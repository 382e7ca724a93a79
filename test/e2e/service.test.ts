/**
 * `vigil serve` as a user runs it: the built CLI replays the testbed demo capture through the packet
 * detector into an EVE file, SQLite, a webhook receiver and (when installed) a real mosquitto; the
 * HTTP API is queried; SIGTERM drains and flushes; a restart neither duplicates nor loses alerts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMqtt } from "../../src/service/brokers/mqtt.js";
import { ServiceAlertSchema } from "../../src/service/sinks/sink.js";
import { type Broker, startMosquitto, which } from "../../src/service/testing/brokers.test-util.js";
import { CLI, DEMO, get, type Served, serve, stoppedSummary, until } from "./service-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-service-"));
const hasMosquitto = which("mosquitto") !== null;
if (!hasMosquitto) process.stderr.write("SKIPPED (mosquitto not installed): MQTT sink in the service test\n");

interface Page {
  alerts: { alert_id: string; src_ip: string; dest_ip: string; vigil: { packet_index: number } }[];
  next_cursor: number | null;
  total: number;
}

function eveIds(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .filter((l) => l)
    .map((l) => {
      const a = JSON.parse(l);
      expect(ServiceAlertSchema.safeParse(a).success).toBe(true);
      return a.alert_id as string;
    });
}

describe.skipIf(!existsSync(CLI))("vigil serve (built CLI, real sockets)", () => {
  let hook: Server;
  let hookUrl = "";
  const hooked: string[] = [];
  let broker: Broker | undefined;
  const mqttGot: string[] = [];
  let reference: { src_ip: string; dest_ip: string; vigil: { packet_index: number } }[] = [];
  let suppressedHost = "";

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        hooked.push(...(JSON.parse(body) as { alert_id: string }[]).map((a) => a.alert_id));
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
    const a = hook.address();
    hookUrl = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}/alerts`;
    if (hasMosquitto) {
      broker = await startMosquitto();
      const sub = await connectMqtt(broker.url, "svc-test-sub");
      sub.on("message", (_t, p) => mqttGot.push(JSON.parse(p.toString()).alert_id));
      await sub.subscribeAsync("vigil/alerts", { qos: 1 });
    }
    // The same detector through `vigil detect`: what the service must raise.
    const r = spawnSync(
      process.execPath,
      [CLI, "detect", DEMO, "--train-packets", "2800", "--target-fpr", "0.01", "-q"],
      {
        encoding: "utf8",
      },
    );
    reference = r.stdout
      .trim()
      .split("\n")
      .filter((l) => l)
      .map((l) => JSON.parse(l));
    // Suppress the least frequent host among the alerts (not the attacker).
    const counts = new Map<string, number>();
    for (const x of reference)
      for (const ip of [x.src_ip, x.dest_ip]) counts.set(ip, (counts.get(ip) ?? 0) + 1);
    suppressedHost = [...counts.entries()].sort((p, q) => p[1] - q[1])[0][0];
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((r) => hook.close(() => r()));
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = () => reference.filter((x) => x.src_ip !== suppressedHost && x.dest_ip !== suppressedHost);
  const config = (speed: string) => `# service test
state_dir: ${dir}/state
queues:
  frame_bytes: 400000
worker: test-worker
sources:
  - type: pcap
    path: ${DEMO}
    speed: ${speed}
detectors:
  packet:
    train_packets: 2800
    target_fpr: 0.01
sinks:
  - type: eve
    path: ${dir}/eve.json
  - type: sqlite
    path: ${dir}/alerts.db
  - type: webhook
    url: ${hookUrl}
    batch: 7
${broker ? `  - type: mqtt\n    url: ${broker.url}\n    topic: vigil/alerts\n` : ""}suppress:
  - host: ${suppressedHost}
    comment: test
http:
  port: 0
`;

  it("rejects a wrong key naming it and its line", () => {
    const bad = join(dir, "bad.yaml");
    const text = config("max").replace("    batch: 7", "    batch: 7\n    retrys: 3");
    writeFileSync(bad, text);
    const r = spawnSync(process.execPath, [CLI, "serve", "--config", bad], { encoding: "utf8" });
    expect(r.status).toBe(2);
    const line = text.split("\n").findIndex((l) => l.includes("retrys")) + 1;
    expect(r.stderr).toMatch(new RegExp(`unknown key "retrys".*line=${line}.*field=sinks\\.2\\.retrys`));
  });

  it("SIGTERM mid-replay flushes every alert; a restart finishes without duplicates or losses; the API answers", async () => {
    expect(expected().length).toBeGreaterThan(5);
    // Run 1: recorded speed x20 (the 100 s capture in ~5 s), stopped mid-stream.
    const s1 = await serve(join(dir, "v1.yaml"), config("20"));
    await until(
      async () => ((await get<{ packets: number }>(s1, "/api/health")).packets ?? 0) > 1500,
      20_000,
      50,
    );
    s1.proc.kill("SIGTERM");
    expect(await s1.exit).toBe(0);
    const sum1 = stoppedSummary(s1) as { alerts: number; packets: number };
    expect(sum1.packets).toBeLessThan(5355); // really mid-stream
    const ids1 = eveIds(join(dir, "eve.json"));
    expect(ids1.length).toBe(sum1.alerts); // every alert handed on was flushed
    expect(hooked.length).toBe(sum1.alerts);

    // Run 2: the rest at maximum speed.
    const s2 = await serve(join(dir, "v2.yaml"), config("max"));
    await until(async () => (await get<{ sources_done: boolean }>(s2, "/api/health")).sources_done);
    await until(async () => eveIds(join(dir, "eve.json")).length >= expected().length, 10_000);
    await apiChecks(s2);
    s2.proc.kill("SIGTERM");
    expect(await s2.exit).toBe(0);
    const sum2 = stoppedSummary(s2) as { already_delivered: number; alerts: number; suppressed: number };
    expect(sum2.already_delivered).toBe(sum1.alerts + (sum1 as unknown as { suppressed: number }).suppressed);
    // Every alert the detector raised is either stored once or suppressed by the rule.
    const sup1 = (sum1 as unknown as { suppressed: number }).suppressed;
    expect(sum1.alerts + sup1 + sum2.alerts + sum2.suppressed).toBe(reference.length);

    const ids = eveIds(join(dir, "eve.json"));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(expected().length);
    const db = new Database(join(dir, "alerts.db"), { readonly: true });
    const rows = db.prepare("SELECT id, json FROM alerts ORDER BY seq").all() as {
      id: string;
      json: string;
    }[];
    db.close();
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => JSON.parse(r.json).vigil.packet_index)).toEqual(
      expected().map((x) => x.vigil.packet_index),
    );
    expect(new Set(hooked)).toEqual(new Set(ids));
    if (broker) {
      await until(() => mqttGot.length >= ids.length, 5000);
      expect(new Set(mqttGot)).toEqual(new Set(ids));
    }

    // Run 3: a plain restart stores nothing new.
    const s3 = await serve(join(dir, "v3.yaml"), config("max"), ["--exit-when-done"]);
    expect(await s3.exit).toBe(0);
    expect((stoppedSummary(s3) as { alerts: number }).alerts).toBe(0);
    expect(eveIds(join(dir, "eve.json"))).toEqual(ids);
  }, 60_000);

  async function apiChecks(s: Served): Promise<void> {
    const n = expected().length;
    // Paging: every alert once across pages.
    const seen: string[] = [];
    let cursor: number | null = null;
    do {
      const page: Page = await get<Page>(
        s,
        `/api/alerts?limit=4${cursor !== null ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.total).toBe(n);
      seen.push(...page.alerts.map((a) => a.alert_id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(n);
    // Filter by address.
    const attacker = expected()[0].src_ip;
    const byIp = await get<Page>(s, `/api/alerts?ip=${attacker}&limit=1000`);
    expect(byIp.total).toBe(expected().filter((x) => x.src_ip === attacker || x.dest_ip === attacker).length);
    for (const a of byIp.alerts) expect([a.src_ip, a.dest_ip]).toContain(attacker);
    // Bad parameter: 400 naming it.
    const bad = await fetch(`http://127.0.0.1:${s.port}/api/alerts?limit=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/limit/);
    const one = await get<{ alert_id: string }>(s, `/api/alerts/${seen[0]}`);
    expect(one.alert_id).toBe(seen[0]);
    const flows = await get<{ flows: unknown[]; total: number }>(s, "/api/flows?limit=5");
    expect(flows.total).toBe(1227);
    expect(flows.flows).toHaveLength(5);
    const models = await get<{ models: { phase: string; threshold: number }[] }>(s, "/api/models");
    expect(models.models[0].phase).toBe("detecting");
    const supp = await get<{ rules: { host: string; suppressed: number }[] }>(s, "/api/suppression");
    expect(supp.rules[0].host).toBe(suppressedHost);
    const devices = await get<{ devices: { ip: string; alerts: number }[] }>(s, "/api/devices");
    expect(devices.devices.find((d) => d.ip === attacker)?.alerts).toBeGreaterThan(0);
    // the device inventory (src/devices) saw the testbed's hosts by MAC, the attacker among them
    const inv = await get<{ devices: { mac: string; ips: string[] }[]; packets: number }>(
      s,
      "/api/inventory",
    );
    expect(inv.packets).toBe(5355);
    expect(inv.devices.length).toBeGreaterThanOrEqual(5);
    expect(inv.devices.some((d) => d.ips.includes(attacker))).toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${s.port}/metrics`)).text();
    expect(metrics).toMatch(/^vigil_packets_total 5355$/m);
    expect(metrics).toMatch(/^vigil_dropped_total\{stage="frame_ring"\} 0$/m);
    expect(metrics).toMatch(/^vigil_alert_latency_seconds_count \d+$/m);
    expect(metrics).toMatch(/^vigil_process_resident_memory_bytes \d+$/m);
    const page = await fetch(`http://127.0.0.1:${s.port}/`);
    expect(await page.text()).toMatch(/<title>vigil<\/title>/);
  }
});
