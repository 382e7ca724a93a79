/**
 * End to end: softflowd (a real NetFlow/IPFIX exporter) reads the committed flow fixture and exports
 * over loopback UDP to the collector; the collected per-direction packet and byte counts must equal
 * vigil's own flow table's on the same capture.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../test/helpers/shared.js";
import { flowRecordsFromCapture } from "../../features/flows/from-capture.js";
import { type FlowRecord, FlowRecordSchema } from "../../schemas/flow.js";
import { NetflowCollector } from "./collector.js";

const PCAP = join(PROJECT_ROOT, "test", "fixtures", "flows", "scenarios.pcap");

function hasSoftflowd(): boolean {
  try {
    execFileSync("softflowd", ["-h"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined; // -h exits non-zero but the binary ran
  }
}
const HAVE = hasSoftflowd();
if (!HAVE) process.stderr.write("SKIPPED (softflowd not installed): NetFlow/IPFIX end-to-end tests\n");

const work = mkdtempSync(join(tmpdir(), "vigil-nf-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runSoftflowd(port: number, version: string, extra: string[] = []): Promise<void> {
  const tag = `${version}-${port}`;
  const args = [
    "-r",
    PCAP,
    "-n",
    `127.0.0.1:${port}`,
    "-v",
    version,
    "-d",
    "-a",
    "-p",
    join(work, `${tag}.pid`),
    ...extra,
  ];
  return new Promise((resolve, reject) => {
    execFile("softflowd", args, { timeout: 20_000 }, (err) => (err ? reject(err) : resolve()));
  });
}

/** Sums collected unidirectional/biflow records onto each of our bidirectional flows. */
function perFlowTotals(ours: FlowRecord[], got: FlowRecord[]) {
  return ours.map((o) => {
    const t = { origPkts: 0, origBytes: 0, respPkts: 0, respBytes: 0, firstTs: Number.POSITIVE_INFINITY };
    for (const g of got) {
      if (g.proto !== o.proto) continue;
      const icmp = o.proto === "icmp";
      const fwd =
        g["id.orig_h"] === o["id.orig_h"] &&
        g["id.resp_h"] === o["id.resp_h"] &&
        (icmp || (g["id.orig_p"] === o["id.orig_p"] && g["id.resp_p"] === o["id.resp_p"]));
      const rev =
        g["id.orig_h"] === o["id.resp_h"] &&
        g["id.resp_h"] === o["id.orig_h"] &&
        (icmp || (g["id.orig_p"] === o["id.resp_p"] && g["id.resp_p"] === o["id.orig_p"]));
      if (fwd || rev) t.firstTs = Math.min(t.firstTs, g.ts);
      if (fwd) {
        t.origPkts += g.orig_pkts ?? 0;
        t.origBytes += g.orig_ip_bytes ?? 0;
        t.respPkts += g.resp_pkts ?? 0;
        t.respBytes += g.resp_ip_bytes ?? 0;
      } else if (rev) {
        t.respPkts += g.orig_pkts ?? 0;
        t.respBytes += g.orig_ip_bytes ?? 0;
        t.origPkts += g.resp_pkts ?? 0;
        t.origBytes += g.resp_ip_bytes ?? 0;
      }
    }
    return {
      name: `${o.proto} ${o["id.orig_h"]}:${o["id.orig_p"]} ${o["id.resp_h"]}:${o["id.resp_p"]}`,
      t,
      o,
    };
  });
}

describe.skipIf(!HAVE)("NetFlow/IPFIX collector fed by softflowd over loopback UDP", async () => {
  const ours = await flowRecordsFromCapture(PCAP);
  // v9 headers carry whole Unix seconds only, so v9 start times are good to one second
  const cases: { version: string; label: string; extra?: string[]; v4only: boolean; startTolS?: number }[] = [
    { version: "5", label: "NetFlow v5", v4only: true },
    { version: "9", label: "NetFlow v9", v4only: false, extra: ["-6"], startTolS: 1 },
    { version: "10", label: "IPFIX", v4only: false, extra: ["-6"] },
    { version: "10", label: "IPFIX biflows (-b)", v4only: false, extra: ["-6", "-b"] },
  ];
  for (const c of cases) {
    it(`${c.label}: per-direction packets and IP bytes equal vigil's flow table`, async () => {
      const got: FlowRecord[] = [];
      const col = new NetflowCollector((r) => got.push(r), { port: 0 });
      const { port } = await col.start();
      try {
        await runSoftflowd(port, c.version, c.extra);
        const want = ours.filter((o) => !c.v4only || !o["id.orig_h"].includes(":"));
        const totalPkts = want.reduce((n, o) => n + (o.orig_pkts ?? 0) + (o.resp_pkts ?? 0), 0);
        // wait (bounded) until the packet totals are in
        const deadline = Date.now() + 10_000;
        while (
          Date.now() < deadline &&
          got.reduce((n, g) => n + (g.orig_pkts ?? 0) + (g.resp_pkts ?? 0), 0) < totalPkts
        ) {
          await col.waitForRecords(col.records + 1, 200);
        }
        expect(col.warnings).toEqual([]);
        for (const g of got) expect(FlowRecordSchema.safeParse(g).success).toBe(true);
        for (const { name, t, o } of perFlowTotals(want, got)) {
          expect([t.origPkts, t.respPkts], name).toEqual([o.orig_pkts, o.resp_pkts]);
          expect([t.origBytes, t.respBytes], name).toEqual([o.orig_ip_bytes, o.resp_ip_bytes]);
          // softflowd -a keeps the capture's clock: the first record of the flow starts with it (ms precision)
          expect(Math.abs(t.firstTs - o.ts), `${name} start`).toBeLessThan(c.startTolS ?? 0.002);
        }
      } finally {
        await col.close();
      }
    });
  }
});
