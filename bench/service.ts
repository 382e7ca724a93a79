/**
 * npm run bench:service — `vigil serve` as a service under load: the built CLI in a child process
 * replays the testbed demo capture (looped, capture time shifted forward each pass) at maximum speed
 * through the packet detector and flow table, with every sink on: EVE file, SQLite, webhook (a local
 * HTTP receiver in this process), MQTT (real mosquitto, when installed) and NATS (real nats-server,
 * when installed). Runs BENCH_SERVICE_SECONDS (default 120) then SIGTERM, and prints one JSON object:
 * sustained packets/s and flows/s (after a warm-up of BENCH_SERVICE_WARMUP_S, default 10 s), p50/p99
 * alert latency (packet read -> handed to every sink, from the daemon's histogram), drops per stage,
 * RSS samples every BENCH_SERVICE_SAMPLE_S (default 5 s) from /proc and whether RSS grew (linear fit
 * over the second half of the run, MiB per hour; JS heap and external memory per sample too), and that
 * every alert reached every sink after SIGTERM. BENCH_SERVICE_RING_BYTES sets the frame ring (default
 * 16 MiB, the daemon's default).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Broker, startMosquitto, startNats, which } from "../src/service/testing/brokers.test-util.js";

const SECONDS = Number(process.env.BENCH_SERVICE_SECONDS ?? 120);
const WARMUP_S = Number(process.env.BENCH_SERVICE_WARMUP_S ?? 10);
const SAMPLE_S = Number(process.env.BENCH_SERVICE_SAMPLE_S ?? 5);
/** Frame ring between capture and detection (bytes); at maximum replay speed it is always full, so it sets the queueing part of the latency. */
const RING_BYTES = Number(process.env.BENCH_SERVICE_RING_BYTES ?? 16 * 1024 * 1024);
const root = join(fileURLToPath(import.meta.url), "..", "..", "..");
const cli = join(root, "dist/src/cli/main.js");
const demo = join(root, "test/fixtures/testbed/demo.pcap");

