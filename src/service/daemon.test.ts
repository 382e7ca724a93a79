/**
 * The daemon in-process with flow sources: a Zeek conn.log written by vigil's own Zeek writer, and
 * NetFlow v9 exported by softflowd (a real exporter) over loopback UDP, both into the SQLite store.
 */
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../test/helpers/shared.js";
import { flowRecordsFromCapture, zeekHeader, zeekLine } from "../features/flows/index.js";
import { connectMqtt } from "./brokers/mqtt.js";
import { parseServiceConfig } from "./config/load.js";
import { Daemon } from "./daemon.js";
import { freePort, startMosquitto, which } from "./testing/brokers.test-util.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-daemon-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEMO = join(PROJECT_ROOT, "test/fixtures/testbed/demo.pcap");

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Daemon with flow sources", () => {
  it("stores every record of a Zeek conn.log and fills the device view", async () => {
    const recs = await flowRecordsFromCapture(DEMO);
    const log = join(dir, "conn.log");
    writeFileSync(log, zeekHeader() + recs.map((r) => `${zeekLine(r)}\n`).join(""));
    const cfg = parseServiceConfig(`state_dir: ${dir}/s1
sources:
  - type: zeek
    path: ${log}
    follow: false
sinks:
  - type: sqlite
    path: ${dir}/z.db
`);
    const d = new Daemon(cfg);
    await d.start();
    await d.whenSourcesDone();
    await waitFor(() => d.flowStage?.flows === recs.length && d.dispatcher.counters.flows === recs.length);
    await d.stop();
    await d.store?.open();
    expect(d.store?.flowCount()).toBe(recs.length);
    await d.store?.close();
    const devs = d.devices.list();
    expect(devs.length).toBeGreaterThan(5);
    const flowsSeen = devs.reduce((s, x) => s + x.flows, 0);
    expect(flowsSeen).toBe(2 * recs.length); // each flow counted at both ends
  });

  const hasSoftflowd = which("softflowd") !== null;
  if (!hasSoftflowd) process.stderr.write("SKIPPED (softflowd not installed): NetFlow source test\n");
  it.skipIf(!hasSoftflowd)(
    "collects NetFlow v9 from softflowd into the store",
    async () => {
      const port = await freePort();
      const cfg = parseServiceConfig(`state_dir: ${dir}/s2
sources:
  - type: netflow
    port: ${port}
sinks:
  - type: sqlite
    path: ${dir}/n.db
`);
      const d = new Daemon(cfg);
      await d.start();
      await new Promise((r) => setTimeout(r, 200));
      await new Promise<void>((resolve, reject) =>
        execFile(
          "softflowd",
          ["-r", DEMO, "-n", `127.0.0.1:${port}`, "-v", "9", "-d"],
          { timeout: 20_000 },
          (e) =>
            e && (e as { code?: unknown }).code !== 0 && (e as { killed?: boolean }).killed
              ? reject(e)
              : resolve(),
        ),
      );
      await waitFor(() => (d.flowStage?.flows ?? 0) > 100);
      const src = d.flowSources[0].counters();
      expect(src.malformed).toBe(0);
      await d.stop();
      expect(d.dispatcher.counters.flows).toBe(src.records);
    },
    30_000,
  );

  const hasMosquitto = which("mosquitto") !== null;
  if (!hasMosquitto) process.stderr.write("SKIPPED (mosquitto not installed): MQTT flow source test\n");
  it.skipIf(!hasMosquitto)(
    "takes flow records from an MQTT topic, counting messages that fail the schema",
    async () => {
      const broker = await startMosquitto();
      try {
        const recs = (await flowRecordsFromCapture(DEMO)).slice(0, 200);
        const cfg = parseServiceConfig(`state_dir: ${dir}/s3
sources:
  - type: mqtt
    url: ${broker.url}
    topic: flows/in
`);
        const d = new Daemon(cfg);
        await d.start();
        const pub = await connectMqtt(broker.url, "flow-pub");
        await new Promise((r) => setTimeout(r, 300)); // the source subscribes
        for (const r of recs) await pub.publishAsync("flows/in", JSON.stringify(r), { qos: 1 });
        await pub.publishAsync("flows/in", '{"uid": 5}', { qos: 1 });
        await pub.publishAsync("flows/in", "not json", { qos: 1 });
        await waitFor(
          () => d.dispatcher.counters.flows === recs.length && d.flowSources[0].counters().malformed === 2,
        );
        await pub.endAsync();
        await d.stop();
        expect(d.flowSources[0].counters()).toMatchObject({ records: 200, malformed: 2 });
        expect(d.dispatcher.recentFlows.map((f) => f.flow.uid)).toEqual(recs.map((r) => r.uid));
      } finally {
        await broker.stop();
      }
    },
    30_000,
  );

  const canCapture = which("tcpdump") !== null && process.getuid?.() === 0;
  if (!canCapture) process.stderr.write("SKIPPED (needs root and tcpdump): live interface source test\n");
  it.skipIf(!canCapture)(
    "captures live from the loopback interface into the packet and flow stages",
    async () => {
      const port = await freePort();
      const cfg = parseServiceConfig(`state_dir: ${dir}/s4
sources:
  - type: live
    interface: lo
    bpf: udp port ${port}
`);
      const d = new Daemon(cfg);
      await d.start();
      const sock = createSocket("udp4");
      const payload = Buffer.alloc(64, 7);
      // tcpdump needs a moment to attach; keep sending until packets arrive.
      const end = Date.now() + 15_000;
      let sent = 0;
      while ((d.packetStage?.packets ?? 0) < 300 && Date.now() < end) {
        for (let i = 0; i < 50; i++, sent++) sock.send(payload, port, "127.0.0.1");
        await new Promise((r) => setTimeout(r, 50));
      }
      sock.close();
      await d.stop();
      expect(d.packetStage?.packets ?? 0).toBeGreaterThanOrEqual(300);
      expect(d.packetStage?.packets ?? 0).toBeLessThanOrEqual(sent);
      expect(d.packetStage?.ring.framesDropped).toBe(0);
      expect(d.dispatcher.counters.flows).toBeGreaterThan(0); // the flow table's records at the end
    },
    30_000,
  );
});
