/**
 * Compatibility mode against Kitsune's own output (features_first10000.csv, printed with %.17g so
 * float64 round-trips). The comparison allows 1e-9 relative error with an absolute floor of 1e-300
 * (i.e. none: the port is bit-exact, and the worst error found is printed).
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { describeWithShared, sharedPath } from "../../../../test/helpers/shared.js";
import { openCapture } from "../../../capture/open.js";
import { decodeFrame } from "../../../decode/decode.js";
import { Packet } from "../../../decode/packet.js";
import { AfterImage } from "../after-image.js";
import { readKitsuneTsv } from "../kitsune-tsv.js";
import { afterImageFeatureNames } from "../names.js";

const REF = "reference/kitsune/features_first10000.csv";
const TSV = "reference/kitsune/inputs/mirai_prefix.tsv";
const PCAP = "reference/kitsune/inputs/mirai2000.pcap";
const REL_TOL = 1e-9;
const ABS_FLOOR = 1e-300;

function loadReference(rows: number): { names: string[]; values: Float64Array } {
  const lines = readFileSync(sharedPath(REF), "utf8").trimEnd().split("\n");
  const values = new Float64Array(rows * 100);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(",");
    for (let c = 0; c < 100; c++) values[r * 100 + c] = Number(cells[c]);
  }
  return { names: lines[0].split(","), values };
}

/** Worst relative error (with the floor) and where it is. */
function compare(ours: Float64Array, ref: Float64Array, names: string[]): { worst: number; at: string } {
  let worst = 0;
  let at = "";
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(ours[i] - ref[i]) / Math.max(Math.abs(ref[i]), ABS_FLOOR);
    if (!(err <= worst)) {
      worst = err;
      at = `packet ${Math.floor(i / 100)} ${names[i % 100]}: ours ${ours[i]} reference ${ref[i]}`;
    }
  }
  return { worst, at };
}

describeWithShared("AfterImage compat vs Kitsune features_first10000.csv", [REF, TSV, PCAP], () => {
  it("reproduces all 10,000 x 100 values from the Kitsune TSV", () => {
    const { names, values } = loadReference(10_000);
    expect(names).toEqual(afterImageFeatureNames(100));
    const keys = readKitsuneTsv(sharedPath(TSV), 10_000);
    const ai = new AfterImage({ mode: "compat" });
    expect(ai.featureNames()).toEqual(names);
    const ours = new Float64Array(10_000 * 100);
    for (let r = 0; r < 10_000; r++) ai.updateKeys(keys[r], ours.subarray(r * 100, r * 100 + 100));
    const { worst, at } = compare(ours, values, names);
    console.log(`TSV: worst relative error ${worst} ${at}`);
    expect(worst).toBeLessThanOrEqual(REL_TOL);
  });

  it("reproduces the first 2,000 rows from mirai2000.pcap (openCapture + decodeFrame)", async () => {
    const { names, values } = loadReference(2_000);
    const ai = new AfterImage({ mode: "compat" });
    const ours = new Float64Array(2_000 * 100);
    const p = new Packet();
    let n = 0;
    await openCapture(sharedPath(PCAP)).run((frame) => {
      if (n >= 2_000) return;
      decodeFrame(frame, p);
      ai.update(p, ours.subarray(n * 100, n * 100 + 100));
      n++;
    });
    expect(n).toBe(2_000);
    const { worst, at } = compare(ours, values.subarray(0, 2_000 * 100), names);
    console.log(`pcap: worst relative error ${worst} ${at}`);
    expect(worst).toBeLessThanOrEqual(REL_TOL);
  });
});
