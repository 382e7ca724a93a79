/**
 * npm run bench:packets — packets/s of parse, features, KitNET training and scoring, end to end, and
 * peak RSS, on one core (the npm script pins the process with taskset), on a generated capture of
 * 1,000,000 packets (real frames from ../shared replayed with moved addresses, plus one host scanning
 * 100,000 destinations). Compares with the Kitsune reference's measured figures when ../shared is there.
 * Prints one JSON object.  Env: BENCH_PACKETS (default 1000000), BENCH_SCAN_HOSTS (100000),
 * BENCH_TRAIN_PACKETS (60000).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateBenchCapture } from "./lib/gen-capture.js";

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, "..", "..");
const sharedDir = process.env.VIGIL_SHARED_DIR ?? resolve(projectRoot, "..", "shared");
const packets = Number(process.env.BENCH_PACKETS ?? 1_000_000);
const scanHosts = Number(process.env.BENCH_SCAN_HOSTS ?? 100_000);
const trainPackets = Number(process.env.BENCH_TRAIN_PACKETS ?? 60_000);

function stage(name: string, pcap: string): Record<string, unknown> {
  const out = execFileSync(
    process.execPath,
    [join(here, "packets-stage.js"), name, pcap, String(trainPackets)],
    {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  return JSON.parse(out.trim().split("\n").pop() as string);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-"));
  try {
    const pcap = join(dir, "bench.pcap");
    const gen = await generateBenchCapture(pcap, { packets, scanHosts, sharedDir, projectRoot });
    const parse = stage("parse", pcap);
    const features = stage("features", pcap);
    const e2e = stage("end-to-end", pcap);
    const refPath = join(sharedDir, "reference/kitsune/mirai_prefix_fm5k_ad20k_summary.json");
    const ref = existsSync(refPath) ? JSON.parse(readFileSync(refPath, "utf8")) : null;
    const result = {
      bench: "packets",
      node: process.version,
      capture: { ...gen, bytes: statSync(pcap).size },
      parse_packets_per_s: parse.packetsPerS,
      features_packets_per_s: features.packetsPerS,
      kitnet_training_packets_per_s: e2e.trainingPacketsPerS,
      end_to_end_scoring_packets_per_s: e2e.scoringPacketsPerS,
      end_to_end_packets_per_s: e2e.packetsPerS,
      peak_rss_mb: { parse: parse.peakRssMB, features: features.peakRssMB, end_to_end: e2e.peakRssMB },
      afterimage_state: features.afterimage,
      end_to_end: e2e,
      reference_kitsune: ref
        ? {
            pps_total_loop: ref.pps_total_loop,
            pps_fe: ref.pps_fe,
            pps_kitnet_exec: ref.pps_kitnet_exec,
            ratio_end_to_end_scoring_vs_reference_loop:
              (e2e.scoringPacketsPerS as number) / ref.pps_total_loop,
            ratio_features_vs_reference_fe: (features.packetsPerS as number) / ref.pps_fe,
          }
        : "absent (../shared not found)",
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
