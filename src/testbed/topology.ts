/**
 * Builds and tears down the testbed's network: one namespace per host, each joined by a veth pair to
 * a Linux bridge in the gateway namespace (capture on that bridge sees every frame). Namespaces are
 * named vgtb-<owner pid>-<role>; at start, namespaces left by dead owners are removed. Teardown kills
 * every process inside the namespaces and deletes them; it runs on normal exit, on failure and on
 * SIGINT/SIGTERM (installSignalTeardown).
 *
 * Realism: IPv6 is disabled (no stray router solicitations), and every veth has gso_max_segs 1 so the
 * bridge sees MTU-sized frames as a real Ethernet would, not 64 KB GSO super-frames.
 */
import { VigilError } from "../errors.js";
import {
  BRIDGE,
  HOSTS,
  type HostPlan,
  NS_PREFIX,
  nsName,
  ownerPid,
  type Role,
  SUBNET_PREFIX_LEN,
} from "./plan.js";
import { Child, hasCommand, must, run, runSync, sleep } from "./proc.js";

export const REQUIRED_TOOLS = [
  "ip",
  "mosquitto",
  "mosquitto_passwd",
  "mosquitto_pub",
  "mosquitto_sub",
  "tcpdump",
];
export const ATTACK_TOOLS = ["hping3", "nmap", "python3"];

/** Why the testbed cannot run here, or "" when it can (root, `ip netns`, the tools). */
export function unavailableReason(tools: string[] = [...REQUIRED_TOOLS, ...ATTACK_TOOLS]): string {
  if (process.platform !== "linux") return "the testbed needs Linux network namespaces";
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    return "the testbed needs root (ip netns)";
  const missing = tools.filter((t) => !hasCommand(t));
  if (missing.length > 0) return `missing tools: ${missing.join(", ")} (run .ci/install-testbed-deps.sh)`;
  const probe = `${NS_PREFIX}-${process.pid}-probe`;
  if (runSync("ip", ["netns", "add", probe]) !== 0) return "`ip netns add` is not permitted here";
  runSync("ip", ["netns", "del", probe]);
  return "";
}

async function listNamespaces(): Promise<string[]> {
  const r = await run("ip", ["netns", "list"]);
  return r.stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n): n is string => !!n);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function killNamespaceProcesses(ns: string): Promise<void> {
  for (const sig of ["-TERM", "-KILL"]) {
    const r = await run("ip", ["netns", "pids", ns]);
    const pids = r.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p));
    if (pids.length === 0) return;
    await run("kill", [sig, ...pids]);
    await sleep(300);
  }
}

/** Removes namespaces whose owner process is gone (a testbed killed with SIGKILL). Returns their names. */
export async function cleanStale(): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of await listNamespaces()) {
    const pid = ownerPid(ns);
    if (pid === undefined || pid === process.pid || alive(pid)) continue;
    await killNamespaceProcesses(ns);
    await run("ip", ["netns", "del", ns]);
    removed.push(ns);
  }
  return removed;
}

export class Topology {
  readonly owner = process.pid;
  private created: string[] = [];
  private children: Child[] = [];
  private tornDown = false;

  ns(role: Role): string {
    return nsName(this.owner, role);
  }

  /** `ip netns exec <ns> cmd args...` as an argument vector for spawn. */
  execArgs(role: Role, cmd: string, args: string[]): [string, string[]] {
    return ["ip", ["netns", "exec", this.ns(role), cmd, ...args]];
  }

  /** Runs a short command in a host's namespace; throws unless it exits 0. */
  exec(role: Role, cmd: string, args: string[], timeoutMs = 15_000): Promise<string> {
    const [c, a] = this.execArgs(role, cmd, args);
    return must(c, a, timeoutMs);
  }

  /** Starts a long-running process in a host's namespace; it is killed on teardown. */
  spawn(role: Role, name: string, cmd: string, args: string[], opts: { stdin?: boolean } = {}): Child {
    if (this.tornDown) throw new VigilError("E_INTERNAL", "testbed already torn down");
    const [c, a] = this.execArgs(role, cmd, args);
    const child = new Child(`${role}:${name}`, c, a, opts);
    this.children.push(child);
    return child;
  }

