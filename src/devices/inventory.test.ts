/**
 * DeviceInventory on synthetic traffic through the real decoder: two enrolled devices (a sensor that
 * publishes MQTT every 2 s, a camera that uploads HTTPS bursts); later the sensor's MAC starts behaving
 * like the camera (a clone or a compromised sensor): identity-mismatch fires on it within a few windows,
 * nothing fires on the genuine period, and the snapshot names both devices.
 */
import { describe, expect, it } from "vitest";
import type { Packet } from "../decode/packet.js";
import { FingerprintExtractor } from "./extractor.js";
import { DeviceInventory } from "./inventory.js";
import { DeviceModel, type LabelledWindow } from "./model.js";
import type { TrainedDevices } from "./model-file.js";
import { inventorySnapshotSchema } from "./schemas.js";
import { frameAt } from "./test-frames.test-util.js";

const SENSOR = "02:00:00:00:00:31";
const CAMERA = "02:00:00:00:00:34";
const BROKER = "02:00:00:00:00:0a";
const W = 20;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Packets of one device from t0 to t1: "sensor" (MQTT every ~2 s) or "camera" (HTTPS bursts). */
function traffic(
  kind: "sensor" | "camera",
  mac: string,
  ip: string,
  t0: number,
  t1: number,
  r: () => number,
): Packet[] {
  const out: Packet[] = [];
  for (let t = t0; t < t1; ) {
    if (kind === "sensor") {
      out.push(
        frameAt(t, {
          srcMac: mac,
          dstMac: BROKER,
          src: ip,
          dst: "10.0.0.10",
          proto: "tcp",
          srcPort: 40001,
          dstPort: 1883,
          payload: 30 + Math.floor(r() * 10),
        }),
      );
      out.push(
        frameAt(t + 0.01, {
          srcMac: BROKER,
          dstMac: mac,
          src: "10.0.0.10",
          dst: ip,
          proto: "tcp",
          srcPort: 1883,
          dstPort: 40001,
          payload: 4,
        }),
      );
      t += 1.8 + r() * 0.4;
    } else {
      for (let i = 0; i < 12; i++)
        out.push(
          frameAt(t + i * 0.01, {
            srcMac: mac,
            dstMac: BROKER,
            src: ip,
            dst: "52.9.9.9",
            proto: "tcp",
            srcPort: 50000 + Math.floor(r() * 100),
            dstPort: 443,
            payload: 1200,
          }),
        );
      out.push(
        frameAt(t + 0.2, {
          srcMac: BROKER,
          dstMac: mac,
          src: "52.9.9.9",
          dst: ip,
          proto: "tcp",
          srcPort: 443,
          dstPort: 50000,
          payload: 0,
        }),
      );
      t += 4 + r() * 2;
    }
  }
  return out;
}

describe("DeviceInventory", () => {
  const r = rng(5);
  const windows: LabelledWindow[] = [];
  const ex = new FingerprintExtractor({ windowS: W, minPackets: 3 }, (w) => {
    if (w.ip >= 0) return;
    const label = w.mac === 0x020000000031 ? "sensor" : w.mac === 0x020000000034 ? "camera" : "";
    if (label) windows.push({ vector: w.vector, label, startS: w.startS });
  });
  const train = [
    ...traffic("sensor", SENSOR, "10.0.0.31", 0, 2000, r),
    ...traffic("camera", CAMERA, "10.0.0.34", 0, 2000, r),
  ].sort((a, b) => a.ts - b.ts);
  for (const p of train) ex.observe(p);
  ex.flush();
  const trained: TrainedDevices = {
    model: new DeviceModel({ nEstimators: 20 }).fit(windows),
    extractor: { windowS: W, minPackets: 3 },
    enrolled: [
      { mac: SENSOR, name: "thermo1", label: "sensor", trained: true, ips: ["10.0.0.31"] },
      { mac: CAMERA, name: "cam", label: "camera", trained: true, ips: ["10.0.0.34"] },
    ],
  };

  it("names enrolled devices and flags the MAC whose behaviour turns into another device's", () => {
    const inv = new DeviceInventory({ model: trained });
    const genuine = [
      ...traffic("sensor", SENSOR, "10.0.0.31", 3000, 3600, r),
      ...traffic("camera", CAMERA, "10.0.0.34", 3000, 4200, r),
    ];
    const impostor = traffic("camera", SENSOR, "10.0.0.31", 3600, 4200, r);
    for (const p of [...genuine, ...impostor].sort((a, b) => a.ts - b.ts)) inv.observe(p);
    inv.flush();
    const snap = inventorySnapshotSchema.parse(inv.snapshot());
    const onSensor = snap.alerts.filter((a) => a.macs.includes(SENSOR));
    expect(onSensor.filter((a) => a.ts < 3600)).toEqual([]);
    const kinds = onSensor.map((a) => a.kind);
    expect(kinds).toContain("identity-mismatch");
    // behaviour-change is a weaker, model-free signal here (two device kinds: the global scale is wide)
    expect(onSensor.filter((a) => a.kind === "behaviour-change" && a.ts < 3600)).toEqual([]);
    const mismatch = onSensor.find((a) => a.kind === "identity-mismatch");
    expect(mismatch?.ts).toBeLessThan(3600 + 6 * W);
    expect(snap.alerts.filter((a) => a.macs.includes(CAMERA))).toEqual([]);
    const cam = snap.devices.find((d) => d.mac === CAMERA);
    expect(cam).toMatchObject({ name: "cam", enrolled: true, type: "camera" });
    expect(cam?.confidence).toBeGreaterThan(0.5);
    expect(inv.drainAlerts()).toHaveLength(snap.alerts.length);
    expect(inv.drainAlerts()).toEqual([]);
  });

  it("rejects bad params with E_CONFIG", () => {
    expect(() => new DeviceInventory({ params: { recentWindows: 0 } })).toThrow(/recentWindows|too small|>=/);
    expect(() => new DeviceInventory({ params: { bogus: 1 } as never })).toThrow();
  });
});
