import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { loadServiceConfig, parseServiceConfig } from "./load.js";

const GOOD = `state_dir: /tmp/x
sources:
  - type: pcap
    path: a.pcap
    speed: recorded
sinks:
  - type: eve
    path: eve.json
  - type: sqlite
    path: alerts.db
suppress:
  - subnet: 10.0.0.0/8
`;

function errorOf(text: string): VigilError {
  try {
    parseServiceConfig(text, "t.yaml");
  } catch (e) {
    if (e instanceof VigilError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("vigil.yaml schema", () => {
  it("fills defaults for a good config", () => {
    const c = parseServiceConfig(GOOD);
    expect(c.sources[0]).toMatchObject({ type: "pcap", speed: "recorded", loops: 1 });
    expect(c.sinks[0]).toMatchObject({ type: "eve", keep: 5 });
    expect(c.queues.alerts).toBe(10_000);
  });

  it("names an unknown key and its line", () => {
    const e = errorOf(GOOD.replace("    path: eve.json", "    path: eve.json\n    rotate_byts: 10"));
    expect(e.code).toBe("E_CONFIG");
    expect(e.context.line).toBe(9);
    expect(e.context.field).toBe("sinks.0.rotate_byts");
    expect(e.message).toMatch(/unknown key "rotate_byts"/);
  });

  it("names an unknown top-level key and its line", () => {
    const e = errorOf(`${GOOD}sinkz: []\n`);
    expect(e.context.line).toBe(13);
    expect(e.context.field).toBe("sinkz");
  });

  it("names the line of a wrong value", () => {
    const e = errorOf(GOOD.replace("speed: recorded", "speed: fast"));
    expect(e.context.line).toBe(5);
    expect(e.context.field).toBe("sources.0.speed");
  });

  it("rejects a wrong source type with the line of the item", () => {
    const e = errorOf(GOOD.replace("type: pcap", "type: pcapp"));
    expect(e.context.field).toMatch(/^sources\.0/);
    expect(e.context.line).toBeGreaterThanOrEqual(3);
  });

  it("reports YAML syntax errors with a line", () => {
    const e = errorOf("sources:\n  - type: pcap\n   path: [\n");
    expect(e.code).toBe("E_CONFIG");
    expect(e.context.line).toBeGreaterThan(0);
  });

  it("accepts the documented example config", () => {
    const path = new URL("../vigil.example.yaml", import.meta.url).pathname;
    expect(readFileSync(path, "utf8")).toMatch(/sources:/);
    const c = loadServiceConfig(path);
    expect(c.sources.map((s) => s.type)).toEqual(["live", "netflow", "zeek"]);
    expect(c.sinks.map((s) => s.type)).toEqual(["eve", "sqlite"]);
    expect(c.queues.overflow).toBe("drop");
  });
});
