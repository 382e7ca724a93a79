/**
 * Scenario "rogue-device": an unapproved device joins the IoT network (the attacker host, a MAC never
 * seen before) with a duplicated static IP: it announces thermo2's address (10.77.0.32) in gratuitous
 * ARP (an IP conflict: two MACs claim one IP), then behaves unlike any of the testbed's devices: SSDP
 * discovery broadcasts, DNS queries for its vendor cloud to the gateway (no resolver there: ICMP port
 * unreachable comes back), and telnet/HTTP/RTSP connection attempts to the other hosts, as IoT malware
 * and misconfigured gadgets do. A short python3 program (raw AF_PACKET socket for the ARP, ordinary
 * sockets for the rest), bounded in count and time like every testbed tool.
 */
import { existsSync } from "node:fs";
import { HOSTS, host } from "./plan.js";
import type { AttackContext, Scenario } from "./scenarios.js";

export interface RogueDeviceOptions {
  iface: string;
  rogueMac: string;
  /** The IP the rogue claims in gratuitous ARP (another device's). */
  conflictIp: string;
  /** The rogue's own address (it sends its IP traffic from here). */
  ownIp: string;
  gatewayIp: string;
  broadcastIp: string;
  /** Hosts whose ports it probes. */
  targets: string[];
  durationMs: number;
  /** Seconds between rounds (one round: ARP announce, SSDP, DNS, a few connection attempts). */
  intervalMs: number;
}

export const ROGUE_DEVICE_PY = `
import json, random, signal, socket, struct, sys, time
o = json.loads(sys.argv[1])
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)
random.seed(7)
mac = bytes.fromhex(o["rogueMac"].replace(":", ""))
cip = socket.inet_aton(o["conflictIp"])
raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
raw.bind((o["iface"], 0))
def announce():
    eth = b"\\xff" * 6 + mac + struct.pack("!H", 0x0806)
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + cip + b"\\x00" * 6 + cip
    raw.send(eth + arp + bytes(18))
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
udp.bind((o["ownIp"], 0))
ssdp = ("M-SEARCH * HTTP/1.1\\r\\nHOST: 239.255.255.250:1900\\r\\nMAN: \\"ssdp:discover\\"\\r\\nMX: 2\\r\\n"
        "ST: urn:dial-multiscreen-org:service:dial:1\\r\\nUSER-AGENT: RogueCam/2.1 UPnP/1.1\\r\\n\\r\\n").encode()
def dns_query(name):
    q = struct.pack("!HHHHHH", random.randrange(65536), 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\\x00" + struct.pack("!HH", 1, 1)
names = ["cloud.roguecam.example", "ota.roguecam.example", "p2p.tutk-relay.example"]
ports = [23, 2323, 80, 554, 8080, 5555]
counts = {"arp": 0, "ssdp": 0, "dns": 0, "connects": 0, "opened": 0}
deadline = time.time() + o["durationMs"] / 1000
rounds = 0
while not stop and time.time() < deadline:
    if rounds < 3 or rounds % 4 == 0:
        announce(); counts["arp"] += 1
    udp.sendto(ssdp, (o["broadcastIp"], 1900)); counts["ssdp"] += 1
    udp.sendto(dns_query(names[rounds % len(names)]), (o["gatewayIp"], 53)); counts["dns"] += 1
    for _ in range(3):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.settimeout(0.2)
        try:
            t.bind((o["ownIp"], 0))
            if t.connect_ex((random.choice(o["targets"]), random.choice(ports))) == 0:
                counts["opened"] += 1
        except OSError:
            pass
        finally:
            t.close()
        counts["connects"] += 1
    rounds += 1
    time.sleep(o["intervalMs"] / 1000)
counts["agent"] = "rogue-device"
counts["rounds"] = rounds
print(json.dumps(counts))
`;

/** [cmd, args] for python3 running the rogue device. */
export function rogueDeviceCommand(o: RogueDeviceOptions): [string, string[]] {
  const py = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  return [py, ["-c", ROGUE_DEVICE_PY, JSON.stringify(o)]];
}

export function rogueDeviceScenario(
  runTool: (ctx: AttackContext, name: string, cmd: string, args: string[]) => Promise<string>,
): Scenario {
  return {
    name: "rogue-device",
    label: "rogue-device",
    description:
      "unapproved device with a duplicated IP: gratuitous ARP for thermo2's 10.77.0.32, then SSDP/DNS/telnet-HTTP probing unlike any testbed device",
    attack: (ctx) => {
      const atk = host("attacker");
      const [cmd, args] = rogueDeviceCommand({
        iface: "eth0",
        rogueMac: atk.mac,
        conflictIp: host("thermo2").ip,
        ownIp: atk.ip,
        gatewayIp: host("gw").ip,
        broadcastIp: "10.77.0.255",
        targets: HOSTS.filter((h) => ["hub", "camera", "plug", "broker"].includes(h.role)).map((h) => h.ip),
        durationMs: ctx.durationMs,
        intervalMs: 500,
      });
      return runTool(ctx, "rogue-device", cmd, args);
    },
  };
}

/**
 * The testbed's approved devices as a `vigil devices --names` CSV (device, mac, type): every host but
 * the attacker, thermo1/thermo2 sharing the type "thermo".
 */
export function approvedDevicesCsv(): string {
  const rows = HOSTS.filter((h) => h.role !== "attacker").map(
    (h) => `${h.role},${h.mac},${h.role.replace(/\d$/, "")}`,
  );
  return `device,mac,type\n${rows.join("\n")}\n`;
}
