/**
 * Real captures from ../shared (Kitsune's Mirai excerpt, MQTTset pcap and pcapng files cut at ~1 MB):
 * vigil's per-packet fields equal tshark's. Skips visibly without ../shared or tshark.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeWithShared, sharedPath } from "../../test/helpers/shared.js";
import { diffRows, hasTool, tsharkRows, vigilRows } from "./tshark.test-util.js";

const MIRAI = "reference/kitsune/inputs/mirai2000.pcap";
const MQTT_DIR = "datasets/mqttset-reduced";
const haveTshark = hasTool("tshark");
if (!haveTshark) process.stderr.write("SKIPPED (tshark not installed): shared captures vs tshark\n");

describeWithShared("shared captures decode like tshark", [MIRAI, MQTT_DIR], () => {
  it.skipIf(!haveTshark)("mirai2000.pcap: 2000 packets, same fields as tshark", async () => {
    const file = sharedPath(MIRAI);
    const theirs = tsharkRows(file);
    const { rows, skipped } = await vigilRows(file);
    expect([rows.length, skipped]).toEqual([2000, 0]);
    expect(diffRows(rows, theirs)).toEqual([]);
  });

  const files = (() => {
    try {
      return readdirSync(sharedPath(MQTT_DIR)).filter((f) => /\.pcap(ng)?$/.test(f));
    } catch {
      return [];
    }
  })();
  describe.skipIf(!haveTshark)("mqttset-reduced", () => {
    it("has both pcap and pcapng files", () => {
      expect(files.some((f) => f.endsWith(".pcapng"))).toBe(true);
      expect(files.some((f) => f.endsWith(".pcap"))).toBe(true);
    });
    for (const f of files) {
      it(`${f}: same packet count and fields as tshark (a cut final record is skipped and counted)`, async () => {
        const file = sharedPath(MQTT_DIR, f);
        const theirs = tsharkRows(file);
        const { rows, skipped } = await vigilRows(file);
        expect(skipped).toBeLessThanOrEqual(1);
        expect(rows.length).toBe(theirs.length);
        expect(diffRows(rows, theirs)).toEqual([]);
      });
    }
  });
});
