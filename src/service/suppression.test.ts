import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import type { Alert } from "../schemas/alert.js";
import { ipBytes, Suppressor } from "./suppression.js";

function alert(src: string, dst: string, sid = 1_000_001): Alert {
  return {
    timestamp: "2026-01-01T00:00:00.000000+0000",
    flow_id: 1,
    event_type: "alert",
    src_ip: src,
    dest_ip: dst,
    proto: "TCP",
    alert: {
      action: "allowed",
      gid: 1,
      signature_id: sid,
      rev: 1,
      signature: "s",
      category: "c",
      severity: 2,
    },
    vigil: { detector: "kitnet", score: 1, threshold: 0.5, packet_index: 0, packets_over_threshold: 1 },
  };
}

describe("Suppressor", () => {
  it("suppresses by host, subnet, signature and combinations, counting per rule", () => {
    const s = new Suppressor([
      { host: "10.0.0.5" },
      { subnet: "192.168.1.0/24", signature_id: 7 },
      { subnet: "fd00::/8" },
    ]);
    expect(s.suppresses(alert("10.0.0.5", "1.1.1.1"))).toBe(true);
    expect(s.suppresses(alert("1.1.1.1", "10.0.0.5"))).toBe(true);
    expect(s.suppresses(alert("10.0.0.6", "1.1.1.1"))).toBe(false);
    expect(s.suppresses(alert("192.168.1.9", "1.1.1.1", 7))).toBe(true);
    expect(s.suppresses(alert("192.168.1.9", "1.1.1.1", 8))).toBe(false);
    expect(s.suppresses(alert("192.168.2.9", "1.1.1.1", 7))).toBe(false);
    expect(s.suppresses(alert("fd12::1", "2001:db8::1"))).toBe(true);
    expect(s.suppresses(alert("fe80::1", "2001:db8::1"))).toBe(false);
    expect(s.report().map((r) => r.suppressed)).toEqual([2, 1, 1]);
    expect(s.suppressed).toBe(4);
  });

  it("matches a host written differently (IPv6 zero compression)", () => {
    const s = new Suppressor([{ host: "2001:db8::1" }]);
    expect(s.suppresses(alert("2001:0db8:0:0:0:0:0:1", "10.0.0.1"))).toBe(true);
  });

  it("rejects a bad subnet with the field named", () => {
    expect(() => new Suppressor([{ subnet: "10.0.0.0/33" }])).toThrow(VigilError);
    try {
      new Suppressor([{ host: "10.0.0.1" }, { subnet: "nope" }]);
    } catch (e) {
      expect((e as VigilError).context.field).toBe("suppress.1.subnet");
    }
  });

  it("parses IPv6 with embedded IPv4", () => {
    expect(Array.from(ipBytes("::ffff:1.2.3.4") ?? [])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
    ]);
  });
});
