/**
 * One stage of the packet benchmark, run in its own process so its peak RSS is its own:
 *   node dist/bench/packets-stage.js <stage> <pcap> <trainPackets>
 * stages: parse (read + decode), features (+ AfterImage), kitnet-train (features + KitNET training on
 * the first trainPackets), end-to-end (train, then score the rest with alerts built and serialized).
 * Prints one JSON object.
 */
import { openCapture } from "../src/capture/open.js";
import { decodeFrame } from "../src/decode/decode.js";
import { Packet } from "../src/decode/packet.js";
import { PACKET_DETECTOR_DEFAULTS, PacketDetector } from "../src/detect/packet-detector.js";
import { runDetection } from "../src/detect/run-detection.js";
import { AfterImage } from "../src/features/afterimage/index.js";

const [stage, pcap, trainText] = process.argv.slice(2);
const trainPackets = Number(trainText ?? "60000");

function detectorParams() {
  const fmGrace = Math.round(trainPackets * 0.1);
  const calibPackets = Math.round(trainPackets * 0.2);
  return { fmGrace, calibPackets, adGrace: trainPackets - fmGrace - calibPackets, targetFpr: 0.001 };
}

async function main(): Promise<void> {
  const p = new Packet();
  const t0 = process.hrtime.bigint();
  const out: Record<string, unknown> = { stage };
  if (stage === "parse") {
    let n = 0;
    await openCapture(pcap).run((f) => {
      decodeFrame(f, p);
      n++;
    });
    out.packets = n;
  } else if (stage === "features") {
    const ai = new AfterImage({
      mode: "default",
      variant: 100,
      maxStreams: PACKET_DETECTOR_DEFAULTS.maxStreams,
    });
    const x = new Float64Array(ai.nFeatures);
    let n = 0;
    await openCapture(pcap).run((f) => {
      decodeFrame(f, p);
      ai.update(p, x);
      n++;
    });
    out.packets = n;
    out.afterimage = ai.stats();
  } else if (stage === "end-to-end") {
    const det = new PacketDetector(detectorParams());
    let alertBytes = 0;
    let trainEndS = 0;
    const s = await runDetection({
      source: openCapture(pcap),
      detector: det,
      alertIntervalS: 1,
      onAlert: (a) => {
        alertBytes += JSON.stringify(a).length + 1;
      },
      onPhase: (phase) => {
        if (phase === "detecting") trainEndS = Number(process.hrtime.bigint() - t0) / 1e9;
      },
    });
    const totalS = Number(process.hrtime.bigint() - t0) / 1e9;
    const detecting = s.phasePackets.detecting ?? 0;
    out.packets = s.packets;
    out.phasePackets = s.phasePackets;
    out.autoencoders = det.kitnet.featureMap?.length ?? 0;
    out.alerts = s.alerts;
    out.alertBytes = alertBytes;
    out.trainingS = trainEndS;
    out.trainingPacketsPerS = (s.packets - detecting) / trainEndS;
    out.scoringS = totalS - trainEndS;
    out.scoringPacketsPerS = detecting / (totalS - trainEndS);
  } else {
    throw new Error(`unknown stage ${stage}`);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  out.seconds = s;
  out.packetsPerS = (out.packets as number) / s;
  out.peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
