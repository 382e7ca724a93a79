/**
 * Device identification on real captures (CSET 2021 Labeled IoT Dataset in ../shared), kept small:
 * three hubs/locks, 300 s windows, a 20-tree forest. The full evaluation is `npm run eval:devices`.
 */
import { expect, it } from "vitest";
import { describeWithShared, sharedPath } from "../../test/helpers/shared.js";
import { CSET2021_DIR, cset2021Series } from "./cset2021.js";
import { evaluateIdentification, leaveOut, timeSplit } from "./evaluate.js";

const DEVICES = ["schlage-lock-01", "sifely-hub-01", "ultraloq-hub-01"];

describeWithShared(
  "device identification on CSET 2021 captures",
  DEVICES.map((d) => `datasets/${CSET2021_DIR}/${d}.pcap`),
  () => {
    it("names devices on later, time-disjoint windows and calls a withheld one unknown", async () => {
      const series = await cset2021Series(
        sharedPath("datasets"),
        { windowS: 300, minPackets: 3 },
        "device",
        DEVICES,
      );
      for (const s of series) expect(s.windows.length).toBeGreaterThan(500);
      const split = timeSplit(series, 0.7);
      const maxTrain = Math.max(...split.train.map((w) => w.startS));
      for (const s of series) {
        const test = split.test.filter((w) => w.label === s.label);
        const train = split.train.filter((w) => w.label === s.label);
        expect(Math.min(...test.map((w) => w.startS))).toBeGreaterThanOrEqual(
          Math.max(...train.map((w) => w.startS)) + 300,
        );
      }
      expect(maxTrain).toBeGreaterThan(0);
      const params = { nEstimators: 20, alpha: 0.05 };
      const r = evaluateIdentification(split, params);
      expect(r.closedSet.accuracy).toBeGreaterThan(0.95);
      expect(r.openSet.macroF1).toBeGreaterThan(0.9);
      expect(r.openSet.falseUnknownRate).toBeLessThan(0.12);
      const [lodo] = leaveOut(split, [["ultraloq-hub-01"]], params);
      expect(lodo.testWindows).toBeGreaterThan(100);
      expect(lodo.detectionRate).toBeGreaterThan(0.8);
      expect(lodo.falseUnknownRate).toBeLessThan(0.12);
    });
  },
);
