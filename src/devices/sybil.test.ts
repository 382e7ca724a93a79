import { describe, expect, it } from "vitest";
import type { IdentityAlert } from "./schemas.js";
import { SybilCheck } from "./sybil.js";

const z = (...v: number[]) => Float32Array.from(v);

describe("Sybil checks", () => {
  it("flags one MAC whose IPs behave as different devices (model labels or distance), once", () => {
    const alerts: IdentityAlert[] = [];
    const s = new SybilCheck({}, (a) => alerts.push(a));
    s.subWindow(0x020000000042, 600, { ip: 0x0a000014, z: z(0, 0), label: "hub" });
    s.subWindow(0x020000000042, 600, { ip: 0x0a00000a, z: z(0, 0), label: "broker" });
    s.subWindow(0x020000000042, 600, { ip: 0x0a00000b, z: z(0, 0), label: "thermo" });
    expect(alerts.map((a) => [a.kind, a.macs[0], a.ips])).toEqual([
      ["sybil-multi-identity", "02:00:00:00:00:42", ["10.0.0.20", "10.0.0.10"]],
    ]);
    // without labels: distance decides
    s.subWindow(0x020000000043, 600, { ip: 1, z: z(0, 0), label: null });
    s.subWindow(0x020000000043, 600, { ip: 2, z: z(0.5, 0.5), label: null });
    expect(alerts).toHaveLength(1);
    s.subWindow(0x020000000043, 600, { ip: 3, z: z(5, 0), label: null });
    expect(alerts).toHaveLength(2);
  });

  it("flags new MACs that appear together with near-identical fingerprints", () => {
    const alerts: IdentityAlert[] = [];
    const s = new SybilCheck({ appearWithinS: 60, cloneDistance: 0.5 }, (a) => alerts.push(a));
    s.newDevice(1, 100, z(1, 1));
    s.newDevice(2, 110, z(5, 5)); // a different device
    s.newDevice(3, 500, z(1, 1)); // like 1, but much later
    expect(alerts).toHaveLength(0);
    s.newDevice(4, 520, z(1.1, 1));
    s.newDevice(5, 530, z(1, 1.1));
    expect(alerts.map((a) => a.kind)).toEqual(["sybil-clones", "sybil-clones"]);
    expect(alerts[1].macs).toHaveLength(3);
  });
});
