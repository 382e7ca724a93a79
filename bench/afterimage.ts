/**
 * npm run bench:afterimage — AfterImage and KitNET throughput, printed as one JSON object:
 * - AfterImage packets/s, compat and default mode, on the Kitsune mirai prefix (38,363 packets from
 *   ../shared, rows turned into Packets beforehand so parsing is not timed), next to the reference's
 *   measured feature-extraction rate (summary JSON pps_fe) as a ratio;
 * - AfterImage on a synthetic scan: one host probing BENCH_SCAN_HOSTS (100,000) distinct destinations
 *   interleaved with background traffic (default mode over the whole stream; compat mode only over its
 *   first BENCH_COMPAT_SCAN_PACKETS, since the reference's design costs O(links) per packet);
 * - KitNET (compat settings of the reference run: maxAE 10, FM 5,000, AD 20,000) training and scoring
 *   packets/s on the compat features, next to the reference's pps_kitnet_ad_train / pps_kitnet_exec;
 * - peak RSS of this process.
 * Env: BENCH_SCAN_HOSTS, BENCH_COMPAT_SCAN_PACKETS (2000), VIGIL_SHARED_DIR.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Packet } from "../src/decode/packet.js";
import { AfterImage } from "../src/features/afterimage/after-image.js";
import { packetFromKitsuneRow } from "../src/features/afterimage/kitsune-tsv-packet.js";
import { KitNET } from "../src/models/kitnet/kitnet.js";

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.VIGIL_SHARED_DIR ?? resolve(here, "..", "..", "..", "shared");
const scanHosts = Number(process.env.BENCH_SCAN_HOSTS ?? 100_000);
const compatScanPackets = Number(process.env.BENCH_COMPAT_SCAN_PACKETS ?? 2_000);

function loadPrefix(): Packet[] | null {
  const path = join(sharedDir, "reference/kitsune/inputs/mirai_prefix.tsv");
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, "utf8").split("\n");
  const out: Packet[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    out.push(packetFromKitsuneRow(lines[i].split("\t"), new Packet(), { file: path, line: i + 1 }));
  }
  return out;
}

/**
 * Packet i of the synthetic scan, written into `p` (one reused Packet, as a capture source does): one
 * scanner probing a new destination (TCP, 60 bytes) three packets in four, and 4 chatty MQTT pairs.
 */
function scanPacket(p: Packet, i: number): void {
  const t = 1_600_000_000 + i * 0.0002;
  p.ts = t;
  p.tsSec = Math.floor(t);
  p.tsNsec = Math.round((t - p.tsSec) * 1e9);
  p.hasMac = true;
  p.ipVersion = 4;
  p.etherType = 0x0800;
  p.ipProto = 6;
  if (i % 4 === 0) {
    const k = (i >> 2) % 4;
    p.srcMac = 0x0200000000a0 + k;
    p.dstMac = 0x0200000000b0 + k;
    p.src4 = 0xc0a80010 + k;
    p.dst4 = 0xc0a80001;
    p.srcPort = 40000 + k;
    p.dstPort = 1883;
    p.wireLen = 80 + ((i * 37) % 200);
  } else {
    p.srcMac = 0x020000000066;
    p.dstMac = 0x0200000000ff;
    p.src4 = 0xc0a80066;
    p.dst4 = (0x0b000000 + i) >>> 0;
    p.srcPort = 50000 + (i % 1000);
    p.dstPort = 23;
    p.wireLen = 60;
  }
}

function timeScan(ai: AfterImage, packets: number): { pps: number; seconds: number; packets: number } {
  const out = new Float64Array(ai.nFeatures);
  const p = new Packet();
  const t0 = performance.now();
  for (let i = 0; i < packets; i++) {
    scanPacket(p, i);
    ai.update(p, out);
  }
  const s = (performance.now() - t0) / 1000;
  return { pps: Math.round(packets / s), seconds: Number(s.toFixed(3)), packets };
}

