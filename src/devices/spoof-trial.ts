/**
 * A MAC-spoofing trial on real captures, for the evaluation: device A's genuine test-period traffic,
 * then device B's test-period traffic shifted to follow it with B's MAC rewritten to A's (B now wears
 * A's identity, as a cloned or compromised device would). The inventory (trained on the training
 * period) should raise identity-mismatch or behaviour-change on A's MAC after the switch and nothing
 * before it. Frames are rewritten in their Ethernet header only (link type 1).
 */
import { readFrames, type StoredFrame } from "../capture/memory-source.js";
import { decodeFrame } from "../decode/decode.js";
import { LINKTYPE, Packet, parseMac } from "../decode/packet.js";
import { DeviceInventory } from "./inventory.js";
import type { TrainedDevices } from "./model-file.js";
import type { IdentityAlert } from "./schemas.js";

export interface SpoofTrialResult {
  genuine: string;
  impostor: string;
  /** Seconds of genuine traffic before the switch, and of impostor traffic after it. */
  genuineS: number;
  impostorS: number;
  /** Alerts on A's MAC before the switch (false alerts) by kind. */
  alertsBefore: Record<string, number>;
  /** First identity alert on A's MAC after the switch: kind and delay in seconds (null when none). */
  detected: { kind: string; delayS: number } | null;
}

function putMac(b: Uint8Array, o: number, mac: number): void {
  const hi = Math.floor(mac / 0x100000000);
  const lo = mac % 0x100000000;
  b[o] = (hi >>> 8) & 255;
  b[o + 1] = hi & 255;
  b[o + 2] = (lo >>> 24) & 255;
  b[o + 3] = (lo >>> 16) & 255;
  b[o + 4] = (lo >>> 8) & 255;
  b[o + 5] = lo & 255;
}

function macAt(b: Uint8Array, o: number): number {
  return (
    (b[o] * 256 + b[o + 1]) * 0x100000000 +
    ((b[o + 2] << 24) >>> 0) +
    (b[o + 3] << 16) +
    (b[o + 4] << 8) +
    b[o + 5]
  );
}

export async function spoofTrial(
  trained: TrainedDevices,
  genuine: { name: string; mac: string; pcap: string; fromS: number },
  impostor: { name: string; mac: string; pcap: string; fromS: number },
): Promise<SpoofTrialResult> {
  const a = parseMac(genuine.mac);
  const b = parseMac(impostor.mac);
  const fa = (await readFrames(genuine.pcap)).filter((f) => f.ts >= genuine.fromS);
  const fb = (await readFrames(impostor.pcap)).filter((f) => f.ts >= impostor.fromS);
  if (fa.length === 0 || fb.length === 0) throw new Error("spoof trial: empty test period");
  const switchS = fa[fa.length - 1].ts + 1;
  const shift = switchS - fb[0].ts;
  const moved: StoredFrame[] = fb.map((f) => {
    const data = f.data.slice();
    if (f.linkType === LINKTYPE.ETHERNET && data.length >= 12) {
      if (macAt(data, 0) === b) putMac(data, 0, a);
      if (macAt(data, 6) === b) putMac(data, 6, a);
    }
    return { ...f, data, ts: f.ts + shift };
  });
  const alerts: IdentityAlert[] = [];
  const inv = new DeviceInventory({ model: trained, onAlert: (x) => alerts.push(x) });
  const p = new Packet();
  let i = 0;
  for (const f of [...fa, ...moved]) {
    const sec = Math.floor(f.ts);
    decodeFrame(
      {
        index: i++,
        byteOffset: 0,
        tsSec: sec,
        tsNsec: Math.round((f.ts - sec) * 1e9),
        capLen: f.data.length,
        wireLen: f.wireLen,
        linkType: f.linkType,
        interfaceId: 0,
        data: f.data,
      },
      p,
    );
    inv.observe(p);
  }
  inv.flush();
  const mine = alerts.filter((x) => x.macs.includes(genuine.mac) && x.macs.length === 1);
  const alertsBefore: Record<string, number> = {};
  for (const x of mine) if (x.ts < switchS) alertsBefore[x.kind] = (alertsBefore[x.kind] ?? 0) + 1;
  const after = mine.find(
    (x) => x.ts >= switchS && (x.kind === "identity-mismatch" || x.kind === "behaviour-change"),
  );
  return {
    genuine: genuine.name,
    impostor: impostor.name,
    genuineS: Math.round(switchS - fa[0].ts),
    impostorS: Math.round(moved[moved.length - 1].ts - switchS),
    alertsBefore,
    detected: after ? { kind: after.kind, delayS: Math.round(after.ts - switchS) } : null,
  };
}
