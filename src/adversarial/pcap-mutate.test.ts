/**
 * Pcap mutation on a committed testbed capture (real mosquitto brute force, test/fixtures/testbed):
 * rewritten frames are valid (IPv4 and TCP checksums verify, lengths agree), the attacker's flows carry
 * exactly the added bytes, gaps stretch as asked, the victim's flows are untouched; then a flow model
 * trained on other testbed captures re-scores the original and mutated capture end to end.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../test/helpers/shared.js";
import { openCapture } from "../capture/open.js";
import { foldChecksum, internetChecksum, sum16 } from "../decode/checksum.js";
import { VigilError } from "../errors.js";
import { flowRecordsFromCapture } from "../features/flows/index.js";
import { RandomForestClassifier } from "../models/forest/random-forest.js";
import { mutateCapture } from "./pcap-mutate.js";
import { flowMatrix, rescoreCapture } from "./pcap-rescore.js";

const fixtures = join(PROJECT_ROOT, "test/fixtures/testbed");
const manifest = JSON.parse(readFileSync(join(fixtures, "MANIFEST.json"), "utf8"));
const attacker: string = manifest.hosts.find((h: { role: string }) => h.role === "attacker").ip;
const dir = mkdtempSync(join(tmpdir(), "vigil-pcap-mutate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const src = join(fixtures, "mqtt-brute-force.pcap");

async function frames(path: string): Promise<{ ts: number; data: Uint8Array }[]> {
  const out: { ts: number; data: Uint8Array }[] = [];
  await openCapture(path).run((f) => out.push({ ts: f.tsSec + f.tsNsec / 1e9, data: f.data.slice() }));
  return out;
}

describe("pcap mutation (timing and padding within bounds)", () => {
  it("pads the attacker's packets with valid checksums and stretches gaps", async () => {
    const out = join(dir, "mut.pcap");
    const stats = await mutateCapture(src, out, { attackerIp: attacker, timeStretch: 2, padBytes: 40 });
    const a = await frames(src);
    const b = await frames(out);
    expect(b.length).toBe(a.length);
    expect(stats.paddedPackets).toBeGreaterThan(0);
    expect(stats.spanSecondsAfter).toBeCloseTo(2 * stats.spanSecondsBefore, 3);
    let checked = 0;
    for (let i = 0; i < b.length; i++) {
      const f = b[i].data;
      if (i > 0) expect(b[i].ts - b[0].ts).toBeCloseTo(2 * (a[i].ts - a[0].ts), 5);
      if (f.length < 34 || ((f[12] << 8) | f[13]) !== 0x0800 || f[23] !== 6) continue;
      // frames left as captured keep their original (possibly offloaded) checksums
      if (f.length === a[i].data.length && f.every((v, j) => v === a[i].data[j])) continue;
      const ihl = (f[14] & 15) * 4;
      const total = (f[16] << 8) | f[17];
      expect(internetChecksum(f, 14, 14 + ihl)).toBe(0);
      let s = sum16(f, 26, 34);
      s += 6 + total - ihl;
      expect(foldChecksum(sum16(f, 14 + ihl, 14 + total, s))).toBe(0);
      if (f.length !== a[i].data.length) {
        expect(f.length - a[i].data.length).toBeLessThanOrEqual(40);
        checked++;
      }
    }
    expect(checked).toBe(stats.paddedPackets);
    const before = await flowRecordsFromCapture(src);
    const after = await flowRecordsFromCapture(out);
    expect(after.length).toBe(before.length);
    const key = (r: (typeof before)[number]) =>
      `${r["id.orig_h"]}:${r["id.orig_p"]}>${r["id.resp_h"]}:${r["id.resp_p"]}`;
    const byKey = new Map(before.map((r) => [key(r), r]));
    let added = 0;
    for (const r of after) {
      const o = byKey.get(key(r));
      expect(o).toBeDefined();
      if (o === undefined) continue;
      if (r["id.orig_h"] === attacker) added += (r.orig_bytes ?? 0) - (o.orig_bytes ?? 0);
      else if (r["id.resp_h"] !== attacker) expect(r.orig_bytes).toBe(o.orig_bytes);
      expect(r.orig_pkts).toBe(o.orig_pkts);
    }
    expect(added).toBe(stats.addedBytes);
  });

  it("rejects out-of-bound mutations and non-addresses", async () => {
    const out = join(dir, "bad.pcap");
    await expect(
      mutateCapture(src, out, { attackerIp: attacker, timeStretch: 0.5, padBytes: 0 }),
    ).rejects.toThrow(VigilError);
    await expect(
      mutateCapture(src, out, { attackerIp: attacker, timeStretch: 1, padBytes: 5000 }),
    ).rejects.toThrow(VigilError);
    await expect(
      mutateCapture(src, out, { attackerIp: "10.1", timeStretch: 1, padBytes: 1 }),
    ).rejects.toThrow(/dotted IPv4/);
  });

  it("re-scores the original and the mutated capture end to end with a flow model", async () => {
    const train = ["benign", "mqtt-brute-force", "port-scan"];
    const rows: Float32Array[] = [];
    const labels: number[] = [];
    let cols = 0;
    for (const [k, name] of train.entries()) {
      const s = manifest.scenarios[name];
      const recs = await flowRecordsFromCapture(join(fixtures, s.pcap));
      const X = flowMatrix(recs);
      cols = X.cols;
      recs.forEach((r, i) => {
        const isAttack = s.window !== null && (r["id.orig_h"] === attacker || r["id.resp_h"] === attacker);
        rows.push(X.data.slice(i * cols, (i + 1) * cols));
        labels.push(isAttack ? k : 0);
      });
    }
    const X = { rows: rows.length, cols, data: new Float32Array(rows.length * cols) };
    rows.forEach((r, i) => {
      X.data.set(r, i * cols);
    });
    const model = new RandomForestClassifier({ nEstimators: 15, maxDepth: 8, seed: 1 }).fit(
      X,
      Int32Array.from(labels),
    );
    const out = join(dir, "rescore.pcap");
    await mutateCapture(src, out, { attackerIp: attacker, timeStretch: 3, padBytes: 200 });
    const a = await rescoreCapture(model, src, attacker, 0);
    const b = await rescoreCapture(model, out, attacker, 0);
    expect(a.attackerFlows).toBeGreaterThan(0);
    expect(b.attackerFlows).toBe(a.attackerFlows);
    expect(a.detectionRate).toBeGreaterThan(0.5);
    expect(b.meanAttackerOrigBytes).toBeGreaterThan(a.meanAttackerOrigBytes ?? 0);
    expect(b.meanAttackerDurationS).toBeGreaterThan(a.meanAttackerDurationS ?? 0);
  });
});
