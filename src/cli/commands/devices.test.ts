/**
 * `vigil devices` as a real process (the built CLI in dist/): train on the committed benign testbed
 * captures, save the model, then read the rogue-device capture from a file and benign traffic from a
 * pipe; bad input fails with a typed error and exit code 2.
 */
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../test/helpers/shared.js";
import { inventorySnapshotSchema } from "../../devices/schemas.js";
import { host } from "../../testbed/plan.js";
import { approvedDevicesCsv } from "../../testbed/rogue-device.js";

const MAIN = join(PROJECT_ROOT, "dist", "src", "cli", "main.js");
const FX = join(PROJECT_ROOT, "test", "fixtures", "testbed");
const READY = existsSync(MAIN) && existsSync(join(FX, "rogue-device.pcap"));
if (!READY)
  process.stderr.write("SKIPPED (dist/ not built or testbed fixtures absent): vigil devices CLI tests\n");

function vigil(
  args: string[],
  stdinFile?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin);
    else child.stdin.end();
  });
}

describe.skipIf(!READY)("vigil devices (built CLI, real process)", () => {
  const work = mkdtempSync(join(tmpdir(), "vigil-devices-cli-"));
  const model = join(work, "devices.json");
  const names = join(work, "names.csv");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  beforeAll(async () => {
    writeFileSync(names, approvedDevicesCsv());
    const r = await vigil([
      "devices",
      "--train",
      `${join(FX, "benign.pcap")},${join(FX, "demo.pcap")}`,
      "--names",
      names,
      "--label-by",
      "type",
      "--window",
      "10",
      "--trees",
      "50",
      "--save-model",
      model,
    ]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("flags the rogue device of a capture file (JSON inventory on stdout, alerts on stderr)", async () => {
    const r = await vigil(["devices", join(FX, "rogue-device.pcap"), "--model", model]);
    expect(r.code, r.stderr).toBe(0);
    const snap = inventorySnapshotSchema.parse(JSON.parse(r.stdout));
    const rogue = snap.devices.find((d) => d.mac === host("attacker").mac);
    expect(rogue).toMatchObject({ enrolled: false, type: "unknown" });
    expect(snap.alerts.map((a) => a.kind)).toEqual(expect.arrayContaining(["unknown-device", "ip-conflict"]));
    expect(r.stderr).toContain("[unknown-device]");
    expect(snap.model?.classes).toContain("thermo");
  });

  it("reads a pipe and prints a table", async () => {
    const r = await vigil(["devices", "-", "--model", model, "--format", "table"], join(FX, "benign.pcap"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^mac\s+ips\s+name\s+type/);
    expect(r.stdout).toContain("thermo1");
    expect(r.stdout).toContain("no alerts");
  });

  it("fails with typed errors on bad input and bad arguments", async () => {
    const junk = join(work, "junk.pcap");
    writeFileSync(junk, "this is not a capture file at all");
    const a = await vigil(["devices", junk]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/vigil: error E_FORMAT/);
    const badModel = join(work, "bad.json");
    writeFileSync(badModel, JSON.stringify({ format: "vigil-device-model", version: 1 }));
    const b = await vigil(["devices", join(FX, "benign.pcap"), "--model", badModel]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/E_MODEL.*field=/);
    const c = await vigil(["devices", join(FX, "benign.pcap"), "--model", model, "--train", junk]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("E_CONFIG");
  });
});