interface Health {
  packets: number;
  flows: number;
  alerts: { alerts_out: number; alerts_suppressed: number };
  alert_latency_ms: { count: number; p50: number; p99: number; max: number };
  queues: Record<string, { dropped: number } | null>;
  sinks: { name: string; written: number; dropped: number; failed: number; pending: number }[];
  memory: { heapUsed: number; external: number; arrayBuffers: number };
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Least-squares slope (y per x). */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? num / den : 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-service-"));
  let hooked = 0;
  const hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooked += (JSON.parse(body) as unknown[]).length;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
  const ha = hook.address();
  const hookPort = typeof ha === "object" && ha ? ha.port : 0;
  const mosq: Broker | undefined = which("mosquitto") ? await startMosquitto() : undefined;
  const nats: Broker | undefined = which("nats-server") ? await startNats(false) : undefined;
  const config = `state_dir: ${dir}/state
queues:
  frame_bytes: ${RING_BYTES}
sources:
  - type: pcap
    path: ${demo}
    speed: max
    loops: 1000000
detectors:
  packet:
    train_packets: 2800
    target_fpr: 0.01
sinks:
  - type: eve
    path: ${dir}/eve.json
    rotate_bytes: 50000000
    keep: 2
  - type: sqlite
    path: ${dir}/alerts.db
    max_alerts: 100000
  - type: webhook
    url: http://127.0.0.1:${hookPort}/alerts
${mosq ? `  - type: mqtt\n    url: ${mosq.url}\n    topic: vigil/alerts\n` : ""}${nats ? `  - type: nats\n    servers: ${nats.url}\n    subject: vigil.alerts\n` : ""}http:
  port: 0
`;
  writeFileSync(join(dir, "vigil.yaml"), config);
  const proc = spawn(process.execPath, [cli, "serve", "--config", join(dir, "vigil.yaml"), "-q"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let port = 0;
  await new Promise<void>((resolve, reject) => {
    let buf = "";
    proc.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const ls = buf.split("\n");
      buf = ls.pop() ?? "";
      for (const l of ls) {
        lines.push(l);
        const j = JSON.parse(l);
        if (j.event === "ready") {
          port = j.http_port;
          resolve();
        }
      }
    });
    proc.once("exit", (c) => reject(new Error(`vigil serve exited ${c}`)));
  });
  const health = async (): Promise<Health> =>
    (await fetch(`http://127.0.0.1:${port}/api/health`)).json() as Promise<Health>;
  const t0 = Date.now();
  const samples: {
    t_s: number;
    rss_mib: number;
    heap_used_mib: number;
    external_mib: number;
    packets: number;
    flows: number;
    alerts: number;
  }[] = [];
  let warm: { t: number; packets: number; flows: number } | undefined;
  const cpu0 = process.cpuUsage();
  while ((Date.now() - t0) / 1000 < SECONDS) {
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
    const h = await health();
    const t = (Date.now() - t0) / 1000;
    samples.push({
      t_s: Math.round(t),
      rss_mib: +(rssBytes(proc.pid as number) / 2 ** 20).toFixed(1),
      heap_used_mib: +(h.memory.heapUsed / 2 ** 20).toFixed(1),
      external_mib: +(h.memory.external / 2 ** 20).toFixed(1),
      packets: h.packets,
      flows: h.flows,
      alerts: h.alerts.alerts_out,
    });
    if (warm === undefined && t >= WARMUP_S) warm = { t, packets: h.packets, flows: h.flows };
  }
  const end = await health();
  const tEnd = (Date.now() - t0) / 1000;
  void cpu0;
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  const stopped = lines.map((l) => JSON.parse(l)).find((j) => j.event === "stopped");
  const w = warm ?? { t: 0, packets: 0, flows: 0 };
  const half = samples.filter((s) => s.t_s >= SECONDS / 2);
  const growthMiBPerHour =
    half.length >= 3
      ? slope(
          half.map((s) => s.t_s),
          half.map((s) => s.rss_mib),
        ) * 3600
      : null;
  const eveLines = readFileSync(join(dir, "eve.json"), "utf8")
    .split("\n")
    .filter((l) => l).length;
  const out = {
    bench: "service",
    input:
      "test/fixtures/testbed/demo.pcap looped (5,355 packets per pass, capture time shifted forward each pass)",
    duration_s: +tEnd.toFixed(1),
    requested_duration_s: SECONDS,
    warmup_s: WARMUP_S,
    frame_ring_bytes: RING_BYTES,
    sinks: ["eve", "sqlite", "webhook", ...(mosq ? ["mqtt"] : []), ...(nats ? ["nats"] : [])],
    packets: end.packets,
    flows: end.flows,
    alerts: end.alerts.alerts_out,
    sustained_packets_per_s: Math.round((end.packets - w.packets) / (tEnd - w.t)),
    sustained_flows_per_s: Math.round((end.flows - w.flows) / (tEnd - w.t)),
    alert_latency_ms: end.alert_latency_ms,
    drops: Object.fromEntries(Object.entries(end.queues).map(([k, v]) => [k, v?.dropped ?? 0])),
    sink_stats_at_stop: stopped?.sinks,
    every_alert_in_every_sink_after_sigterm:
      stopped !== undefined &&
      (stopped.sinks as { written: number; dropped: number; failed: number }[]).every(
        (s) => s.written === stopped.alerts && s.dropped === 0 && s.failed === 0,
      ) &&
      hooked === stopped.alerts,
    eve_lines_current_file: eveLines,
    rss_samples: samples,
    rss_first_mib: samples[0]?.rss_mib,
    rss_last_mib: samples[samples.length - 1]?.rss_mib,
    rss_max_mib: Math.max(...samples.map((s) => s.rss_mib)),
    rss_growth_mib_per_hour_second_half: growthMiBPerHour === null ? null : +growthMiBPerHour.toFixed(1),
    machine: { cpus: cpus().length, loadavg_1m: loadavg()[0], node: process.version },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  hook.close();
  await mosq?.stop();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
}

await main();
