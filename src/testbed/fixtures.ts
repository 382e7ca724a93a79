/**
 * Regenerates the committed testbed fixtures (test/fixtures/testbed/): one short capture per scenario
 * plus the README demo capture (a long benign warm-up, then a port scan), their labels, and
 * MANIFEST.json (per scenario: packets, attack packets, window, attacker, sha256 of the pcap).
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { HOSTS } from "./plan.js";
import { runScenario, type ScenarioResult } from "./run.js";
import { SCENARIOS } from "./scenarios.js";

export interface FixturePlan {
  stem: string;
  scenario: string;
  warmupS: number;
  attackS: number;
  cooldownS: number;
}

/** ~30 s per scenario: 12 s benign warm-up, 10 s attack, 8 s benign cool-down. */
export const FIXTURE_PLANS: readonly FixturePlan[] = [
  ...SCENARIOS.map((s) => ({ stem: s.name, scenario: s.name, warmupS: 12, attackS: 10, cooldownS: 8 })),
  { stem: "demo", scenario: "port-scan", warmupS: 90, attackS: 8, cooldownS: 4 },
];

export interface ManifestEntry {
  scenario: string;
  label: string;
  description: string;
  pcap: string;
  labels: string;
  flows: string;
  sha256: string;
  bytes: number;
  packets: number;
  attackPackets: number;
  benignPackets: number;
  attackerPacketsBeforeWindow: number;
  flowCount: number;
  attackFlows: number;
  attacker: { ip: string; mac: string };
  /** Epoch seconds, and offsets in seconds from the first packet of the capture; null for benign. */
  window: { start: number; end: number; startOffsetS: number; endOffsetS: number } | null;
  durations: { warmupS: number; attackS: number; cooldownS: number };
  captureDroppedByKernel: number;
}

export function manifestEntry(r: ScenarioResult): ManifestEntry {
  const first = r.stats.firstTs;
  const off = (t: number) => Math.round((t - first) * 1000) / 1000;
  return {
    scenario: r.scenario,
    label: r.label,
    description: r.description,
    pcap: basename(r.pcap),
    labels: basename(r.labels),
    flows: basename(r.flows),
    sha256: r.sha256,
    bytes: r.bytes,
    packets: r.stats.packets,
    attackPackets: r.stats.attackPackets,
    benignPackets: r.stats.benignPackets,
    attackerPacketsBeforeWindow: r.stats.attackerPacketsBeforeWindow,
    flowCount: r.stats.flows,
    attackFlows: r.stats.attackFlows,
    attacker: r.attacker,
    window: r.window
      ? {
          start: r.window.start,
          end: r.window.end,
          startOffsetS: off(r.window.start),
          endOffsetS: off(r.window.end),
        }
      : null,
    durations: r.durations,
    captureDroppedByKernel: r.capture.droppedByKernel,
  };
}

export async function makeFixtures(
  outDir: string,
  opts: { only?: string[]; log?: (m: string) => void; signals?: boolean } = {},
): Promise<Record<string, ManifestEntry>> {
  const dir = resolve(outDir);
  const plans = FIXTURE_PLANS.filter((p) => !opts.only || opts.only.includes(p.stem));
  const entries: Record<string, ManifestEntry> = {};
  for (const p of plans) {
    const r = await runScenario({ ...p, outDir: dir, seed: 1, log: opts.log, signals: opts.signals });
    entries[p.stem] = manifestEntry(r);
  }
  const path = join(dir, "MANIFEST.json");
  // A subset run replaces its entries in the existing manifest and keeps the others.
  const previous: Record<string, ManifestEntry> =
    opts.only && existsSync(path)
      ? (JSON.parse(await readFile(path, "utf8")) as { scenarios: Record<string, ManifestEntry> }).scenarios
      : {};
  const scenarios: Record<string, ManifestEntry> = {};
  for (const p of FIXTURE_PLANS) {
    const e = entries[p.stem] ?? previous[p.stem];
    if (e) scenarios[p.stem] = e;
  }
  const manifest = {
    generatedBy: "npm run fixtures:testbed (vigil testbed fixtures)",
    generatedAt: new Date().toISOString(),
    labelRule:
      "attack = packet involves the attacker's IP or MAC (IPv4 src/dst, Ethernet src/dst, ARP sender/target) and ts >= window.start; else benign",
    hosts: HOSTS,
    scenarios,
  };
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return entries;
}
