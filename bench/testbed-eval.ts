/**
 * npm run eval:testbed — the packet pipeline on the project's own testbed captures
 * (test/fixtures/testbed, made by `npm run fixtures:testbed`). A detector trains once on the first
 * EVAL_TRAIN_PACKETS (default 2800) packets of demo.pcap, which are 90 s of benign traffic
 * (10% mapping, 70% training, 20% calibration at target FPR EVAL_TARGET_FPR, default 0.01); then each
 * scenario capture is scored from the start by a copy of that trained detector (stream statistics start
 * empty, as after a gateway restart). Per scenario, with the per-packet labels: attack and benign
 * packet counts, detection rate and false-positive rate at the calibrated threshold, ROC-AUC, and the
 * detection rate at 1% FPR on that capture's own benign packets. Prints JSON.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openCapture } from "../src/capture/open.js";
import { PacketDetector } from "../src/detect/packet-detector.js";
import { runDetection } from "../src/detect/run-detection.js";
import { detectionRateAtFpr, rocAuc } from "../src/evaluate/ranking.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, "..", "..", "test/fixtures/testbed");

function labels(file: string): Uint8Array {
  const lines = readFileSync(join(fixtures, file), "utf8").trim().split("\n").slice(1);
  const out = new Uint8Array(lines.length);
  for (const line of lines) {
    const [index, , label] = line.split(",");
    out[Number(index)] = label === "benign" ? 0 : 1;
  }
  return out;
}

async function main(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(fixtures, "MANIFEST.json"), "utf8"));
  const trainPackets = Number(process.env.EVAL_TRAIN_PACKETS ?? 2800);
  const targetFpr = Number(process.env.EVAL_TARGET_FPR ?? 0.01);
  const fmGrace = Math.round(trainPackets * 0.1);
  const calibPackets = Math.round(trainPackets * 0.2);
  const params = { fmGrace, calibPackets, adGrace: trainPackets - fmGrace - calibPackets, targetFpr };
  const trainer = new PacketDetector(params);
  const demoSource = openCapture(join(fixtures, "demo.pcap"));
  await runDetection({
    source: demoSource,
    detector: trainer,
    alertIntervalS: 1,
    onAlert: () => {},
    onPhase: (phase) => {
      if (phase === "detecting") demoSource.stop();
    },
  });
  const artifact = trainer.toArtifact();
  const results: Record<string, unknown>[] = [];
  for (const [name, s] of Object.entries(manifest.scenarios) as [
    string,
    { pcap: string; labels: string },
  ][]) {
    if (name === "demo") continue;
    const y = labels(s.labels);
    const det = PacketDetector.fromArtifact(artifact);
    const benign: number[] = [];
    const attack: number[] = [];
    let tp = 0;
    let fp = 0;
    await runDetection({
      source: openCapture(join(fixtures, s.pcap)),
      detector: det,
      alertIntervalS: 1,
      onAlert: () => {},
      onScore: (p, score) => {
        const isAttack = y[p.index] === 1;
        (isAttack ? attack : benign).push(score);
        if (score > det.threshold) {
          if (isAttack) tp++;
          else fp++;
        }
      },
    });
    const op = attack.length > 0 ? detectionRateAtFpr(benign, attack, 0.01) : null;
    results.push({
      scenario: name,
      packets: benign.length + attack.length,
      attack_packets: attack.length,
      benign_packets: benign.length,
      detection_rate: attack.length > 0 ? tp / attack.length : null,
      false_positive_rate: fp / benign.length,
      roc_auc:
        attack.length > 0
          ? rocAuc([...benign.map(() => 0), ...attack.map(() => 1)], [...benign, ...attack])
          : null,
      detection_rate_at_1pct_fpr: op?.detectionRate ?? null,
    });
  }
  process.stdout.write(
    `${JSON.stringify({ bench: "testbed-eval", trained_on: `demo.pcap first ${trainPackets} packets (benign)`, params, threshold: trainer.threshold, results }, null, 2)}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