function timeFeatures(
  ai: AfterImage,
  packets: Packet[],
  limit = packets.length,
): { pps: number; seconds: number; packets: number } {
  const out = new Float64Array(ai.nFeatures);
  const n = Math.min(limit, packets.length);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) ai.update(packets[i], out);
  const s = (performance.now() - t0) / 1000;
  return { pps: Math.round(n / s), seconds: Number(s.toFixed(3)), packets: n };
}

function main(): void {
  const refPath = join(sharedDir, "reference/kitsune/mirai_prefix_fm5k_ad20k_summary.json");
  const ref = existsSync(refPath) ? JSON.parse(readFileSync(refPath, "utf8")) : null;
  const prefix = loadPrefix();
  const result: Record<string, unknown> = { bench: "afterimage", node: process.version };

  if (prefix) {
    // warm-up on a slice so the JIT has compiled both paths
    timeFeatures(new AfterImage({ mode: "default" }), prefix, 5000);
    timeFeatures(new AfterImage({ mode: "compat" }), prefix, 2000);
    const dflt = timeFeatures(new AfterImage({ mode: "default" }), prefix);
    const compatAi = new AfterImage({ mode: "compat" });
    const compat = timeFeatures(compatAi, prefix);
    result.mirai_prefix = {
      packets: prefix.length,
      default_packets_per_s: dflt.pps,
      compat_packets_per_s: compat.pps,
      reference_fe_packets_per_s: ref?.pps_fe ?? null,
      ratio_default_vs_reference: ref ? Number((dflt.pps / ref.pps_fe).toFixed(1)) : null,
      ratio_compat_vs_reference: ref ? Number((compat.pps / ref.pps_fe).toFixed(2)) : null,
    };
    // KitNET on compat features with the reference run's settings
    const ai = new AfterImage({ mode: "compat" });
    const feats = prefix.map((p) => {
      const x = new Float64Array(100);
      ai.update(p, x);
      return x;
    });
    const net = new KitNET({ nFeatures: 100, maxAE: 10, fmGrace: 5000, adGrace: 20_000, mode: "compat" });
    const phaseTime = { FM: 0, AD: 0, EXEC: 0 };
    const phaseCount = { FM: 0, AD: 0, EXEC: 0 };
    for (const x of feats) {
      const ph = net.phase;
      const t0 = performance.now();
      net.process(x);
      phaseTime[ph] += performance.now() - t0;
      phaseCount[ph]++;
    }
    const pps = (ph: "FM" | "AD" | "EXEC") => Math.round(phaseCount[ph] / (phaseTime[ph] / 1000));
    result.kitnet = {
      autoencoders: net.featureMap?.length,
      feature_map_packets_per_s: pps("FM"),
      training_packets_per_s: pps("AD"),
      scoring_packets_per_s: pps("EXEC"),
      packets: phaseCount,
      reference_training_packets_per_s: ref?.pps_kitnet_ad_train ?? null,
      reference_scoring_packets_per_s: ref?.pps_kitnet_exec ?? null,
      ratio_training_vs_reference: ref ? Number((pps("AD") / ref.pps_kitnet_ad_train).toFixed(1)) : null,
      ratio_scoring_vs_reference: ref ? Number((pps("EXEC") / ref.pps_kitnet_exec).toFixed(1)) : null,
    };
  } else {
    result.mirai_prefix = "skipped: ../shared/reference/kitsune absent";
  }

  const scanPackets = Math.round((scanHosts * 4) / 3); // 3 in 4 go to a new destination
  timeScan(new AfterImage({ mode: "default" }), 20_000); // warm-up
  const dAi = new AfterImage({ mode: "default" });
  const d = timeScan(dAi, scanPackets);
  const cAi = new AfterImage({ mode: "compat" });
  const c = timeScan(cAi, compatScanPackets);
  result.scan = {
    scan_destinations: scanHosts,
    packets: scanPackets,
    default_packets_per_s: d.pps,
    default_state: { ...dAi.stats(), largest_table: dAi.largestTable() },
    compat_packets_per_s_first_packets: c.pps,
    compat_packets_timed: c.packets,
    compat_streams_after: cAi.stats().streamsAlive,
  };
  result.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(result, null, 1));
}

main();
