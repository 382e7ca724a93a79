/**
 * KitNET against the Kitsune reference outputs in ../shared/reference/kitsune: the feature map learned
 * from the reference's own first 5,001 feature vectors must equal the published map. (The full score
 * parity, which needs AfterImage features of all 38,363 packets, lives in the afterimage parity tests.)
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { describeWithShared, sharedPath } from "../../../test/helpers/shared.js";
import { KitNET } from "./kitnet.js";

const FEATURES = "reference/kitsune/features_first10000.csv";
const SUMMARY = "reference/kitsune/mirai_prefix_fm5k_ad20k_summary.json";

function readFeatureRows(limit: number): Float64Array[] {
  const lines = readFileSync(sharedPath(FEATURES), "utf8").split("\n");
  const rows: Float64Array[] = [];
  for (let i = 1; i < lines.length && rows.length < limit; i++) {
    if (lines[i] === "") continue;
    rows.push(Float64Array.from(lines[i].split(",").map(Number)));
  }
  return rows;
}

describeWithShared("KitNET feature mapper vs the Kitsune reference", [FEATURES, SUMMARY], () => {
  it("learns the reference's 16-autoencoder map from the first 5,001 vectors (maxAE=10, FMgrace=5000)", () => {
    const rows = readFeatureRows(5001);
    const k = new KitNET({ nFeatures: 100, maxAE: 10, fmGrace: 5000, adGrace: 20_000, mode: "compat" });
    for (const r of rows) k.process(r);
    expect(k.phase).toBe("AD");
    const summary = JSON.parse(readFileSync(sharedPath(SUMMARY), "utf8"));
    expect(k.featureMap).toEqual(summary.feature_map);
  });
});
