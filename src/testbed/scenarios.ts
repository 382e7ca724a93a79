/**
 * The testbed's scenarios, a registry by name. Each attack runs from the attacker host, bounded in count
 * AND time (rates suit a shared 2-core machine: never hping3 --flood), while the benign traffic keeps
 * running. `label` is what the attack's packets are labelled with; everything else is "benign".
 */
import { VigilError } from "../errors.js";
import { arpSpoofCommand } from "./arp-spoof.js";
import { agentCommand } from "./paths.js";
import { HOSTS, host, MQTT_PORT, MQTT_USERS } from "./plan.js";
import type { Child } from "./proc.js";
import { rogueDeviceScenario } from "./rogue-device.js";
import type { Topology } from "./topology.js";

export interface AttackContext {
  topo: Topology;
  /** How long the attack may run, ms (tools are given counts that fit, and killed 5 s after). */
  durationMs: number;
}

export interface Scenario {
  name: string;
  /** The per-packet label of this attack's packets ("benign" for the benign-only scenario). */
  label: string;
  description: string;
  /** Runs the attack to its end; returns the tool's own summary (its output tail). */
  attack?: (ctx: AttackContext) => Promise<string>;
}

async function runTool(ctx: AttackContext, name: string, cmd: string, args: string[]): Promise<string> {
  const child: Child = ctx.topo.spawn("attacker", name, cmd, args);
  // Every tool is bounded twice: by its own count/rate options, and by time: still running 1 s after
  // the window it was given, it is stopped (SIGTERM, then SIGKILL) and that is a normal end.
  const timer = setTimeout(() => void child.stop(2_000), ctx.durationMs + 1_000);
  const r = await child.exited;
  clearTimeout(timer);
  const out = child.output().trim();
  const stoppedByBound = r.signal === "SIGTERM" || r.signal === "SIGKILL";
  // hping3 exits 1 when some probes got no reply; nmap and the agents exit 0.
  if (!stoppedByBound && (r.code === null || r.code < 0 || r.code > 1)) {
    throw new VigilError(
      "E_NETWORK",
      `attack tool ${name} failed (exit ${r.code ?? r.signal}): ${out.slice(-500)}`,
    );
  }
  return `${out.slice(-800)}${stoppedByBound ? "\n[stopped at its time bound]" : ""}`;
}

const ppsCount = (ctx: AttackContext, pps: number) =>
  String(Math.max(1, Math.floor((ctx.durationMs / 1000) * pps)));

