/**
 * Builds the benchmark capture: REAL frames (MQTTset and the Kitsune Mirai prefix from ../shared, or
 * the project's own testbed fixtures when ../shared is absent) replayed in rounds, each round moving
 * the IPv4 addresses to a new /16-like block so the host population grows, interleaved with one host
 * scanning `scanHosts` distinct destinations (TCP SYN). Timestamps increase monotonically, keeping the
 * real inter-arrival gaps. The result exercises the state-eviction paths the issue asks about.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openCapture } from "../../src/capture/open.js";
import { PcapWriter } from "../../src/capture/pcap-writer.js";
import { buildEthernetFrame } from "../../src/capture/synth.js";
import { decodeFrame } from "../../src/decode/decode.js";
import { Packet, TCP_FLAG } from "../../src/decode/packet.js";

export interface GenOptions {
  packets: number;
  /** Distinct destinations of the scanning host (each a distinct host). */
  scanHosts: number;
  sharedDir: string;
  projectRoot: string;
}

interface SeedFrame {
  data: Uint8Array;
  wireLen: number;
  gapS: number;
  /** Offset of the IPv4 header, -1 when the frame is not IPv4. */
  ip4Offset: number;
}

export function seedFiles(sharedDir: string, projectRoot: string): string[] {
  const shared = [
    "reference/kitsune/inputs/mirai2000.pcap",
    "datasets/mqttset-reduced/benign.pcap",
    "datasets/mqttset-reduced/bruteforce.pcapng",
    "datasets/mqttset-reduced/malformed.pcap",
  ].map((f) => join(sharedDir, f));
  const own = ["test/fixtures/testbed/demo.pcap"].map((f) => join(projectRoot, f));
  const present = shared.filter(existsSync);
  return present.length > 0 ? present : own.filter(existsSync);
}

async function loadSeeds(files: string[]): Promise<SeedFrame[]> {
  const out: SeedFrame[] = [];
  const p = new Packet();
  for (const f of files) {
    let prev = -1;
    await openCapture(f).run((fr) => {
      decodeFrame(fr, p);
      const gap = prev < 0 ? 0.001 : Math.min(Math.max(p.ts - prev, 0), 1);
      prev = p.ts;
      out.push({
        data: fr.data.slice(),
        wireLen: fr.wireLen,
        gapS: gap,
        ip4Offset: p.ipVersion === 4 ? p.l3Offset : -1,
      });
    });
  }
  return out;
}

export interface GenResult {
  packets: number;
  seedFrames: number;
  seedFiles: string[];
  scanPackets: number;
}

export async function generateBenchCapture(path: string, o: GenOptions): Promise<GenResult> {
  const files = seedFiles(o.sharedDir, o.projectRoot);
  const seeds = await loadSeeds(files);
  const w = PcapWriter.toFile(path, { nanosecond: true });
  const scanEvery = Math.max(1, Math.floor(o.packets / Math.max(1, o.scanHosts)));
  let ts = 1_700_000_000;
  let scanSent = 0;
  let round = 0;
  let i = 0;
  const buf = new Uint8Array(65_536);
  for (let n = 0; n < o.packets; n++) {
    if (scanSent < o.scanHosts && n % scanEvery === scanEvery - 1) {
      const d = scanSent;
      const frame = buildEthernetFrame({
        src: "198.18.0.66",
        dst: `10.${(d >> 16) & 255}.${(d >> 8) & 255}.${d & 255}`,
        proto: "tcp",
        srcPort: 40_000 + (d % 20_000),
        dstPort: [23, 80, 443, 1883, 2323][d % 5],
        tcpFlags: TCP_FLAG.SYN,
        srcMac: "02:66:66:66:66:66",
      });
      ts += 0.00002;
      w.writePacket(Math.floor(ts), Math.round((ts % 1) * 1e9) % 1_000_000_000, frame);
      scanSent++;
      continue;
    }
    if (seeds.length === 0) throw new Error("no seed frames found for the benchmark capture");
    const s = seeds[i];
    i++;
    if (i === seeds.length) {
      i = 0;
      round++;
    }
    ts += s.gapS * 0.01; // replay 100x faster than recorded so the stream stays dense
    let data = s.data;
    if (s.ip4Offset >= 0 && round > 0) {
      buf.set(s.data);
      data = buf.subarray(0, s.data.length);
      // Move both addresses into a round-specific block: second octet carries the round number.
      data[s.ip4Offset + 13] = (data[s.ip4Offset + 13] + round) & 255;
      data[s.ip4Offset + 17] = (data[s.ip4Offset + 17] + round) & 255;
    }
    w.writePacket(Math.floor(ts), Math.round((ts % 1) * 1e9) % 1_000_000_000, data, s.wireLen);
  }
  await w.close();
  return { packets: o.packets, seedFrames: seeds.length, seedFiles: files, scanPackets: scanSent };
}
