/**
 * npm run eval:devices — device identification on the Labeled IoT Dataset (CSET 2021, 7 device
 * captures in ../shared). Per window length (EVAL_WINDOWS, seconds, default "60,300"):
 * - time-disjoint split: the first 70% of each device's capture time trains, the last 30% tests;
 * - identification by device (7 classes) and by device type (blink-cam x3 merged: 5 classes):
 *   closed-set and open-set accuracy / macro-F1 and the false-unknown rate at alpha = 0.05;
 * - leave-one-device-out: each device withheld from training in turn (its test windows should be
 *   "unknown"), and leave-one-type-out (the three Blink cameras withheld together);
 * - MAC-spoofing trials: for each ordered pair of the four always-on hubs/locks, A's test-period traffic
 *   then B's wearing A's MAC (spoof-trial.ts): is identity-mismatch / behaviour-change raised after the
 *   switch (delay), and how many identity alerts fire on A's genuine traffic before it;
 * - inventory throughput (packets/s through a trained DeviceInventory, ultraloq-hub-01.pcap, read included);
 * - the scikit-learn random forest on the same windows (closed set), when python3 + sklearn exist;
 * - the testbed captures (test/fixtures/testbed): trained on benign.pcap + demo.pcap (10 s windows,
 *   attacker excluded), per scenario: is the attacker's MAC flagged, and alerts on approved devices.
 * Prints JSON on stdout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openCapture } from "../src/capture/open.js";
import { datasetsDir } from "../src/datasets/shared-dir.js";
import { decodeFrame } from "../src/decode/decode.js";
import { Packet } from "../src/decode/packet.js";
import { CSET2021_DIR, cset2021Series, deviceType } from "../src/devices/cset2021.js";
import { evaluateIdentification, leaveOut, type Split, timeSplit } from "../src/devices/evaluate.js";
import { FINGERPRINT_FEATURES } from "../src/devices/features.js";
import { DeviceInventory } from "../src/devices/inventory.js";
import { DeviceModel } from "../src/devices/model.js";
import type { TrainedDevices } from "../src/devices/model-file.js";
import { parseDeviceNames, readDeviceNames } from "../src/devices/names.js";
import { spoofTrial } from "../src/devices/spoof-trial.js";
import { trainFromCaptures } from "../src/devices/train.js";
import { host } from "../src/testbed/plan.js";
import { approvedDevicesCsv } from "../src/testbed/rogue-device.js";

const here = dirname(fileURLToPath(import.meta.url));
const TRAIN_SHARE = 0.7;
const MODEL = { nEstimators: 100, seed: 0, alpha: 0.05 };

interface PeerResult {
  peer?: string;
  accuracy?: number;
  macroF1?: number;
  fitS?: number;
  error?: string;
}

function sklearnPeer(split: Split): PeerResult {
  const py = "/usr/bin/python3";
  const dir = mkdtempSync(join(tmpdir(), "vigil-devices-peer-"));
  try {
    const csv = (ws: Split["train"]) =>
      `${[...FINGERPRINT_FEATURES, "label"].join(",")}\n${ws
        .map((w) => `${Array.from(w.vector, (x) => (Number.isNaN(x) ? "" : String(x))).join(",")},${w.label}`)
        .join("\n")}\n`;
    writeFileSync(join(dir, "train.csv"), csv(split.train));
    writeFileSync(join(dir, "test.csv"), csv(split.test));
    const script = join(here, "..", "..", "bench", "devices-peer.py");
    const r = spawnSync(py, [script, dir], { encoding: "utf8", timeout: 600_000 });
    if (r.status !== 0) return { error: (r.stderr || r.error?.message || "failed").slice(-400) };
    return JSON.parse(r.stdout) as PeerResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
const ALWAYS_ON = ["lockly-hub-01", "schlage-lock-01", "sifely-hub-01", "ultraloq-hub-01"];

async function spoofTrials(
  ds: string,
  split: Split,
  series: { label: string; firstTs: number; lastTs: number }[],
  windowS: number,
) {
  const names = readDeviceNames(join(ds, CSET2021_DIR, "devices.csv"));
  const trained: TrainedDevices = {
    model: new DeviceModel(MODEL).fit(split.train),
    extractor: { windowS, minPackets: 3 },
    enrolled: series.map((s) => {
      const n = names.find((x) => x.name === s.label);
      return { mac: n?.mac ?? "", name: s.label, label: s.label, trained: true, ips: n?.ip ? [n.ip] : [] };
    }),
  };
  const info = (d: string) => {
    const s = series.find((x) => x.label === d);
    const n = names.find((x) => x.name === d);
    if (!s || !n) throw new Error(`no ${d}`);
    return {
      name: d,
      mac: n.mac,
      pcap: join(ds, CSET2021_DIR, `${d}.pcap`),
      fromS: s.firstTs + TRAIN_SHARE * (s.lastTs - s.firstTs),
    };
  };
  // Inventory throughput: every packet of the busiest capture through a trained DeviceInventory.
  const inv = new DeviceInventory({ model: trained });
  const pkt = new Packet();
  let n = 0;
  const t0 = process.hrtime.bigint();
  await openCapture(join(ds, CSET2021_DIR, "ultraloq-hub-01.pcap")).run((f) => {
    decodeFrame(f, pkt);
    inv.observe(pkt);
    n++;
  });
  inv.flush();
  const inventoryS = Number(process.hrtime.bigint() - t0) / 1e9;
  const throughput = {
    packets: n,
    seconds: Math.round(inventoryS * 1000) / 1000,
    packetsPerS: Math.round(n / inventoryS),
  };
  const trials = [];
  for (const a of ALWAYS_ON)
    for (const b of ALWAYS_ON) if (a !== b) trials.push(await spoofTrial(trained, info(a), info(b)));
  const detected = trials.filter((t) => t.detected !== null);
  const delays = detected.map((t) => t.detected?.delayS ?? 0).sort((x, y) => x - y);
  const genuineDays = trials.reduce((s, t) => s + t.genuineS, 0) / 86400;
  const falseBefore = trials.reduce(
    (s, t) => s + Object.values(t.alertsBefore).reduce((a, b) => a + b, 0),
    0,
  );
  return {
    inventoryThroughput: throughput,
    trials,
    detectionRate: detected.length / trials.length,
    medianDelayS: delays.length > 0 ? delays[delays.length >> 1] : null,
    falseIdentityAlertsPerDeviceDay: Math.round((falseBefore / genuineDays) * 1000) / 1000,
  };
}

async function testbedSection(): Promise<unknown> {
  const fx = join(here, "..", "..", "test", "fixtures", "testbed");
  const manifest = JSON.parse(readFileSync(join(fx, "MANIFEST.json"), "utf8")) as {
    scenarios: Record<string, { pcap: string }>;
  };
  const csv = approvedDevicesCsv();
  const trained = await trainFromCaptures([join(fx, "benign.pcap"), join(fx, "demo.pcap")], {
    names: parseDeviceNames(csv),
    labelBy: "type",
    extractor: { windowS: 10, minPackets: 3 },
    model: MODEL,
  });
  const rogue = host("attacker").mac;
  const rows: Record<string, unknown> = {};
  for (const [stem, e] of Object.entries(manifest.scenarios)) {
    if (stem === "demo") continue;
    const inv = new DeviceInventory({ model: trained });
    const p = new Packet();
    await openCapture(join(fx, e.pcap)).run((f) => {
      decodeFrame(f, p);
      inv.observe(p);
    });
    inv.flush();
    const s = inv.snapshot();
    const onRogue = [...new Set(s.alerts.filter((a) => a.macs.includes(rogue)).map((a) => a.kind))];
    const onApproved = s.alerts.filter((a) => !a.macs.includes(rogue)).map((a) => a.kind);
    rows[stem] = {
      attackerFlaggedUnknown: onRogue.includes("unknown-device"),
      attackerAlerts: onRogue,
      alertsOnApprovedOnly: onApproved,
      approvedIdentifiedCorrectly: (() => {
        // approved devices with a class of their own (gw is approved but silent in training)
        const own = s.devices.filter(
          (d) =>
            d.enrolled && d.windows > 0 && trained.model.classes.includes(d.name?.replace(/\d$/, "") ?? ""),
        );
        return `${own.filter((d) => d.type === d.name?.replace(/\d$/, "")).length}/${own.length}`;
      })(),
    };
  }
  return {
    trainedOn: "benign.pcap + demo.pcap (first 90 s benign; the attacker is not in the names list)",
    windowS: 10,
    scenarios: rows,
  };
}

async function main(): Promise<void> {
  const windowsList = (process.env.EVAL_WINDOWS ?? "60,300").split(",").map(Number);
  const ds = datasetsDir();
  const results: unknown[] = [];
  for (const windowS of windowsList) {
    const t0 = Date.now();
    const extractor = { windowS, minPackets: 3 };
    const byDevice = await cset2021Series(ds, extractor, "device");
    const split = timeSplit(byDevice, TRAIN_SHARE);
    const devices = byDevice.map((s) => s.label);
    const windowsPerDevice = Object.fromEntries(
      byDevice.map((s) => [
        s.label,
        {
          train: split.train.filter((w) => w.label === s.label).length,
          test: split.test.filter((w) => w.label === s.label).length,
        },
      ]),
    );
    const tFit = Date.now();
    const identification = evaluateIdentification(split, MODEL);
    const fitMs = Date.now() - tFit;
    const typeSplit: Split = {
      train: split.train.map((w) => ({ ...w, label: deviceType(w.label) })),
      test: split.test.map((w) => ({ ...w, label: deviceType(w.label) })),
    };
    const identificationByType = evaluateIdentification(typeSplit, MODEL);
    const lodo = leaveOut(
      split,
      devices.map((d) => [d]),
      MODEL,
    );
    const blink = devices.filter((d) => deviceType(d) === "blink-cam");
    const lodoType = leaveOut(split, [blink], MODEL);
    const peer = process.env.EVAL_NO_PEER ? "skipped" : sklearnPeer(split);
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10000) / 10000;
    results.push({
      windowS,
      windowsPerDevice,
      identification,
      identificationByType,
      leaveOneDeviceOut: {
        rows: lodo,
        meanDetectionRate: mean(lodo.map((r) => r.detectionRate)),
        meanFalseUnknownRate: mean(lodo.map((r) => r.falseUnknownRate)),
        meanFalseUnknownRateBalanced: mean(lodo.map((r) => r.falseUnknownRateBalanced)),
        meanDetectionRateExcludingBlinkSiblings: mean(
          lodo.filter((r) => !blink.includes(r.withheld[0])).map((r) => r.detectionRate),
        ),
      },
      leaveBlinkTypeOut: lodoType[0],
      spoofing: await spoofTrials(ds, split, byDevice, windowS),
      sklearnPeer: peer,
      vsPeer:
        peer !== "skipped" && peer.accuracy !== undefined && peer.macroF1 !== undefined
          ? {
              accuracyRatio: round4(identification.closedSet.accuracy / peer.accuracy),
              macroF1Ratio: round4(identification.closedSet.macroF1 / peer.macroF1),
            }
          : null,
      timing: { totalS: (Date.now() - t0) / 1000, identificationFitAndScoreMs: fitMs },
    });
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        dataset: "labeled-iot-ondemand-cset2021 (7 of 32 device captures)",
        protocol: `time-disjoint: first ${TRAIN_SHARE * 100}% of each capture's time trains, the rest tests; windows with >= 3 frames`,
        model: { ...MODEL, classifier: "random-forest, class-balanced", openSet: "prob+distance" },
        results,
        testbed: await testbedSection(),
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`eval:devices failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
