/**
 * Every testbed scenario, briefly, as real processes (CI runs them all): each puts its attack on the
 * wire amid benign traffic, the capture agrees with tcpdump, and nothing is left behind.
 * Needs Linux + root + the testbed's tools; skips visibly elsewhere.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { SCENARIOS } from "../../src/testbed/scenarios.js";
import { describeWithTestbed, namespacesOf, tcpdumpCount, vigil } from "./testbed-helpers.js";

describeWithTestbed("every testbed scenario runs (short windows)", () => {
  const out = mkdtempSync(join(tmpdir(), "vigil-testbed-all-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  for (const s of SCENARIOS) {
    it(`${s.name}: attack traffic amid benign traffic, counted like tcpdump`, async () => {
      const r = await vigil([
        "testbed",
        "run",
        "-s",
        s.name,
        "-o",
        out,
        "--warmup",
        "3",
        "--attack",
        "4",
        "--cooldown",
        "1",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout);
      const pcap = join(out, `${s.name}.pcap`);
      expect(tcpdumpCount(pcap)).toBe(res.stats.packets);
      expect(res.stats.packets - res.stats.attackPackets).toBeGreaterThan(30);
      if (s.name === "benign") expect(res.stats.attackPackets).toBe(0);
      else expect(res.stats.attackPackets).toBeGreaterThan(5);
      expect(namespacesOf(r.pid)).toEqual([]);
    });
  }
});
