/**
 * The whole Kitsune pipeline in compatibility mode against the reference run
 * (mirai_prefix_fm5k_ad20k_rmse.csv: maxAE=10, FMgrace=5000, ADgrace=20000 over the 38,363-packet
 * TSV): the phase of every packet, 0.0 through both grace periods, every one of the 13,362 scores
 * within 1e-6 relative, and the feature map of the summary JSON.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { describeWithShared, sharedPath } from "../../../../test/helpers/shared.js";
import { KitNET } from "../../../models/kitnet/kitnet.js";
import { AfterImage } from "../after-image.js";
import { readKitsuneTsv } from "../kitsune-tsv.js";

const TSV = "reference/kitsune/inputs/mirai_prefix.tsv";
const RMSE = "reference/kitsune/mirai_prefix_fm5k_ad20k_rmse.csv";
const SUMMARY = "reference/kitsune/mirai_prefix_fm5k_ad20k_summary.json";

describeWithShared(
  "Kitsune compat pipeline (AfterImage + KitNET) vs the reference scores",
  [TSV, RMSE, SUMMARY],
  () => {
    it("scores all 38,363 packets like the reference", () => {
      const lines = readFileSync(sharedPath(RMSE), "utf8").trimEnd().split("\n").slice(1);
      const keys = readKitsuneTsv(sharedPath(TSV));
      expect(keys.length).toBe(lines.length);
      const ai = new AfterImage({ mode: "compat" });
      const net = new KitNET({ nFeatures: 100, maxAE: 10, fmGrace: 5000, adGrace: 20_000, mode: "compat" });
      const x = new Float64Array(100);
      let worst = 0;
      let worstAt = "";
      let scored = 0;
      for (let i = 0; i < keys.length; i++) {
        const [idx, phase, rmseText] = lines[i].split(",");
        expect(Number(idx)).toBe(i);
        expect(net.phase).toBe(phase);
        ai.updateKeys(keys[i], x);
        const score = net.process(x);
        const ref = Number(rmseText);
        if (phase !== "EXEC") {
          expect(score).toBe(0);
          continue;
        }
        scored++;
        const err = Math.abs(score - ref) / Math.abs(ref);
        if (!(err <= worst)) {
          worst = err;
          worstAt = `packet ${i}: ours ${score} reference ${ref}`;
        }
      }
      console.log(`KitNET compat: ${scored} scored packets, worst relative error ${worst} (${worstAt})`);
      expect(scored).toBe(13_362);
      expect(worst).toBeLessThanOrEqual(1e-6);
      const summary = JSON.parse(readFileSync(sharedPath(SUMMARY), "utf8"));
      expect(net.featureMap).toEqual(summary.feature_map);
    });
  },
);
