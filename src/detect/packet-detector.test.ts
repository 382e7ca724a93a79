import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ATTACKER, syntheticIotTraffic } from "../../test/helpers/synthetic-traffic.js";
import { memorySource } from "../capture/memory-source.js";
import { decodeFrame } from "../decode/decode.js";
import { Packet } from "../decode/packet.js";
import { AfterImage } from "../features/afterimage/index.js";
import { type Alert, AlertSchema } from "../schemas/alert.js";
import { loadDetector, saveDetector } from "./detector-file.js";
import { PacketDetector } from "./packet-detector.js";
import { runDetection } from "./run-detection.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-detector-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const params = { fmGrace: 300, adGrace: 2500, calibPackets: 600, targetFpr: 0.01 };

describe("PacketDetector on synthetic IoT traffic with a SYN scan", () => {
  const { frames } = syntheticIotTraffic({
    benignSeconds: 300,
    sensors: 6,
    attackSeconds: 5,
    attackRatePerS: 200,
  });

  it("goes through its phases and alerts on the attacker, with schema-valid EVE alerts", async () => {
    const det = new PacketDetector(params);
    const alerts: Alert[] = [];
    const phases: string[] = [];
    const s = await runDetection({
      source: memorySource("synthetic", frames),
      detector: det,
      alertIntervalS: 1,
      onAlert: (a) => alerts.push(a),
      onPhase: (p) => phases.push(p),
    });
    expect(phases).toEqual(["training", "calibrating", "detecting"]);
    expect(s.phasePackets.mapping).toBe(301);
    expect(Number.isFinite(det.threshold)).toBe(true);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(AlertSchema.safeParse(a).success).toBe(true);
    const onAttacker = alerts.filter((a) => a.src_ip === ATTACKER || a.dest_ip === ATTACKER);
    // Most alerts point at the attacker, and the scan is caught.
    expect(onAttacker.length / alerts.length).toBeGreaterThan(0.8);
    expect(onAttacker[0].vigil.top_features?.length).toBe(3);
    expect(onAttacker[0].vigil.reason).toMatch(/unusual/);
    expect(onAttacker[0].community_id).toMatch(/^1:/);
  });

  it("saves and loads: the loaded detector scores like the original", async () => {
    const det = new PacketDetector(params);
    const trainPart = frames.slice(0, 3500);
    await runDetection({
      source: memorySource("train", trainPart),
      detector: det,
      alertIntervalS: 1,
      onAlert: () => {},
    });
    expect(det.phase).toBe("detecting");
    const file = join(dir, "det.json");
    saveDetector(det, file);
    const loaded = await loadDetector(file);
    expect(loaded.phase).toBe("detecting");
    expect(loaded.threshold).toBe(det.threshold);
    // The trained model is what is saved (the stream statistics start afresh after a load): the loaded
    // KitNET scores every feature vector exactly as the original does.
    const features = new AfterImage({ mode: "default" });
    const x = new Float64Array(features.nFeatures);
    const p = new Packet();
    let compared = 0;
    await memorySource("rest", frames.slice(3500, 4500)).run((f) => {
      decodeFrame(f, p);
      features.update(p, x);
      expect(loaded.kitnet.execute(x)).toBe(det.kitnet.execute(x));
      compared++;
    });
    expect(compared).toBe(1000);
  });

  it("rejects a damaged detector file with the file and field named", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ format: "vigil-model", version: 1, kind: "packet-detector", params: {} }),
    );
    await expect(loadDetector(file)).rejects.toThrow(/state/);
    writeFileSync(file, "{not json");
    await expect(loadDetector(file)).rejects.toThrow(/not JSON.*bad\.json/);
    expect(readFileSync(file, "utf8")).toBe("{not json");
  });
});
