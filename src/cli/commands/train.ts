/** `vigil train`: fits a learner (preset or registry kind) on a dataset's training split; writes the model file. */
import type { Command } from "commander";
import { loadDataset } from "../../datasets/index.js";
import { VigilError } from "../../errors.js";
import { padProba } from "../../evaluate/crossval.js";
import { holdoutRows } from "../../evaluate/holdout.js";
import { PRESET_NAMES, resolveLearner } from "../../evaluate/learners.js";
import { writeModelFile } from "../../evaluate/model-file.js";
import { classificationReport, findBenignClass } from "../../evaluate/report.js";
import { timeFit } from "../../evaluate/timing.js";
import type { Classifier } from "../../models/base.js";
import { createModel } from "../../models/registry.js";
import { takeRows } from "../../table/matrix.js";
import { fraction, jsonObject, labelLevelOption, positiveInt } from "./model-options.js";

export function register(program: Command): void {
  program
    .command("train")
    .description(
      `train a classifier on a dataset (models: ${PRESET_NAMES.join(", ")}, or any registered kind)`,
    )
    .requiredOption("--dataset <id>", "dataset id (see `vigil dataset list`)")
    .requiredOption("--model <name>", "preset name or registered model kind")
    .requiredOption("-o, --out <model.json>", "where to write the model file")
    .option(
      "--params <json>",
      "learner params as a JSON object (merged over the preset's)",
      jsonObject("params"),
    )
    .option("--label-level <level>", "fine | taxonomy | binary", labelLevelOption, "fine")
    .option(
      "--test-fraction <f>",
      "stratified share held out for `vigil evaluate` (0: train on all rows)",
      fraction("test-fraction"),
      0.25,
    )
    .option("--sample <n>", "stratified subsample of n rows before splitting", positiveInt("sample"))
    .option("--seed <n>", "split seed", (v) => positiveInt("seed", true)(v), 0)
    .option("--shared-dir <dir>", "folder holding datasets/")
    .action(
      async (o: {
        dataset: string;
        model: string;
        out: string;
        params?: Record<string, unknown>;
        labelLevel: "fine" | "taxonomy" | "binary";
        testFraction: number;
        sample?: number;
        seed: number;
        sharedDir?: string;
      }) => {
        const spec = resolveLearner(o.model, o.params ?? {});
        const ds = await loadDataset(o.dataset, { labelLevel: o.labelLevel, sharedDir: o.sharedDir });
        const { train, test } = holdoutRows(ds.y, {
          sample: o.sample,
          seed: o.seed,
          testFraction: o.testFraction,
        });
        if (train.length === 0)
          throw new VigilError("E_CONFIG", "no training rows left", { field: "sample" });
        const model = createModel<Classifier>(spec.kind, spec.params ?? {});
        const ytr = Int32Array.from(train, (i) => ds.y[i]);
        const fitSeconds = timeFit(model, takeRows(ds.X, train), ytr);
        const bytes = await writeModelFile(o.out, model, {
          dataset: o.dataset,
          labelLevel: o.labelLevel,
          classes: ds.classes,
          featureNames: ds.featureNames,
          testFraction: o.testFraction,
          seed: o.seed,
          sample: o.sample,
          trainRows: train.length,
          fitSeconds,
          model: o.model,
        });
        const summary: Record<string, unknown> = {
          model: o.model,
          spec,
          dataset: o.dataset,
          trainRows: train.length,
          heldOutRows: test.length,
          fitSeconds,
          artifactBytes: bytes,
          out: o.out,
        };
        if (test.length > 0) {
          // training-split quality, for a first look; `vigil evaluate` reports on the held-out rows
          const Xtr = takeRows(ds.X, train);
          summary.trainMacroF1 = classificationReport(
            ytr,
            model.predict(Xtr),
            padProba(model.predictProba(Xtr), ds.classes.length),
            {
              classes: ds.classes,
              benignClass: findBenignClass(ds.classes),
            },
          ).macroF1;
        }
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      },
    );
}
