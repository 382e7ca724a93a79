#!/usr/bin/env node
/**
 * npm run demo — runs `vigil detect` on the bundled testbed capture (benign IoT traffic, then an
 * attack from the testbed's attacker host) and shows what a user gets: the phases, a few EVE alerts,
 * the summary, and how many alerts point at the attacker (from the fixture's MANIFEST.json).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/src/cli/main.js");
const fixtures = join(root, "test/fixtures/testbed");
const pcap = join(fixtures, "demo.pcap");
if (!existsSync(cli)) {
  console.error("vigil is not built: run `npm install` (it builds) or `npm run build` first");
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(fixtures, "MANIFEST.json"), "utf8"));
const attacker = manifest.hosts.find((h) => h.role === "attacker");
const demo = manifest.scenarios?.find?.((s) => s.file === "demo.pcap" || s.name === "demo") ?? {};
const trainPackets = Number(process.env.DEMO_TRAIN_PACKETS ?? 2800);

const args = [
  "detect",
  pcap,
  "--train-packets",
  String(trainPackets),
  "--target-fpr",
  "0.01",
  "--alert-interval",
  "1",
];
console.log(`$ vigil ${args.join(" ").replace(`${root}/`, "")}\n`);
const run = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  process.exit(run.status ?? 1);
}
const progress = run.stderr.trim().split("\n");
const summaryLine = progress.pop();
for (const line of progress) console.log(line);
const alerts =
  run.stdout.trim() === ""
    ? []
    : run.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
console.log(`\n${alerts.length} alerts (EVE JSON on stdout). The first three:`);
for (const a of alerts.slice(0, 3)) {
  console.log(
    `  ${a.timestamp} ${a.proto} ${a.src_ip}${a.src_port !== undefined ? `:${a.src_port}` : ""} -> ${a.dest_ip}${a.dest_port !== undefined ? `:${a.dest_port}` : ""}` +
      `  score ${a.vigil.score.toFixed(3)} > ${a.vigil.threshold.toFixed(3)}\n    why: ${a.vigil.reason}`,
  );
}
const s = JSON.parse(summaryLine).summary;
console.log(
  `\nsummary: ${s.packets} packets in ${s.elapsedS.toFixed(2)} s, phases ${JSON.stringify(s.phasePackets)}, ` +
    `${s.packetsOverThreshold} packets over threshold, ${s.alerts} alerts (${s.alertsSuppressed} rate-limited)`,
);
const byHost = new Map();
for (const a of alerts) {
  for (const ip of [a.src_ip, a.dest_ip]) {
    const e = byHost.get(ip) ?? { alerts: 0, packets: 0 };
    e.alerts++;
    e.packets += a.vigil.packets_over_threshold;
    byHost.set(ip, e);
  }
}
console.log("\nhosts in alerts (alerts, packets over threshold):");
for (const [ip, e] of [...byHost].sort((x, y) => y[1].packets - x[1].packets).slice(0, 5)) {
  console.log(
    `  ${ip.padEnd(16)} ${String(e.alerts).padStart(4)} alerts ${String(e.packets).padStart(6)} packets`,
  );
}
if (attacker) {
  const onAttacker = alerts.filter((a) => a.src_ip === attacker.ip || a.dest_ip === attacker.ip).length;
  console.log(
    `ground truth: attacker ${attacker.ip}; ${onAttacker} of ${alerts.length} alerts involve it` +
      (demo.attack ? ` (${demo.attack})` : ""),
  );
}
