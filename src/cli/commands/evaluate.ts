/**
 * `vigil evaluate`: scores a model file on a dataset and prints the metrics JSON (macro-F1, per-class
 * recall, FPR, detection at a fixed FPR, ROC/PR-AUC, confusion matrix). On the dataset the model was
 * trained on it uses exactly the held-out rows of the training split; elsewhere (or with --all) every row.
 * `--zero-day`: the leave-one-attack-family-out protocol (src/evaluate/zero-day.ts) on --dataset instead:
 * prints its Markdown table (or JSON with --json); -o writes the JSON.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadDataset } from "../../datasets/index.js";
import { VigilError } from "../../errors.js";
import { padProba } from "../../evaluate/crossval.js";
import { holdoutRows } from "../../evaluate/holdout.js";
import "../../evaluate/learners.js";
import { checkFeatureNames, classMapping, readModelFile } from "../../evaluate/model-file.js";
import { classificationReport, findBenignClass } from "../../evaluate/report.js";
import { runZeroDayOnDataset } from "../../evaluate/zero-day-run.js";
import { takeRows } from "../../table/matrix.js";
import { fraction, jsonObject, labelLevelOption, positiveInt } from "./model-options.js";

const list = (v: string): string[] =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

interface ZeroDayCliOptions {
  dataset: string;
  targetFpr: number;
  out?: string;
  sharedDir?: string;
  detectors?: string[];
  supervised?: string;
  supervisedParams?: Record<string, unknown>;
  supervisedMaxRows?: number;
  families?: string[];
  sample?: number;
  seed: number;
  json?: boolean;
}

async function zeroDay(o: ZeroDayCliOptions): Promise<void> {
  if (!(o.targetFpr > 0)) {
    throw new VigilError("E_CONFIG", "--target-fpr must be > 0 for --zero-day", { field: "target-fpr" });
  }
  const run = await runZeroDayOnDataset({
    dataset: o.dataset,
    sharedDir: o.sharedDir,
    detectors: o.detectors,
    supervised: o.supervised,
    supervisedParams: o.supervisedParams,
    supervisedMaxRows: o.supervisedMaxRows,
    families: o.families,
    sample: o.sample,
    seed: o.seed,
    targetFpr: o.targetFpr,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const json = `${JSON.stringify({ dataset: run.dataset, ...run.result }, null, 2)}\n`;
  if (o.out !== undefined) await writeFile(o.out, json);
  process.stdout.write(o.json ? json : run.markdown);
}

export function register(program: Command): void {
  program
    .command("evaluate")
    .description("evaluate a trained model file on a dataset: metrics JSON with the confusion matrix")
    .option("--model <model.json>", "model file written by `vigil train` (not with --zero-day)")
    .requiredOption("--dataset <id>", "dataset id")
    .option(
      "--zero-day",
      "leave-one-attack-family-out protocol: anomaly detectors and the supervised model's unknown rate",
    )
    .option("--detectors <list>", "zero-day: detector names, comma-separated (default: all available)", list)
    .option("--supervised <name>", 'zero-day: supervised preset or kind, or "none"', "random-forest")
    .option(
      "--supervised-params <json>",
      "zero-day: params of the supervised learner",
      jsonObject("supervised-params"),
    )
    .option(
      "--supervised-max-rows <n>",
      "zero-day: fit the supervised model on at most n rows",
      positiveInt("supervised-max-rows"),
    )
    .option("--families <list>", "zero-day: attack families to hold out (default: every attack class)", list)
    .option("--sample <n>", "zero-day: stratified sample of n rows first", positiveInt("sample"))
    .option("--seed <n>", "zero-day: split and model seed", positiveInt("seed", true), 0)
    .option("--json", "zero-day: print the JSON instead of the Markdown table")
    .option("--label-level <level>", "fine | taxonomy | binary (default: the model's)", labelLevelOption)
    .option("--all", "score every row, even on the training dataset (includes training rows)")
    .option("--target-fpr <f>", "benign FPR of the fixed operating point", fraction("target-fpr"), 0.01)
    .option("-o, --out <file.json>", "also write the metrics JSON here")
    .option("--shared-dir <dir>", "folder holding datasets/")
    .action(
      async (o: {
        model?: string;
        zeroDay?: boolean;
        detectors?: string[];
        supervised?: string;
        supervisedParams?: Record<string, unknown>;
        supervisedMaxRows?: number;
        families?: string[];
        sample?: number;
        seed: number;
        json?: boolean;
        dataset: string;
        labelLevel?: "fine" | "taxonomy" | "binary";
        all?: boolean;
        targetFpr: number;
        out?: string;
        sharedDir?: string;
      }) => {
        if (o.zeroDay) {
          await zeroDay(o);
          return;
        }
        if (o.model === undefined) {
          throw new VigilError("E_CONFIG", "--model is required (or use --zero-day)", { field: "model" });
        }
        const { model, training } = await readModelFile(o.model);
        const level = o.labelLevel ?? (training.labelLevel as "fine" | "taxonomy" | "binary");
        const ds = await loadDataset(o.dataset, { labelLevel: level, sharedDir: o.sharedDir });
        checkFeatureNames(ds.featureNames, training.featureNames);
        const map = classMapping(ds.classes, training.classes);
        const sameData = o.dataset === training.dataset && level === training.labelLevel;
        let rows: Int32Array;
        let protocol: string;
        if (sameData && !o.all && training.testFraction > 0) {
          rows = holdoutRows(ds.y, training).test;
          protocol = `held-out ${training.testFraction} of the training dataset (seed ${training.seed}${training.sample ? `, sample ${training.sample}` : ""})`;
        } else {
          rows = Int32Array.from(ds.y.keys());
          protocol = sameData ? "every row of the training dataset (includes training rows)" : "every row";
        }
        if (rows.length === 0) throw new VigilError("E_CONFIG", "no rows to evaluate", { field: "dataset" });
        const X = takeRows(ds.X, rows);
        const y = Int32Array.from(rows, (i) => map[ds.y[i]]);
        const proba = padProba(model.predictProba(X), training.classes.length);
        const report = classificationReport(y, model.predict(X), proba, {
          classes: training.classes,
          benignClass: findBenignClass(training.classes),
          targetFpr: o.targetFpr,
        });
        const text = `${JSON.stringify({ model: o.model, kind: model.kind, dataset: o.dataset, protocol, ...report }, null, 2)}\n`;
        if (o.out !== undefined) await writeFile(o.out, text);
        process.stdout.write(text);
      },
    );
}
