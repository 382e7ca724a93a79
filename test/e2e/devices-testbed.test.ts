/**
 * Live end to end: a rogue device joins the running testbed (scenario rogue-device: an unapproved MAC
 * that duplicates thermo2's IP and probes the network) while `vigil devices --interface br0 --netns
 * <gateway>` (a real process, live tcpdump on the bridge) watches with a device model trained on the
 * committed benign captures. The rogue must be reported unknown, with the IP conflict, within a bound;
 * the capture the scenario wrote gives the same verdict when read from the file.
 * Needs Linux + root + the testbed tools + a built CLI; skips visibly elsewhere.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { saveDeviceModel } from "../../src/devices/model-file.js";
import { parseDeviceNames } from "../../src/devices/names.js";
import { type InventorySnapshot, inventorySnapshotSchema } from "../../src/devices/schemas.js";
import { trainFromCaptures } from "../../src/devices/train.js";
import type { AttackWindow } from "../../src/testbed/label.js";
import { host } from "../../src/testbed/plan.js";
import { approvedDevicesCsv } from "../../src/testbed/rogue-device.js";
import { runScenario } from "../../src/testbed/run.js";
import { PROJECT_ROOT } from "../helpers/shared.js";
import { CLI, describeWithTestbed, namespacesOf, vigil } from "./testbed-helpers.js";

const FX = join(PROJECT_ROOT, "test", "fixtures", "testbed");
const ARRIVAL_BOUND_S = 20;
const hasDevices =
  spawnSync(process.execPath, [CLI, "devices", "--help"], { encoding: "utf8" }).stdout?.includes(
    "--interface",
  ) ?? false;
if (!hasDevices)
  process.stderr.write("SKIPPED (`vigil devices` is not built): testbed live device inventory\n");

describeWithTestbed(
  `vigil devices on a live testbed with a rogue device${hasDevices ? "" : " (needs vigil devices)"}`,
  () => {
    const out = mkdtempSync(join(tmpdir(), "vigil-devices-e2e-"));
    const model = join(out, "devices.json");
    afterAll(() => rmSync(out, { recursive: true, force: true }));
    beforeAll(async () => {
      const t = await trainFromCaptures([join(FX, "benign.pcap"), join(FX, "demo.pcap")], {
        names: parseDeviceNames(approvedDevicesCsv()),
        labelBy: "type",
        extractor: { windowS: 10, minPackets: 3 },
        model: { nEstimators: 50 },
      });
      saveDeviceModel(t, model);
    });

    it.skipIf(!hasDevices)("flags the rogue device live and in the recorded capture", async () => {
      const rogue = host("attacker").mac;
      const alertsAt: { at: number; line: string }[] = [];
      let stdout = "";
      let stderr = "";
      let child: ChildProcess | undefined;
      let exited: Promise<number | null> | undefined;
      let window: AttackWindow | undefined;
      try {
        await runScenario({
          scenario: "rogue-device",
          outDir: out,
          warmupS: 4,
          attackS: 7,
          cooldownS: 0,
          onReady: ({ topo }) => {
            child = spawn(
              process.execPath,
              [CLI, "devices", "--interface", "br0", "--netns", topo.ns("gw"), "--model", model],
              {
                stdio: ["ignore", "pipe", "pipe"],
              },
            );
            exited = new Promise((resolve) => child?.on("close", (code) => resolve(code)));
            child.stdout?.on("data", (d: Buffer) => {
              stdout += d.toString();
            });
            child.stderr?.on("data", (d: Buffer) => {
              stderr += d.toString();
              for (const line of d.toString().split("\n"))
                if (line.includes("[")) alertsAt.push({ at: Date.now() / 1000, line });
            });
          },
          afterAttack: async (_tb, w) => {
            window = w;
            const end = Date.now() + 12_000;
            while (!alertsAt.some((a) => a.line.includes("[unknown-device]")) && Date.now() < end)
              await new Promise((r) => setTimeout(r, 250));
            child?.kill("SIGINT");
            await exited;
          },
        });
      } finally {
        if (child && child.exitCode === null) child.kill("SIGKILL");
      }
      const w = window as AttackWindow;
      const live: InventorySnapshot = inventorySnapshotSchema.parse(JSON.parse(stdout));
      expect(
        live.devices.find((d) => d.mac === rogue),
        stderr.slice(-2000),
      ).toMatchObject({ enrolled: false, type: "unknown" });
      const unknownAlert = alertsAt.find(
        (a) => a.line.includes("[unknown-device]") && a.line.includes(rogue),
      );
      expect(unknownAlert, stderr.slice(-2000)).toBeDefined();
      expect((unknownAlert?.at ?? 0) - w.start).toBeLessThan(ARRIVAL_BOUND_S);
      expect(
        live.alerts.some(
          (a) => a.kind === "ip-conflict" && a.ips[0] === host("thermo2").ip && a.macs.includes(rogue),
        ),
      ).toBe(true);

      const file = await vigil(["devices", join(out, "rogue-device.pcap"), "--model", model, "-q"]);
      expect(file.code, file.stderr).toBe(0);
      const snap = inventorySnapshotSchema.parse(JSON.parse(file.stdout));
      const kinds = snap.alerts.filter((a) => a.macs.includes(rogue)).map((a) => a.kind);
      expect(kinds).toEqual(expect.arrayContaining(["new-device", "unknown-device", "ip-conflict"]));
      expect(namespacesOf(process.pid)).toEqual([]);
    });
  },
);
