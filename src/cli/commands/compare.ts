/**
 * `vigil compare`: trains several learners on one stratified split of a dataset (optionally also
 * k-fold CV, optionally on a stratified subsample) and writes the comparison as Markdown, JSON and a
 * self-contained HTML page into the output folder.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { loadDataset } from "../../datasets/index.js";
import { VigilError } from "../../errors.js";
import { runComparison } from "../../evaluate/compare.js";
import { compareToHtml, compareToJson, compareToMarkdown } from "../../evaluate/compare-report.js";
import { PRESET_NAMES, resolveLearner } from "../../evaluate/learners.js";
import { fraction, labelLevelOption, positiveInt } from "./model-options.js";

export function register(program: Command): void {
  program
    .command("compare")
    .description("compare learners on a dataset; writes comparison.md, comparison.json, comparison.html")
    .requiredOption("--dataset <id>", "dataset id")
    .option(
      "--models <list>",
      `comma-separated presets or kinds (default: all presets: ${PRESET_NAMES.join(",")})`,
    )
    .option("--folds <k>", "also run stratified k-fold cross-validation (k >= 2)", positiveInt("folds"))
    .option("--sample <n>", "stratified subsample of n rows first (for slow machines)", positiveInt("sample"))
    .option("--test-fraction <f>", "stratified test share", fraction("test-fraction"), 0.25)
    .option("--target-fpr <f>", "benign FPR of the fixed operating point", fraction("target-fpr"), 0.01)
    .option("--label-level <level>", "fine | taxonomy | binary", labelLevelOption, "fine")
    .option("--seed <n>", "split and sample seed", positiveInt("seed", true), 0)
    .option("--shared-dir <dir>", "folder holding datasets/")
    .requiredOption("-o, --out <dir>", "output folder")
    .action(
      async (o: {
        dataset: string;
        models?: string;
        folds?: number;
        sample?: number;
        testFraction: number;
        targetFpr: number;
        labelLevel: "fine" | "taxonomy" | "binary";
        seed: number;
        sharedDir?: string;
        out: string;
      }) => {
        if (o.folds !== undefined && o.folds < 2)
          throw new VigilError("E_CONFIG", "--folds must be >= 2", { field: "folds" });
        if (o.testFraction === 0)
          throw new VigilError("E_CONFIG", "--test-fraction must be > 0", { field: "test-fraction" });
        const names = (o.models ?? PRESET_NAMES.join(","))
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
        const learners = names.map((name) => ({ name, spec: resolveLearner(name) }));
        const ds = await loadDataset(o.dataset, { labelLevel: o.labelLevel, sharedDir: o.sharedDir });
        const res = runComparison(
          { X: ds.X, y: ds.y, classes: ds.classes, featureNames: ds.featureNames },
          {
            learners,
            folds: o.folds,
            sample: o.sample,
            testFraction: o.testFraction,
            seed: o.seed,
            targetFpr: o.targetFpr,
            onLearner: (r) =>
              process.stderr.write(
                `${r.name}: ${r.error ? `FAILED ${r.error}` : `macro-F1 ${r.report.macroF1.toFixed(3)}, fit ${r.timing.fitSeconds.toFixed(1)} s`}\n`,
              ),
          },
        );
        await mkdir(o.out, { recursive: true });
        const title = `vigil compare: ${ds.title} (${o.dataset}, ${o.labelLevel} labels)`;
        await writeFile(join(o.out, "comparison.md"), compareToMarkdown(res, title));
        await writeFile(join(o.out, "comparison.json"), compareToJson(res));
        await writeFile(join(o.out, "comparison.html"), compareToHtml(res, title));
        process.stdout.write(compareToMarkdown(res, title));
      },
    );
}
