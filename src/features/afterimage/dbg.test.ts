import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { KitNET } from "../../models/kitnet/kitnet.js";
import { AfterImage } from "./after-image.js";
import { readKitsuneTsv } from "./kitsune-tsv.js";
it("dump", () => {
  const keys = readKitsuneTsv("/work/shared/reference/kitsune/inputs/mirai_prefix.tsv");
  const ai = new AfterImage({ mode: "compat" });
  const net = new KitNET({ nFeatures: 100, maxAE: 10, fmGrace: 5000, adGrace: 20_000, mode: "compat" });
  const all = new Float64Array(keys.length * 100);
  const scores = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) { const x = all.subarray(i * 100, i * 100 + 100); ai.updateKeys(keys[i], x); scores[i] = net.process(x); }
  writeFileSync("/tmp/kdbg/feat.bin", Buffer.from(all.buffer));
  writeFileSync("/tmp/kdbg/ts_scores.bin", Buffer.from(scores.buffer));
});
