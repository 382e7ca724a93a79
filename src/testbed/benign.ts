/**
 * The testbed's benign IoT traffic, running during every scenario:
 *  - broker: mosquitto with a password file (no anonymous access);
 *  - hub: mosquitto_sub on sensors/# (QoS 1) and an HTTP poller of the smart plug (GET /status every
 *    0.5 s, POST /relay every 15th request, a new TCP connection each time, as many hubs do);
 *  - thermo1/thermo2: temperature readings every 2 s (+-10 % jitter), QoS 1, one persistent connection;
 *  - motion: events at random (exponential gaps, mean 4 s), QoS 1;
 *  - camera: a 2-5 KB snapshot every 2 s, QoS 0;
 *  - plug: an HTTP REST device on :8080.
 * Sensors are mosquitto_pub -l processes fed line by line on the schedules above (seeded RNG).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { VigilError } from "../errors.js";
import { agentCommand } from "./paths.js";
import { HTTP_PORT, host, MQTT_PORT, MQTT_USERS, type Role } from "./plan.js";
import { type Child, must, run, sleep } from "./proc.js";
import type { Topology } from "./topology.js";

export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenignOptions {
  /** Scratch directory for the broker's config and password file. */
  workDir: string;
  seed?: number;
  /** Temperature period in ms (default 2000). */
  thermoPeriodMs?: number;
  /** Camera snapshot period in ms (default 3000). */
  cameraPeriodMs?: number;
  /** Hub's HTTP poll period in ms (default 1000). */
  pollPeriodMs?: number;
}

async function waitListening(topo: Topology, role: Role, port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const [c, a] = topo.execArgs(role, "ss", ["-Hltn", `sport = :${port}`]);
    const r = await run(c, a);
    if (r.code === 0 && r.stdout.trim().length > 0) return;
    await sleep(100);
  }
  throw new VigilError("E_NETWORK", `nothing listens on ${role}:${port} after ${timeoutMs} ms`, {
    role,
    port,
  });
}

export class BenignTraffic {
  private timers: NodeJS.Timeout[] = [];
  private children: Child[] = [];
  private stopped = false;
  private readonly rand: () => number;

  constructor(
    private readonly topo: Topology,
    private readonly opts: BenignOptions,
  ) {
    this.rand = mulberry32(opts.seed ?? 1);
  }

  async start(): Promise<void> {
    await this.startBroker();
    await this.startPlug();
    const broker = host("broker").ip;
    const common = ["-h", broker, "-p", String(MQTT_PORT), "-k", "30"];
    this.children.push(
      this.topo.spawn("hub", "mosquitto_sub", "mosquitto_sub", [
        ...common,
        "-i",
        "hub",
        "-u",
        "hub",
        "-P",
        MQTT_USERS.hub,
        "-q",
        "1",
        "-t",
        "sensors/#",
        "-F",
        "%t %l",
      ]),
    );
    const pub = (role: "thermo1" | "thermo2" | "motion" | "camera", topic: string, qos: string) =>
      this.topo.spawn(
        role,
        "mosquitto_pub",
        "mosquitto_pub",
        [...common, "-i", role, "-u", role, "-P", MQTT_USERS[role], "-q", qos, "-t", topic, "-l"],
        { stdin: true },
      );
    const t1 = pub("thermo1", "sensors/thermo1/temperature", "1");
    const t2 = pub("thermo2", "sensors/thermo2/temperature", "1");
    const mo = pub("motion", "sensors/motion/event", "1");
    const cam = pub("camera", "sensors/camera/snapshot", "0");
    this.children.push(t1, t2, mo, cam);

    const thermoMs = this.opts.thermoPeriodMs ?? 2000;
    let temp1 = 21.5;
    let temp2 = 19.0;
    this.every(thermoMs, 0.1, () => {
      temp1 += (this.rand() - 0.5) * 0.2;
      t1.write(`${JSON.stringify({ t: Math.round(temp1 * 100) / 100, unit: "C", ts: Date.now() })}\n`);
    });
    this.every(thermoMs, 0.1, () => {
      temp2 += (this.rand() - 0.5) * 0.2;
      t2.write(`${JSON.stringify({ t: Math.round(temp2 * 100) / 100, unit: "C", ts: Date.now() })}\n`);
    });
    const motion = () => {
      if (this.stopped) return;
      mo.write(
        `${JSON.stringify({ motion: true, zone: this.rand() < 0.5 ? "hall" : "door", ts: Date.now() })}\n`,
      );
      this.timers.push(setTimeout(motion, -Math.log(1 - this.rand()) * 4000));
    };
    this.timers.push(setTimeout(motion, 1500));
    this.every(this.opts.cameraPeriodMs ?? 2000, 0.05, () => {
      const raw = Buffer.alloc(1500 + Math.floor(this.rand() * 2300));
      for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(this.rand() * 256);
      cam.write(`${raw.toString("base64")}\n`);
    });
    const [node, agentArgs] = agentCommand("http-poller", {
      url: `http://${host("plug").ip}:${HTTP_PORT}`,
      intervalMs: this.opts.pollPeriodMs ?? 500,
      toggleEvery: 15,
    });
    this.children.push(this.topo.spawn("hub", "http-poller", node, agentArgs));
    await sleep(300);
    for (const c of this.children) {
      if (c.done)
        throw new VigilError("E_NETWORK", `benign process ${c.name} exited early: ${c.output().trim()}`);
    }
  }

  private every(periodMs: number, jitter: number, fn: () => void): void {
    const tick = () => {
      if (this.stopped) return;
      fn();
      this.timers.push(setTimeout(tick, periodMs * (1 + (this.rand() * 2 - 1) * jitter)));
    };
    this.timers.push(setTimeout(tick, this.rand() * periodMs));
  }

  private async startBroker(): Promise<void> {
    const dir = this.opts.workDir;
    await mkdir(dir, { recursive: true });
    const pw = join(dir, "passwd");
    let first = true;
    for (const [user, pass] of Object.entries(MQTT_USERS)) {
      await must("mosquitto_passwd", first ? ["-c", "-b", pw, user, pass] : ["-b", pw, user, pass]);
      first = false;
    }
    const conf = join(dir, "mosquitto.conf");
    await writeFile(
      conf,
      [
        "user root",
        `listener ${MQTT_PORT} ${host("broker").ip}`,
        "allow_anonymous false",
        `password_file ${pw}`,
        "persistence false",
        "log_dest stderr",
        "log_type error",
        "log_type warning",
        "",
      ].join("\n"),
    );
    this.children.push(this.topo.spawn("broker", "mosquitto", "mosquitto", ["-c", conf]));
    await waitListening(this.topo, "broker", MQTT_PORT, 5000);
  }

  private async startPlug(): Promise<void> {
    const [node, args] = agentCommand("http-device", { host: host("plug").ip, port: HTTP_PORT });
    this.children.push(this.topo.spawn("plug", "http-device", node, args));
    await waitListening(this.topo, "plug", HTTP_PORT, 5000);
  }

  /** Ends the schedules and the benign processes (sensors disconnect cleanly on stdin EOF). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.all(this.children.reverse().map((c) => c.stop(1500)));
  }
}
