import { describe, expect, it } from "vitest";
import { parseIp4, parseMac } from "../decode/packet.js";
import { HOSTS, nsName, ownerPid } from "./plan.js";
import { SCENARIOS, scenario } from "./scenarios.js";

describe("testbed plan", () => {
  it("keeps every address inside 10.77.0.0/24 and every MAC locally administered and unique", () => {
    const net = parseIp4("10.77.0.0");
    for (const h of HOSTS) {
      expect(parseIp4(h.ip) - net).toBeGreaterThan(0);
      expect(parseIp4(h.ip) - net).toBeLessThan(255);
      expect(Math.floor(parseMac(h.mac) / 2 ** 40) & 0x03).toBe(0x02);
    }
    expect(new Set(HOSTS.map((h) => h.ip)).size).toBe(HOSTS.length);
    expect(new Set(HOSTS.map((h) => h.mac)).size).toBe(HOSTS.length);
    // veth names in the gateway are "v-<role>": Linux interface names are at most 15 bytes
    for (const h of HOSTS) expect(`v-${h.role}`.length).toBeLessThanOrEqual(15);
  });

  it("names namespaces after their owner process and recognizes only its own names", () => {
    expect(nsName(4321, "broker")).toBe("vgtb-4321-broker");
    expect(ownerPid("vgtb-4321-broker")).toBe(4321);
    expect(ownerPid("vgtb-x-broker")).toBeUndefined();
    expect(ownerPid("other-1-broker")).toBeUndefined();
  });

  it("has a registry of scenarios with unique names and a clear error for unknown ones", () => {
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
    expect(SCENARIOS.filter((s) => !s.attack).map((s) => s.name)).toEqual(["benign"]);
    expect(() => scenario("nope")).toThrow(/unknown testbed scenario "nope" \(known: benign, syn-flood/);
  });
});