  async up(): Promise<void> {
    await cleanStale();
    const gw = this.ns("gw");
    const gwHost = HOSTS.find((h) => h.role === "gw") as HostPlan;
    try {
      for (const h of HOSTS) {
        const ns = this.ns(h.role);
        // A signal may tear down while we build: stop adding (a namespace that still slips through is
        // removed by the next testbed's stale clean-up, its owner being dead).
        if (this.tornDown) throw new VigilError("E_NETWORK", "testbed torn down while it was being built");
        this.created.push(ns);
        await must("ip", ["netns", "add", ns]);
        await must("ip", [
          "netns",
          "exec",
          ns,
          "sysctl",
          "-q",
          "-w",
          "net.ipv6.conf.all.disable_ipv6=1",
          "net.ipv6.conf.default.disable_ipv6=1",
        ]);
        await must("ip", ["-n", ns, "link", "set", "lo", "up"]);
      }
      await must("ip", [
        "-n",
        gw,
        "link",
        "add",
        BRIDGE,
        "address",
        gwHost.mac,
        "type",
        "bridge",
        "stp_state",
        "0",
        "forward_delay",
        "0",
      ]);
      await must("ip", ["-n", gw, "addr", "add", `${gwHost.ip}/${SUBNET_PREFIX_LEN}`, "dev", BRIDGE]);
      // Promiscuous: frames forwarded between ports are passed up to the bridge device too, so a
      // capture on br0 (even one that asks for no promiscuous mode) sees all testbed traffic.
      await must("ip", ["-n", gw, "link", "set", BRIDGE, "promisc", "on", "up"]);
      for (const h of HOSTS) {
        if (h.role === "gw") continue;
        const ns = this.ns(h.role);
        const port = `v-${h.role}`;
        await must("ip", [
          "-n",
          gw,
          "link",
          "add",
          port,
          "gso_max_segs",
          "1",
          "type",
          "veth",
          "peer",
          "name",
          "eth0",
          "netns",
          ns,
          "address",
          h.mac,
          "gso_max_segs",
          "1",
        ]);
        await must("ip", ["-n", gw, "link", "set", port, "master", BRIDGE, "up"]);
        await must("ip", ["-n", ns, "addr", "add", `${h.ip}/${SUBNET_PREFIX_LEN}`, "dev", "eth0"]);
        await must("ip", ["-n", ns, "link", "set", "eth0", "up"]);
      }
    } catch (e) {
      await this.down();
      throw e;
    }
  }

  /** Stops every child and deletes every namespace. Safe to call twice. */
  async down(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    await Promise.all(this.children.map((c) => c.stop(1_500)));
    for (const ns of this.created.reverse()) {
      await killNamespaceProcesses(ns);
      await run("ip", ["netns", "del", ns]);
    }
    this.created = [];
  }

  /** Last-resort synchronous teardown (process 'exit' handlers cannot wait). */
  downSync(): void {
    if (this.tornDown) return;
    this.tornDown = true;
    for (const c of this.children) if (!c.done) c.proc.kill("SIGKILL");
    for (const ns of this.created.reverse()) {
      runSync("sh", ["-c", `ip netns pids ${ns} | xargs -r kill -KILL`]);
      runSync("ip", ["netns", "del", ns]);
    }
    this.created = [];
  }

  get isDown(): boolean {
    return this.tornDown;
  }
}

/**
 * Tears the topology down on SIGINT/SIGTERM (then exits 130/143) and, synchronously, on process exit.
 * Returns a function that removes the handlers.
 */
export function installSignalTeardown(topo: Topology, onSignal?: () => void): () => void {
  const handler = (sig: NodeJS.Signals) => {
    process.stderr.write(`vigil testbed: ${sig}, tearing down\n`);
    onSignal?.();
    void topo.down().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  const exitHandler = () => topo.downSync();
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  process.once("exit", exitHandler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
    process.off("exit", exitHandler);
  };
}
