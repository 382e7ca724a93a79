/**
 * Runs one scenario end to end: topology up, capture on the bridge, benign traffic, warm-up, the attack
 * (its window timed around the tool), cool-down, capture stop, teardown, then labels. Teardown happens
 * on success, on failure and on SIGINT/SIGTERM.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { VigilError } from "../errors.js";
import { BenignTraffic } from "./benign.js";
import { BridgeCapture, type CaptureCounters } from "./capture.js";
import { type AttackWindow, BENIGN, type LabelStats, labelFrames } from "./label.js";
import { readPcapFrames } from "./pcap-lite.js";
import { host } from "./plan.js";
import { sleep } from "./proc.js";
import { scenario as findScenario } from "./scenarios.js";
import { installSignalTeardown, Topology } from "./topology.js";

export interface RunningTestbed {
  topo: Topology;
  benign: BenignTraffic;
}

export interface ScenarioRunOptions {
  scenario: string;
  outDir: string;
  /** File name stem (default: the scenario name): <stem>.pcap, <stem>.labels.csv, <stem>.flows.csv. */
  stem?: string;
  warmupS: number;
  attackS: number;
  cooldownS: number;
  seed?: number;
  log?: (msg: string) => void;
  /** Called once topology, capture and benign traffic run (before the warm-up). */
  onReady?: (tb: RunningTestbed) => Promise<void> | void;
  /** Awaited after the warm-up, right before the attack starts. */
  beforeAttack?: (tb: RunningTestbed) => Promise<void> | void;
  /** Called right after the attack window was closed. */
  afterAttack?: (tb: RunningTestbed, window: AttackWindow) => Promise<void> | void;
  /** Install SIGINT/SIGTERM teardown handlers (the CLI does; tests may not want process.exit). */
  signals?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  label: string;
  description: string;
  pcap: string;
  labels: string;
  flows: string;
  sha256: string;
  bytes: number;
  attacker: { ip: string; mac: string };
  /** Absent for the benign scenario. */
  window?: AttackWindow;
  durations: { warmupS: number; attackS: number; cooldownS: number };
  stats: LabelStats;
  capture: CaptureCounters;
  toolSummary: string;
}

function checkDurations(o: ScenarioRunOptions): void {
  for (const k of ["warmupS", "attackS", "cooldownS"] as const) {
    const v = o[k];
    if (!Number.isFinite(v) || v < 0 || v > 600) {
      throw new VigilError("E_CONFIG", `${k} must be between 0 and 600 seconds, got ${v}`, { field: k });
    }
  }
}

export async function runScenario(o: ScenarioRunOptions): Promise<ScenarioResult> {
  checkDurations(o);
  const sc = findScenario(o.scenario);
  const log = o.log ?? (() => {});
  const stem = o.stem ?? sc.name;
  const outDir = resolve(o.outDir);
  await mkdir(outDir, { recursive: true });
  const pcap = join(outDir, `${stem}.pcap`);
  const workDir = join(tmpdir(), `vgtb-${process.pid}-${Date.now()}`);
  const topo = new Topology();
  const removeHandlers = o.signals ? installSignalTeardown(topo) : () => {};
  let window: AttackWindow | undefined;
  let toolSummary = "";
  let counters: CaptureCounters;
  try {
    log(`[${sc.name}] topology up`);
    await topo.up();
    const capture = new BridgeCapture(topo, pcap);
    await capture.start();
    const benign = new BenignTraffic(topo, { workDir, seed: o.seed ?? 1 });
    await benign.start();
    const tb = { topo, benign };
    await o.onReady?.(tb);
    log(`[${sc.name}] benign traffic running, warm-up ${o.warmupS} s`);
    await sleep(o.warmupS * 1000);
    await o.beforeAttack?.(tb);
    if (sc.attack) {
      log(`[${sc.name}] attack for ${o.attackS} s: ${sc.description}`);
      const start = Date.now() / 1000;
      toolSummary = await sc.attack({ topo, durationMs: o.attackS * 1000 });
      window = { start: Math.floor(start * 1e6) / 1e6, end: Math.ceil((Date.now() / 1000) * 1e6) / 1e6 };
      await o.afterAttack?.(tb, window);
    } else {
      await sleep(o.attackS * 1000);
    }
    log(`[${sc.name}] cool-down ${o.cooldownS} s`);
    await sleep(o.cooldownS * 1000);
    await benign.stop();
    await sleep(300);
    counters = await capture.stop();
  } finally {
    await topo.down();
    removeHandlers();
    await rm(workDir, { recursive: true, force: true });
  }
  const buf = await readFile(pcap);
  const frames = readPcapFrames(buf, pcap);
  const attacker = { ip: host("attacker").ip, mac: host("attacker").mac };
  const out = labelFrames(frames, {
    scenario: sc.name,
    label: sc.attack ? sc.label : BENIGN,
    attackerIp: attacker.ip,
    attackerMac: attacker.mac,
    window,
  });
  const labels = join(outDir, `${stem}.labels.csv`);
  const flows = join(outDir, `${stem}.flows.csv`);
  await writeFile(labels, out.packetsCsv);
  await writeFile(flows, out.flowsCsv);
  log(`[${sc.name}] ${out.stats.packets} packets, ${out.stats.attackPackets} attack, ${buf.length} bytes`);
  return {
    scenario: sc.name,
    label: sc.label,
    description: sc.description,
    pcap,
    labels,
    flows,
    sha256: createHash("sha256").update(buf).digest("hex"),
    bytes: buf.length,
    attacker,
    window,
    durations: { warmupS: o.warmupS, attackS: o.attackS, cooldownS: o.cooldownS },
    stats: out.stats,
    capture: counters,
    toolSummary,
  };
}
