/**
 * The testbed's address plan: every host, its namespace role, IPv4 address and MAC. Addresses are
 * private (10.77.0.0/24) and exist ONLY inside the network namespaces the testbed creates; nothing
 * has a default route, so no packet can leave the testbed. MACs are fixed (locally administered
 * 02:76:67:...) so labels and manifests are reproducible from run to run.
 */

/** Every namespace name starts with this prefix, then the owning process id, then the role. */
export const NS_PREFIX = "vgtb";

/** The bridge inside the gateway namespace; capture here sees every frame of the testbed. */
export const BRIDGE = "br0";

export const SUBNET_PREFIX_LEN = 24;

export type Role =
  | "gw"
  | "broker"
  | "hub"
  | "thermo1"
  | "thermo2"
  | "motion"
  | "camera"
  | "plug"
  | "attacker";

export interface HostPlan {
  role: Role;
  /** What the host plays in the IoT network. */
  description: string;
  ip: string;
  mac: string;
}

export const HOSTS: readonly HostPlan[] = [
  {
    role: "gw",
    description: "gateway (Linux bridge, capture point)",
    ip: "10.77.0.1",
    mac: "02:76:67:00:00:01",
  },
  {
    role: "broker",
    description: "MQTT broker (mosquitto, password file)",
    ip: "10.77.0.10",
    mac: "02:76:67:00:00:0a",
  },
  {
    role: "hub",
    description: "home hub: subscribes to sensors/#, polls the smart plug over HTTP",
    ip: "10.77.0.20",
    mac: "02:76:67:00:00:14",
  },
  {
    role: "thermo1",
    description: "temperature sensor (MQTT, every 2 s)",
    ip: "10.77.0.31",
    mac: "02:76:67:00:00:1f",
  },
  {
    role: "thermo2",
    description: "temperature sensor (MQTT, every 2 s)",
    ip: "10.77.0.32",
    mac: "02:76:67:00:00:20",
  },
  {
    role: "motion",
    description: "motion sensor (MQTT, random events)",
    ip: "10.77.0.33",
    mac: "02:76:67:00:00:21",
  },
  {
    role: "camera",
    description: "camera (MQTT snapshots, 2-5 KB)",
    ip: "10.77.0.34",
    mac: "02:76:67:00:00:22",
  },
  {
    role: "plug",
    description: "smart plug (HTTP REST device on :8080)",
    ip: "10.77.0.40",
    mac: "02:76:67:00:00:28",
  },
  { role: "attacker", description: "attacker host", ip: "10.77.0.66", mac: "02:76:67:00:00:42" },
];

export function host(role: Role): HostPlan {
  const h = HOSTS.find((x) => x.role === role);
  if (!h) throw new Error(`no host with role ${role}`);
  return h;
}

export const MQTT_PORT = 1883;
export const HTTP_PORT = 8080;

/** MQTT accounts in the broker's password file (the brute force tries other passwords). */
export const MQTT_USERS: Readonly<Record<string, string>> = {
  hub: "hub-6c1d2e",
  thermo1: "th1-91af04",
  thermo2: "th2-3be7c5",
  motion: "mo-55e0a2",
  camera: "cam-0d93f1",
};

/** Namespace name for a role in the run owned by `pid`: "vgtb-1234-broker". */
export function nsName(pid: number, role: Role): string {
  return `${NS_PREFIX}-${pid}-${role}`;
}

/** The owning pid of a testbed namespace name, or undefined for names that are not ours. */
export function ownerPid(ns: string): number | undefined {
  const m = /^vgtb-(\d+)-[a-z0-9]+$/.exec(ns);
  return m ? Number(m[1]) : undefined;
}
