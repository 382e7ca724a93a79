/**
 * `vigil detect <pcap|-> | --interface IF`: unsupervised packet anomaly detection (AfterImage + KitNET).
 * Alerts go to stdout (or -o FILE) as EVE JSON lines; progress and the summary go to stderr.
 */
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import { openLive } from "../../capture/live.js";
import { openCapture } from "../../capture/open.js";
import type { CaptureSource } from "../../capture/source.js";
import { loadDetector, saveDetector } from "../../detect/detector-file.js";
import { FlowDetector } from "../../detect/flow-detector.js";
import { runFlowDetection } from "../../detect/flow-run.js";
import { PacketDetector, type PacketDetectorParams } from "../../detect/packet-detector.js";
import { runDetection } from "../../detect/run-detection.js";
import { readModelFile } from "../../evaluate/model-file.js";
import "../../evaluate/learners.js";
import { VigilError } from "../../errors.js";
import { intOption, numberOption } from "../options.js";

interface DetectFlags {
  interface?: string;
  netns?: string;
  filter?: string;
  output?: string;
  model?: string;
  flowModel?: string;
  saveModel?: string;
  trainPackets?: string;
  fmGrace?: string;
  adGrace?: string;
  calibPackets?: string;
  targetFpr: string;
  maxAe: string;
  features: string;
  variant: string;
  alertInterval: string;
  summary?: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command("detect")
    .description("score packets with AfterImage features + KitNET autoencoders and print EVE JSON alerts")
    .argument("[input]", "pcap or pcapng file, or - for stdin")
    .option("-i, --interface <if>", "capture live from this interface (tcpdump)")
    .option("--netns <name>", "run the live capture inside this network namespace")
    .option("--filter <bpf>", "BPF filter for live capture (as `vigil flows`)")
    .option("-o, --output <file>", "write alerts here instead of stdout")
    .option("--model <file>", "load a trained detector and only score (no training)")
    .option(
      "--flow-model <file>",
      "classify each finished flow with a classifier from `vigil train` on flow features (FLOW_NUMERIC_FEATURES); alerts carry explanations",
    )
    .option("--save-model <file>", "save the detector once it is trained and calibrated")
    .option(
      "--train-packets <n>",
      "packets used before detection: 10% feature mapping, 70% training, 20% calibration",
    )
    .option("--fm-grace <n>", "packets for KitNET's feature mapping (default 5000)")
    .option("--ad-grace <n>", "packets for training the autoencoders (default 50000)")
    .option("--calib-packets <n>", "packets scored (not trained on) to set the threshold (default 10000)")
    .option("--target-fpr <p>", "false-positive rate the threshold aims at on benign traffic", "0.001")
    .option("--max-ae <n>", "largest autoencoder (features per autoencoder)", "10")
    .option(
      "--features <mode>",
      "AfterImage mode: default (bounded, collision-free) or compat (Kitsune's exact numbers)",
      "default",
    )
    .option("--variant <n>", "100 features (Kitsune's code) or 115 (with the per-host group)", "100")
    .option(
      "--alert-interval <s>",
      "at most one alert per host pair per this many capture seconds (0 = every packet)",
      "1",
    )
    .option("--summary <file>", "also write the JSON summary to this file")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (input: string | undefined, f: DetectFlags) => {
      await detectCommand(input, f);
    });
}

function paramsFrom(f: DetectFlags): Partial<PacketDetectorParams> {
  const p: Partial<PacketDetectorParams> = {};
  if (f.trainPackets !== undefined) {
    const n = intOption(f.trainPackets, "--train-packets", 100);
    p.fmGrace = Math.max(1, Math.round(n * 0.1));
    p.calibPackets = Math.max(1, Math.round(n * 0.2));
    p.adGrace = Math.max(1, n - p.fmGrace - p.calibPackets);
  }
  if (f.fmGrace !== undefined) p.fmGrace = intOption(f.fmGrace, "--fm-grace", 1);
  if (f.adGrace !== undefined) p.adGrace = intOption(f.adGrace, "--ad-grace", 1);
  if (f.calibPackets !== undefined) p.calibPackets = intOption(f.calibPackets, "--calib-packets", 1);
  p.targetFpr = numberOption(f.targetFpr, "--target-fpr", 0, 1);
  p.maxAE = intOption(f.maxAe, "--max-ae", 1);
  if (f.features !== "default" && f.features !== "compat") {
    throw new VigilError("E_CONFIG", `--features must be default or compat, not "${f.features}"`, {
      field: "--features",
    });
  }
  p.featureMode = f.features;
  if (f.variant !== "100" && f.variant !== "115") {
    throw new VigilError("E_CONFIG", `--variant must be 100 or 115, not "${f.variant}"`, {
      field: "--variant",
    });
  }
  p.variant = f.variant === "100" ? 100 : 115;
  return p;
}

