/**
 * The committed testbed fixtures (test/fixtures/testbed, made by `npm run fixtures:testbed`) are what
 * MANIFEST.json says they are: hashes, packet counts, labels that the label rule reproduces, benign
 * traffic during every attack, and in each capture the attack the scenario names. Needs no root.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ManifestEntry } from "../../src/testbed/fixtures.js";
import { labelFrames } from "../../src/testbed/label.js";
import { type LiteFrame, readPcapFrames } from "../../src/testbed/pcap-lite.js";
import { SCENARIOS } from "../../src/testbed/scenarios.js";
import { PROJECT_ROOT } from "../helpers/shared.js";

const DIR = join(PROJECT_ROOT, "test", "fixtures", "testbed");
const MANIFEST = join(DIR, "MANIFEST.json");
const ATK_IP = "10.77.0.66";
const ATK_MAC = "02:76:67:00:00:42";
const BROKER = "10.77.0.10";

type Check = (attack: LiteFrame[]) => void;
const distinct = (xs: (string | number)[]) => new Set(xs).size;

/** What each scenario's attack packets must contain. */
const CHECKS: Record<string, Check> = {
  "syn-flood": (a) => {
    const syns = a.filter(
      (f) => f.srcIp === ATK_IP && f.dstIp === BROKER && f.dstPort === 1883 && f.proto === 6,
    );
    expect(syns.length).toBeGreaterThan(1000);
  },
  "udp-flood": (a) => {
    expect(
      a.filter((f) => f.srcIp === ATK_IP && f.proto === 17 && f.dstPort === 5683).length,
    ).toBeGreaterThan(1000);
  },
  "port-scan": (a) => {
    expect(
      distinct(a.filter((f) => f.srcIp === ATK_IP && f.dstIp === BROKER).map((f) => f.dstPort)),
    ).toBeGreaterThan(1000);
  },
  "host-scan": (a) => {
    const targets = a
      .map((f) => (f.etherType === 0x0806 ? f.arpTargetIp : f.dstIp))
      .filter((ip) => ip !== ATK_IP);
    expect(distinct(targets)).toBeGreaterThan(100);
  },
  "mqtt-brute-force": (a) => {
    const conns = a
      .filter((f) => f.srcIp === ATK_IP && f.dstIp === BROKER && f.dstPort === 1883)
      .map((f) => f.srcPort);
    expect(distinct(conns)).toBeGreaterThan(100);
  },
  "mqtt-publish-flood": (a) => {
    expect(
      a.filter((f) => f.srcIp === ATK_IP && f.dstPort === 1883 && f.wireLen > 100).length,
    ).toBeGreaterThan(500);
  },
  "mqtt-slow-dos": (a) => {
    const conns = a.filter((f) => f.srcIp === ATK_IP && f.dstPort === 1883).map((f) => f.srcPort);
    expect(distinct(conns)).toBeGreaterThanOrEqual(100);
  },
  "arp-spoof": (a) => {
    const lies = a.filter((f) => f.arpOp === 2 && f.arpSenderIp === BROKER && f.arpSenderMac === ATK_MAC);
    expect(lies.length).toBeGreaterThan(20);
  },
  "rogue-device": (a) => {
    const claims = a.filter(
      (f) => f.etherType === 0x0806 && f.arpSenderIp === "10.77.0.32" && f.arpSenderMac === ATK_MAC,
    );
    expect(claims.length).toBeGreaterThanOrEqual(3);
    expect(a.filter((f) => f.srcIp === ATK_IP && f.dstPort === 1900).length).toBeGreaterThan(5);
  },
};

const present = existsSync(MANIFEST);
if (!present)
  process.stderr.write(`SKIPPED (no ${MANIFEST}; run npm run fixtures:testbed): testbed fixtures\n`);

