/**
 * npm run eval:mqttset — detection quality of the packet pipeline on real MQTT traffic (MQTTset, in
 * ../shared). For each attack: a fresh detector (seeded, so the same every time) trains on
 * benign-train.pcap (10% feature mapping, 70% training, 20% calibration), then scores a time-ordered
 * merge of benign-test with that attack's -test capture. The test captures were recorded on other
 * days, so their timestamps are moved: benign-test starts 1 s after training ends, the attack starts
 * at 25% of benign-test's span (keeping every inter-arrival gap). Prints JSON: per attack the packet
 * counts, ROC-AUC, detection rate at 1% false positives (threshold from the benign-test scores of the
 * same merge), and the detection rate / FPR at the detector's own calibrated threshold.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  memorySource,
  mergeInTimeOrder,
  readFrames,
  type StoredFrame,
  shiftTo,
} from "../src/capture/memory-source.js";
import { decodeFrame } from "../src/decode/decode.js";
import { Packet } from "../src/decode/packet.js";
import { PacketDetector, type PacketDetectorParams } from "../src/detect/packet-detector.js";
import { runDetection } from "../src/detect/run-detection.js";
import { detectionRateAtFpr, rocAuc } from "../src/evaluate/ranking.js";

/** The broker (the IPv4 address that receives TCP port 1883) and its MAC, from the first such frame. */
function findBroker(frames: StoredFrame[]): { ip: number; mac: number } {
  const p = new Packet();
  for (const f of frames) {
    decodeFrame(
      {
        index: 0,
        byteOffset: 0,
        tsSec: 0,
        tsNsec: 0,
        capLen: f.data.length,
        wireLen: f.wireLen,
        linkType: f.linkType,
        interfaceId: 0,
        data: f.data,
      },
      p,
    );
    if (p.ipVersion === 4 && p.dstPort === 1883) return { ip: p.dst4, mac: p.dstMac };
  }
  throw new Error("no MQTT broker found");
}

function putIp4(d: Uint8Array, o: number, ip: number): void {
  d[o] = ip >>> 24;
  d[o + 1] = (ip >>> 16) & 255;
  d[o + 2] = (ip >>> 8) & 255;
  d[o + 3] = ip & 255;
}

function putMac(d: Uint8Array, o: number, mac: number): void {
  const hi = Math.floor(mac / 0x1000000);
  const lo = mac % 0x1000000;
  d.set([(hi >>> 16) & 255, (hi >>> 8) & 255, hi & 255, (lo >>> 16) & 255, (lo >>> 8) & 255, lo & 255], o);
}

/**
 * Moves an attack capture onto the benign network: its broker becomes the benign broker (IP and MAC),
 * every other host becomes one new client (192.168.0.250, a new MAC). Without this the attacks are
 * recorded between hosts the benign capture never has, and "a new host appeared" alone detects them.
 */
function mapOntoBenign(frames: StoredFrame[], benign: { ip: number; mac: number }): StoredFrame[] {
  const attackBroker = findBroker(frames);
  const client = { ip: (192 << 24) + (168 << 16) + 250, mac: 0x02aaaaaaaa01 };
  const p = new Packet();
  return frames.map((f) => {
    const data = f.data.slice();
    decodeFrame(
      {
        index: 0,
        byteOffset: 0,
        tsSec: 0,
        tsNsec: 0,
        capLen: data.length,
        wireLen: f.wireLen,
        linkType: f.linkType,
        interfaceId: 0,
        data,
      },
      p,
    );
    if (p.hasMac && f.linkType === 1) {
      putMac(data, 0, p.dstMac === attackBroker.mac ? benign.mac : client.mac);
      putMac(data, 6, p.srcMac === attackBroker.mac ? benign.mac : client.mac);
    }
    if (p.ipVersion === 4 && p.l3Offset >= 0) {
      putIp4(data, p.l3Offset + 12, p.src4 === attackBroker.ip ? benign.ip : client.ip);
      putIp4(data, p.l3Offset + 16, p.dst4 === attackBroker.ip ? benign.ip : client.ip);
    }
    return { ...f, data };
  });
}

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.VIGIL_SHARED_DIR ?? resolve(here, "..", "..", "..", "shared");
const dir = join(sharedDir, "datasets/mqttset-reduced");
const ATTACKS: [string, string][] = [
  ["bruteforce", "bruteforce-test.pcapng"],
  ["flood", "flood-test.pcap"],
  ["malariados", "malariados-test.pcap"],
  ["malformed", "malformed-test.pcap"],
  ["slowite", "slowite-test.pcap"],
];

async function main(): Promise<void> {
  if (!existsSync(dir)) {
    process.stdout.write(`${JSON.stringify({ bench: "mqttset-eval", skipped: `no ${dir}` })}\n`);
    return;
  }
  const targetFpr = Number(process.env.EVAL_TARGET_FPR ?? 0.01);
  const train = await readFrames(join(dir, "benign-train.pcap"));
  const benignTest = await readFrames(join(dir, "benign-test.pcap"));
  const n = train.length;
  const fmGrace = Math.round(n * 0.1);
  const calibPackets = Math.round(n * 0.2);
  const params: Partial<PacketDetectorParams> = {
    fmGrace,
    adGrace: n - fmGrace - calibPackets,
    calibPackets,
    targetFpr,
  };
  const trainEnd = train[train.length - 1].ts;
  const bStart = trainEnd + 1;
  const benign = shiftTo(benignTest, bStart, 1);
  const span = benign[benign.length - 1].ts - bStart;
  const benignBroker = findBroker(benignTest);
  const results: Record<string, unknown>[] = [];
  for (const [name, file] of ATTACKS) {
    for (const addresses of ["as-recorded", "mapped-onto-benign-network"]) {
      const recorded = await readFrames(join(dir, file));
      const moved = addresses === "as-recorded" ? recorded : mapOntoBenign(recorded, benignBroker);
      const attack = shiftTo(moved, bStart + 0.25 * span, 2);
      const frames = [...train.map((f) => ({ ...f, origin: 0 })), ...mergeInTimeOrder([benign, attack])];
      const det = new PacketDetector(params);
      const benignScores: number[] = [];
      const attackScores: number[] = [];
      let alertsOnAttack = 0;
      let alertsOnBenign = 0;
      const summary = await runDetection({
        source: memorySource(`train+${name}`, frames),
        detector: det,
        alertIntervalS: 0,
        onScore: (p, score) => {
          const origin = frames[p.index].origin;
          if (origin === 1) benignScores.push(score);
          else if (origin === 2) attackScores.push(score);
        },
        onAlert: (a) => {
          if (frames[a.vigil.packet_index].origin === 2) alertsOnAttack++;
          else alertsOnBenign++;
        },
      });
      const y = [...benignScores.map(() => 0), ...attackScores.map(() => 1)];
      const op = detectionRateAtFpr(benignScores, attackScores, 0.01);
      results.push({
        attack: name,
        addresses,
        benign_test_packets: benignScores.length,
        attack_packets: attackScores.length,
        roc_auc: rocAuc(y, [...benignScores, ...attackScores]),
        at_1pct_fpr: { detection_rate: op.detectionRate, fpr: op.fpr, threshold: op.threshold },
        at_calibrated_threshold: {
          threshold: det.threshold,
          target_fpr: targetFpr,
          detection_rate: attackScores.length ? alertsOnAttack / attackScores.length : null,
          fpr: alertsOnBenign / benignScores.length,
        },
        phase_packets: summary.phasePackets,
      });
    }
  }
  process.stdout.write(
    `${JSON.stringify({ bench: "mqttset-eval", train_packets: n, detector: params, results }, null, 2)}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
