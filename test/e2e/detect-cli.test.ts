/**
 * `vigil detect` as a user runs it: the built CLI (dist/, made by `npm test`'s build step) on the
 * committed testbed demo capture, from a file and from stdin, training then saving, loading and only
 * scoring, and on damaged input.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AlertSchema } from "../../src/schemas/alert.js";
import { PROJECT_ROOT } from "../helpers/shared.js";

const cli = join(PROJECT_ROOT, "dist/src/cli/main.js");
const demo = join(PROJECT_ROOT, "test/fixtures/testbed/demo.pcap");
const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, "test/fixtures/testbed/MANIFEST.json"), "utf8"));
const attackerIp: string = manifest.hosts.find((h: { role: string }) => h.role === "attacker").ip;
const dir = mkdtempSync(join(tmpdir(), "vigil-detect-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRAIN = ["--train-packets", "2800", "--target-fpr", "0.01"];

function vigil(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  const alerts =
    r.stdout.trim() === ""
      ? []
      : r.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l));
  const lines = r.stderr.trim().split("\n");
  const last = lines[lines.length - 1] ?? "";
  const summary = last.startsWith("{") ? JSON.parse(last).summary : null;
  return { status: r.status, alerts, summary, stderr: r.stderr };
}

describe.skipIf(!existsSync(cli))("vigil detect (built CLI) on the testbed demo capture", () => {
  it("trains, then raises explained EVE alerts that point at the attacker", () => {
    const r = vigil(["detect", demo, ...TRAIN]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/mapping: 281 packets left/);
    expect(r.stderr).toMatch(/detecting \(threshold/);
    expect(r.summary.packets).toBe(manifest.scenarios.demo.packets);
    expect(r.alerts.length).toBeGreaterThan(0);
    for (const a of r.alerts) expect(AlertSchema.safeParse(a).success).toBe(true);
    // Weighted by packets over threshold (alerts are rate-limited per host pair), the attacker dominates.
    let onAttacker = 0;
    let total = 0;
    for (const a of r.alerts) {
      total += a.vigil.packets_over_threshold;
      if (a.src_ip === attackerIp || a.dest_ip === attackerIp) onAttacker += a.vigil.packets_over_threshold;
    }
    expect(onAttacker / total).toBeGreaterThan(0.8);
    const a = r.alerts.find((x: { src_ip: string }) => x.src_ip === attackerIp);
    expect(a.vigil.top_features).toHaveLength(3);
    expect(a.vigil.reason).toMatch(/over the last/);
    // every alert carries its explanation: the score split over features (attributions sum to at most
    // the score: only the top ones are listed), each with its value, and the same reason
    for (const x of r.alerts) {
      const ex = x.vigil.explanation;
      expect(ex.method).toBe("kitnet");
      expect(ex.value).toBeCloseTo(x.vigil.score, 9);
      expect(ex.features.length).toBeGreaterThan(0);
      let sum = 0;
      for (const f of ex.features) {
        expect(f.attribution).toBeGreaterThan(0);
        expect(Number.isFinite(f.value)).toBe(true);
        sum += f.attribution;
      }
      expect(sum).toBeLessThanOrEqual(ex.value * (1 + 1e-9));
      expect(ex.reason).toBe(x.vigil.reason);
    }
    expect(a.vigil.reason).toMatch(/training saw/);
  });

  it("reads the same capture from stdin with the same result", () => {
    const file = vigil(["detect", demo, ...TRAIN]);
    const piped = vigil(["detect", "-", ...TRAIN], readFileSync(demo));
    expect(piped.status).toBe(0);
    expect(piped.alerts.map((a: { vigil: { packet_index: number } }) => a.vigil.packet_index)).toEqual(
      file.alerts.map((a: { vigil: { packet_index: number } }) => a.vigil.packet_index),
    );
  });

  it("saves the trained detector and a later run only scores with it", () => {
    const model = join(dir, "detector.json");
    const train = vigil(["detect", demo, ...TRAIN, "--save-model", model]);
    expect(train.status).toBe(0);
    expect(existsSync(model)).toBe(true);
    const score = vigil(["detect", demo, "--model", model]);
    expect(score.status).toBe(0);
    expect(score.summary.phasePackets).toEqual({ detecting: manifest.scenarios.demo.packets });
    expect(score.summary.threshold).toBe(train.summary.threshold);
  });

  it("names the file and byte offset of a damaged capture, and the option of a bad flag", () => {
    // Record 3 (at byte 230) claims 2^31 - 1 captured bytes: a corrupt header in the middle of the file.
    const bytes = Buffer.from(readFileSync(demo));
    let offset = 24;
    for (let i = 0; i < 3; i++) offset += 16 + bytes.readUInt32LE(offset + 8);
    bytes.writeUInt32LE(0x7fffffff, offset + 8);
    const file = join(dir, "damaged.pcap");
    writeFileSync(file, bytes);
    const r = vigil(["detect", file, ...TRAIN]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/E_FORMAT/);
    expect(r.stderr).toMatch(/damaged\.pcap/);
    expect(r.stderr).toContain(`byteOffset=${offset}`);
    expect(r.stderr).toMatch(/field=incl_len/);
    // A truncated last record is skipped and counted, with a warning, and the run succeeds.
    const cut = join(dir, "cut.pcap");
    writeFileSync(cut, readFileSync(demo).subarray(0, 10_000));
    const r1 = vigil(["detect", cut, ...TRAIN]);
    expect(r1.status).toBe(0);
    expect(r1.stderr).toMatch(/warning: .*truncated/);
    expect(r1.summary.capture.framesSkipped).toBe(1);
    const notPcap = join(dir, "not-a-capture.txt");
    writeFileSync(notPcap, "hello, this is not a capture file\n");
    const r2 = vigil(["detect", notPcap]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/not-a-capture\.txt/);
    const r3 = vigil(["detect", demo, "--variant", "99"]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/--variant/);
  });
});