describe.skipIf(!present)("testbed fixtures match MANIFEST.json", () => {
  const manifest = present
    ? (JSON.parse(readFileSync(MANIFEST, "utf8")) as { scenarios: Record<string, ManifestEntry> })
    : { scenarios: {} };
  const entries = Object.entries(manifest.scenarios);

  it("covers every scenario and the demo, a few MB in all", () => {
    expect(Object.keys(manifest.scenarios).sort()).toEqual([...SCENARIOS.map((s) => s.name), "demo"].sort());
    const total = entries.reduce((s, [, e]) => s + e.bytes, 0);
    expect(total).toBeLessThan(8 * 1024 * 1024);
  });

  for (const [stem, e] of entries) {
    it(`${stem}: hash, counts, labels, benign traffic during the attack`, () => {
      const buf = readFileSync(join(DIR, e.pcap));
      expect(createHash("sha256").update(buf).digest("hex")).toBe(e.sha256);
      expect(buf.length).toBe(e.bytes);
      const frames = readPcapFrames(buf, e.pcap);
      expect(frames.length).toBe(e.packets);
      const rule = {
        scenario: e.scenario,
        label: e.label,
        attackerIp: e.attacker.ip,
        attackerMac: e.attacker.mac,
        window: e.window ? { start: e.window.start, end: e.window.end } : undefined,
      };
      const relabelled = labelFrames(frames, rule);
      expect(readFileSync(join(DIR, e.labels), "utf8")).toBe(relabelled.packetsCsv);
      expect(readFileSync(join(DIR, e.flows), "utf8")).toBe(relabelled.flowsCsv);
      expect(relabelled.stats.attackPackets).toBe(e.attackPackets);
      expect(e.attackerPacketsBeforeWindow).toBe(0);
      expect(e.captureDroppedByKernel).toBe(0);
      if (spawnSync("sh", ["-c", "command -v tcpdump"]).status === 0) {
        const r = spawnSync("tcpdump", ["-n", "-r", join(DIR, e.pcap)], {
          encoding: "utf8",
          maxBuffer: 1 << 28,
        });
        expect(r.stdout.split("\n").filter((l) => l).length).toBe(e.packets);
      }
      if (!e.window) {
        expect(e.scenario).toBe("benign");
        expect(e.attackPackets).toBe(0);
        expect(frames.filter((f) => f.srcIp === ATK_IP || f.srcMac === ATK_MAC).length).toBe(0);
        return;
      }
      const during = frames.filter((f) => f.ts >= e.window!.start && f.ts <= e.window!.end);
      const attackSet = new Set(
        relabelled.packetsCsv
          .trim()
          .split("\n")
          .slice(1)
          .map((l) => l.split(","))
          .filter((c) => c[2] !== "benign")
          .map((c) => Number(c[0])),
      );
      const benignDuring = during.filter((f) => !attackSet.has(f.index));
      // the IoT devices keep talking during the attack (MQTT to the broker, HTTP to the plug)
      expect(benignDuring.filter((f) => f.dstPort === 1883 || f.srcPort === 1883).length).toBeGreaterThan(10);
      expect(benignDuring.filter((f) => f.dstPort === 8080 || f.srcPort === 8080).length).toBeGreaterThan(10);
      const check = CHECKS[e.scenario];
      expect(check, `no content check for ${e.scenario}`).toBeDefined();
      check(frames.filter((f) => attackSet.has(f.index)));
    });
  }

  it("demo: a long benign warm-up (several thousand packets) before the attack, under 1.5 MB", () => {
    const d = manifest.scenarios.demo;
    expect(d.bytes).toBeLessThan(1.5 * 1024 * 1024);
    expect(d.window!.startOffsetS).toBeGreaterThanOrEqual(60);
    const frames = readPcapFrames(readFileSync(join(DIR, d.pcap)));
    expect(frames.filter((f) => f.ts < d.window!.start).length).toBeGreaterThan(2500);
    expect(d.attackPackets).toBeGreaterThan(1000);
  });
});