async function detectCommand(input: string | undefined, f: DetectFlags): Promise<void> {
  if ((input === undefined) === (f.interface === undefined)) {
    throw new VigilError(
      "E_CONFIG",
      "give exactly one of: an input file (or - for stdin), or --interface IF",
    );
  }
  const log = (msg: string) => {
    if (!f.quiet) process.stderr.write(`vigil: ${msg}\n`);
  };
  if (f.flowModel !== undefined) {
    await flowModelCommand(input, f, log);
    return;
  }
  const detector = f.model !== undefined ? await loadDetector(f.model) : new PacketDetector(paramsFrom(f));
  const source: CaptureSource =
    f.interface !== undefined
      ? openLive({ iface: f.interface, netns: f.netns, bpf: f.filter })
      : openCapture(input as string);
  const out: Writable = f.output !== undefined ? createWriteStream(f.output) : process.stdout;
  const stop = () => {
    log("stopping: draining what was read");
    source.stop();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  log(`reading ${source.name}; ${detector.describePhase()}`);
  let saved = f.model !== undefined;
  const summary = await runDetection({
    source,
    detector,
    iface: f.interface,
    alertIntervalS: numberOption(f.alertInterval, "--alert-interval", 0, Number.POSITIVE_INFINITY),
    onAlert: (a) => {
      out.write(`${JSON.stringify(a)}\n`);
    },
    onPhase: (phase, index) => {
      log(`packet ${index}: ${detector.describePhase()}`);
      if (phase === "detecting" && f.saveModel !== undefined && !saved) {
        saveDetector(detector, f.saveModel);
        saved = true;
        log(`saved trained detector to ${f.saveModel}`);
      }
    },
  });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (f.saveModel !== undefined && !saved) {
    log(`not saving ${f.saveModel}: the input ended before training finished (${detector.describePhase()})`);
  }
  for (const w of summary.capture.warnings) process.stderr.write(`vigil: warning: ${source.name}: ${w}\n`);
  if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
  const text = JSON.stringify({ summary });
  process.stderr.write(`${text}\n`);
  if (f.summary !== undefined) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(f.summary, `${JSON.stringify(summary, null, 2)}\n`);
  }
}

/** `--flow-model`: flow table -> classifier -> explained alerts (the packet detector is not used). */
async function flowModelCommand(
  input: string | undefined,
  f: DetectFlags,
  log: (m: string) => void,
): Promise<void> {
  const { model, training } = await readModelFile(f.flowModel as string);
  const detector = new FlowDetector(model, training);
  const source: CaptureSource =
    f.interface !== undefined
      ? openLive({ iface: f.interface, netns: f.netns, bpf: f.filter })
      : openCapture(input as string);
  const out: Writable = f.output !== undefined ? createWriteStream(f.output) : process.stdout;
  const stop = () => {
    log("stopping: draining what was read");
    source.stop();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  log(
    `reading ${source.name}; flow model ${model.kind} (${training.classes.join(", ")}), explainer ${detector.explainerName}`,
  );
  const summary = await runFlowDetection({
    source,
    detector,
    iface: f.interface,
    alertIntervalS: numberOption(f.alertInterval, "--alert-interval", 0, Number.POSITIVE_INFINITY),
    onAlert: (a) => {
      out.write(`${JSON.stringify(a)}\n`);
    },
  });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  for (const w of summary.capture.warnings) process.stderr.write(`vigil: warning: ${source.name}: ${w}\n`);
  if (out !== process.stdout) await new Promise<void>((resolve) => out.end(resolve));
  process.stderr.write(`${JSON.stringify({ summary })}\n`);
  if (f.summary !== undefined) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(f.summary, `${JSON.stringify(summary, null, 2)}\n`);
  }
}
