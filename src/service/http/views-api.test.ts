import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runComparison } from "../../evaluate/compare.js";
import { compareToJson } from "../../evaluate/compare-report.js";
import { resolveLearner } from "../../evaluate/learners.js";
import { makeBlobs } from "../../models/conformance.js";
import type { Daemon } from "../daemon.js";
import { comparisonView } from "./views-api.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-views-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** comparisonView reads only the daemon's config. */
const daemonWith = (comparison?: string) => ({ cfg: { http: { comparison } } }) as unknown as Daemon;

describe("comparisonView", () => {
  it("serves vigil compare's comparison.json, best macro-F1 first", async () => {
    const { X, y } = makeBlobs({ rows: 300, cols: 3, classes: 2, seed: 3, spread: 4 });
    const res = runComparison(
      { X, y, classes: ["benign", "attack"] },
      { learners: ["gaussian-nb", "decision-tree"].map((n) => ({ name: n, spec: resolveLearner(n) })) },
    );
    const file = join(dir, "comparison.json");
    writeFileSync(file, compareToJson(res));
    const v = (await comparisonView(daemonWith(file))) as {
      available: boolean;
      models: { name: string; macroF1: number; fitSeconds: number; sizeBytes: number }[];
    };
    expect(v.available).toBe(true);
    expect(v.models.map((m) => m.name).sort()).toEqual(["decision-tree", "gaussian-nb"]);
    expect(v.models[0].macroF1).toBeGreaterThanOrEqual(v.models[1].macroF1);
    expect(v.models[0].sizeBytes).toBeGreaterThan(0);
  });

  it("names the file and the field when the file is not a comparison", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ rows: 10, results: [{ name: 3 }] }));
    const v = (await comparisonView(daemonWith(file))) as { available: boolean; reason: string };
    expect(v.available).toBe(false);
    expect(v.reason).toContain(file);
    expect(v.reason).toMatch(/field \w+/);
    const missing = (await comparisonView(daemonWith(join(dir, "none.json")))) as { reason: string };
    expect(missing.reason).toMatch(/cannot read .*none\.json/);
    const unset = (await comparisonView(daemonWith())) as { reason: string };
    expect(unset.reason).toContain("http.comparison");
  });
});
