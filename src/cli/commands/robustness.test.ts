/**
 * `vigil train --augment` then `vigil robustness` in-process on the CICIoT2023 sample (small sample, few
 * trees, few attacked rows: a wiring test; the figures come from npm run bench:robust).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, expect, it } from "vitest";
import { describeWithShared, SHARED_DIR } from "../../../test/helpers/shared.js";
import { register as robustness } from "./robustness.js";
import { register as train } from "./train.js";

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  train(program);
  robustness(program);
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "vigil", ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "vigil-robust-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithShared("vigil train --augment / vigil robustness", ["datasets/ciciot2023-sample"], () => {
  const modelPath = join(dir, "rf.json");
  it("augments the training rows only and reports cross-validation with in-fold augmentation", async () => {
    const t = JSON.parse(
      await run([
        "train",
        "--dataset",
        "ciciot2023-sample",
        "--shared-dir",
        SHARED_DIR,
        "--model",
        "random-forest",
        "--params",
        '{"nEstimators":8}',
        "--sample",
        "1500",
        "--augment",
        "random-over",
        "--folds",
        "2",
        "-o",
        modelPath,
      ]),
    );
    expect(t.augment.sampler).toBe("random-over");
    expect(t.augment.fittedRows).toBe(t.trainRows + t.augment.syntheticRows);
    expect(t.augment.syntheticRows).toBeGreaterThan(0);
    expect(t.crossValidation.augmentPerFold).toHaveLength(2);
    expect(t.crossValidation.summary.macroF1.mean).toBeGreaterThan(0.3);
    await expect(
      run([
        "train",
        "--dataset",
        "ciciot2023-sample",
        "--model",
        "random-forest",
        "--augment",
        "nope",
        "-o",
        modelPath,
      ]),
    ).rejects.toThrow(/unknown sampler/);
  }, 60_000);

  it("writes attack success rates per budget and class, before and after adversarial training", async () => {
    const md = join(dir, "r.md");
    const r = JSON.parse(
      await run([
        "robustness",
        modelPath,
        "ciciot2023-sample",
        "--shared-dir",
        SHARED_DIR,
        "--budgets",
        "0.1,1",
        "--rows-per-class",
        "3",
        "--adv-train-rows",
        "10",
        "--queries",
        "20",
        "--markdown",
        md,
      ]),
    );
    const a = r.before.attacks[0];
    expect(a.attack).toBe("decision-boundary");
    expect(a.budgets.map((b: { eps: number }) => b.eps)).toEqual([0.1, 1]);
    for (const b of a.budgets) {
      expect(b.infeasibleRows).toBe(0);
      expect(b.meanQueries).toBeLessThanOrEqual(20);
    }
    expect(r.adversarialTraining.after.attacks[0].budgets).toHaveLength(2);
    expect(r.threatModel.map((f: { name: string }) => f.name)).toContain("IAT");
    expect(readFileSync(md, "utf8")).toContain("before / after");
    await expect(
      run(["robustness", modelPath, "ton-iot-network", "--shared-dir", SHARED_DIR]),
    ).rejects.toThrow(/own dataset/);
  }, 60_000);
});