export const SCENARIOS: readonly Scenario[] = [
  { name: "benign", label: "benign", description: "benign IoT traffic only (no attack)" },
  {
    name: "syn-flood",
    label: "syn-flood",
    description: "TCP SYN flood on the broker's MQTT port, hping3 at 200 packets/s",
    attack: (ctx) =>
      runTool(ctx, "hping3", "hping3", [
        "-q",
        "-I",
        "eth0",
        "-S",
        "-p",
        String(MQTT_PORT),
        "-i",
        "u5000",
        "-c",
        ppsCount(ctx, 200),
        host("broker").ip,
      ]),
  },
  {
    name: "udp-flood",
    label: "udp-flood",
    description: "UDP flood on the smart plug (CoAP port 5683, 96-byte payloads), hping3 at 200 packets/s",
    attack: (ctx) =>
      runTool(ctx, "hping3", "hping3", [
        "-q",
        "-I",
        "eth0",
        "--udp",
        "-p",
        "5683",
        "-d",
        "96",
        "-i",
        "u5000",
        "-c",
        ppsCount(ctx, 200),
        host("plug").ip,
      ]),
  },
  {
    name: "port-scan",
    label: "port-scan",
    description: "TCP SYN scan of the broker's ports 1-1024, 1883 and 8080, nmap at most 250 probes/s",
    attack: (ctx) =>
      runTool(ctx, "nmap", "nmap", [
        "-sS",
        "-n",
        "-Pn",
        "-e",
        "eth0",
        "-p",
        "1-1024,1883,8080",
        "--max-rate",
        "250",
        "--max-retries",
        "1",
        "--host-timeout",
        `${Math.ceil(ctx.durationMs / 1000)}s`,
        host("broker").ip,
      ]),
  },
  {
    name: "host-scan",
    label: "host-scan",
    description:
      "host discovery sweep of 10.77.0.0/24 (nmap -sn --send-ip: ICMP echo + TCP SYN to 80/1883/8080, the kernel ARPs each address), at most 60 probes/s",
    attack: (ctx) =>
      runTool(ctx, "nmap", "nmap", [
        "-sn",
        "-n",
        "-e",
        "eth0",
        "--send-ip",
        "-PE",
        "-PS80,1883,8080",
        "--max-rate",
        "60",
        "--max-retries",
        "1",
        "--host-timeout",
        `${Math.ceil(ctx.durationMs / 1000)}s`,
        "10.77.0.1-254",
      ]),
  },
  {
    name: "mqtt-brute-force",
    label: "mqtt-brute-force",
    description: "MQTT credential brute force: CONNECTs with guessed passwords, 15 attempts/s",
    attack: (ctx) => {
      const [node, args] = agentCommand("mqtt-brute", {
        host: host("broker").ip,
        port: MQTT_PORT,
        rate: 15,
        durationMs: ctx.durationMs,
        maxAttempts: 2000,
        users: ["admin", "hub", "thermo1", "camera"],
      });
      return runTool(ctx, "mqtt-brute", node, args);
    },
  },
  {
    name: "mqtt-publish-flood",
    label: "mqtt-publish-flood",
    description: "MQTT publish flood with stolen sensor credentials: 150 PUBLISH/s of 64 bytes",
    attack: (ctx) => {
      const [node, args] = agentCommand("mqtt-flood", {
        host: host("broker").ip,
        port: MQTT_PORT,
        rate: 150,
        durationMs: ctx.durationMs,
        payloadBytes: 64,
        username: "thermo1",
        password: MQTT_USERS.thermo1,
        topic: "sensors/thermo1/temperature",
      });
      return runTool(ctx, "mqtt-flood", node, args);
    },
  },
  {
    name: "mqtt-slow-dos",
    label: "mqtt-slow-dos",
    description:
      "SlowITe-like slow DoS: 150 connections opened at 20/s, each dribbling a CONNECT (keep-alive 65535) 1 byte per 2 s",
    attack: (ctx) => {
      const [node, args] = agentCommand("mqtt-slow", {
        host: host("broker").ip,
        port: MQTT_PORT,
        connections: 150,
        openRate: 20,
        dribbleMs: 2000,
        durationMs: ctx.durationMs,
      });
      return runTool(ctx, "mqtt-slow", node, args);
    },
  },
  {
    name: "arp-spoof",
    label: "arp-spoof",
    description:
      "ARP spoofing: replies claiming the broker's IP is at the attacker's MAC, 2 rounds/s, attacker forwards (MITM)",
    attack: async (ctx) => {
      const atk = host("attacker");
      await ctx.topo.exec("attacker", "sysctl", [
        "-q",
        "-w",
        "net.ipv4.ip_forward=1",
        "net.ipv4.conf.all.send_redirects=0",
        "net.ipv4.conf.eth0.send_redirects=0",
      ]);
      const victims = HOSTS.filter((h) =>
        ["hub", "thermo1", "thermo2", "motion", "camera"].includes(h.role),
      ).map((h) => ({ ip: h.ip, mac: h.mac }));
      const [cmd, args] = arpSpoofCommand({
        iface: "eth0",
        attackerMac: atk.mac,
        spoofIp: host("broker").ip,
        victims,
        intervalMs: 500,
        count: Math.max(1, Math.floor(ctx.durationMs / 500)),
      });
      return runTool(ctx, "arp-spoof", cmd, args);
    },
  },
  rogueDeviceScenario(runTool),
];

export function scenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) {
    throw new VigilError(
      "E_CONFIG",
      `unknown testbed scenario "${name}" (known: ${SCENARIOS.map((x) => x.name).join(", ")})`,
      { field: "scenario" },
    );
  }
  return s;
}
