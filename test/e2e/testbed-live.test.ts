/**
 * Live end to end: `vigil detect --interface br0 --netns <gateway>` (a real process, live tcpdump on the
 * testbed bridge) trains on the benign IoT traffic, then the attacker port-scans the broker. The alerts
 * must point at the attacker's address and arrive within a bound after the attack starts.
 * Needs Linux + root + the testbed tools + a built `vigil detect`; skips visibly elsewhere.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { AttackWindow } from "../../src/testbed/label.js";
import { host } from "../../src/testbed/plan.js";
import { runScenario } from "../../src/testbed/run.js";
import { CLI, describeWithTestbed } from "./testbed-helpers.js";

const hasDetect =
  spawnSync(process.execPath, [CLI, "detect", "--help"], { encoding: "utf8" }).stdout?.includes(
    "--interface",
  ) ?? false;
if (!hasDetect)
  process.stderr.write("SKIPPED (`vigil detect --interface` is not built): testbed live detection\n");

/** Alerts must arrive at most this long after the attack starts (wall clock). */
const ARRIVAL_BOUND_S = 15;
const TRAIN_PACKETS = 1200;

interface Received {
  at: number;
  alert: {
    timestamp: string;
    src_ip: string;
    dest_ip: string;
    vigil?: { score: number; threshold: number; packets_over_threshold?: number };
  };
}

describeWithTestbed(`testbed live detection${hasDetect ? "" : " (needs vigil detect)"}`, () => {
  const out = mkdtempSync(join(tmpdir(), "vigil-live-e2e-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.skipIf(!hasDetect)(
    "vigil detect, live on the gateway bridge, alerts on the attacker within the bound",
    async () => {
      const received: Received[] = [];
      let stderr = "";
      let detect: ChildProcess | undefined;
      let detectExit: Promise<number | null> | undefined;
      let window: AttackWindow | undefined;
      const attacker = host("attacker").ip;
      try {
        await runScenario({
          scenario: "port-scan",
          outDir: out,
          warmupS: 5,
          attackS: 6,
          cooldownS: 1,
          onReady: ({ topo }) => {
            detect = spawn(
              process.execPath,
              [
                CLI,
                "detect",
                "--interface",
                "br0",
                "--netns",
                topo.ns("gw"),
                "--train-packets",
                String(TRAIN_PACKETS),
              ],
              { stdio: ["ignore", "pipe", "pipe"] },
            );
            detectExit = new Promise((resolve) => detect?.on("close", (code) => resolve(code)));
            let buf = "";
            detect.stdout?.on("data", (d: Buffer) => {
              buf += d.toString();
              let nl = buf.indexOf("\n");
              while (nl >= 0) {
                const line = buf.slice(0, nl).trim();
                buf = buf.slice(nl + 1);
                if (line) received.push({ at: Date.now() / 1000, alert: JSON.parse(line) });
                nl = buf.indexOf("\n");
              }
            });
            detect.stderr?.on("data", (d: Buffer) => {
              stderr += d.toString();
            });
          },
          // The detector must be past training and calibration before the attack starts (bounded wait).
          beforeAttack: async () => {
            const end = Date.now() + 90_000;
            while (!/detecting \(threshold/.test(stderr) && Date.now() < end)
              await new Promise((r) => setTimeout(r, 250));
            expect(stderr, "vigil detect did not finish training on benign traffic within 90 s").toMatch(
              /detecting \(threshold/,
            );
          },
          afterAttack: async (_tb, w) => {
            window = w;
            // give the last alerts time to arrive, then stop detect like an operator would (SIGINT)
            await new Promise((r) => setTimeout(r, 3_000));
            detect?.kill("SIGINT");
            await detectExit;
          },
        });
      } finally {
        if (detect && detect.exitCode === null) detect.kill("SIGKILL");
      }
      expect(window).toBeDefined();
      const w = window as AttackWindow;
      const involved = (r: Received) => r.alert.src_ip === attacker || r.alert.dest_ip === attacker;
      const onAttacker = received.filter((r) => r.at >= w.start && involved(r));
      expect(
        onAttacker.length,
        `alerts: ${JSON.stringify(received.slice(0, 5))}\nstderr: ${stderr.slice(-2000)}`,
      ).toBeGreaterThan(0);
      const delayS = onAttacker[0].at - w.start;
      expect(delayS).toBeLessThan(ARRIVAL_BOUND_S);
      // Over-threshold packets captured during the attack are mostly the attacker's. Alerts are rate-limited
      // per flow, each carrying how many packets went over the threshold since the last one, so weigh by it.
      const captured = (r: Received) =>
        Date.parse(r.alert.timestamp.replace(/([+-]\d\d)(\d\d)$/, "$1:$2")) / 1000;
      const weight = (r: Received) => r.alert.vigil?.packets_over_threshold ?? 1;
      const inWindow = received.filter((r) => captured(r) >= w.start && captured(r) <= w.end);
      const total = inWindow.reduce((a, r) => a + weight(r), 0);
      const share = inWindow.filter(involved).reduce((a, r) => a + weight(r), 0) / total;
      expect(
        share,
        JSON.stringify(inWindow.map((r) => [r.alert.src_ip, r.alert.dest_ip, weight(r)])),
      ).toBeGreaterThan(0.5);
      for (const r of onAttacker)
        expect(r.alert.vigil?.score ?? 0).toBeGreaterThan(r.alert.vigil?.threshold ?? 0);
      process.stderr.write(
        `testbed live: ${received.length} alerts, ${onAttacker.length} on the attacker, first ${delayS.toFixed(2)} s after the attack started; ${(share * 100).toFixed(1)} % of over-threshold packets in the window involve the attacker\n`,
      );
    },
    240_000,
  );
});
