/**
 * `vigil train`: fits a learner (preset or registry kind) on a dataset's training split; writes the model
 * file. `--augment <sampler>` re-samples the TRAINING rows only (SMOTE, ADASYN, ..., src/augment) before
 * the fit; the held-out rows `vigil evaluate` scores are never re-sampled. `--folds k` also reports
 * stratified k-fold cross-validation on the training rows, re-sampling inside each training fold.
 */
import type { Command } from "commander";
import { type FoldAugmentLog, inTrainingFolds } from "../../augment/in-folds.js";
import { parseSamplerOption, SAMPLER_NAMES } from "../../augment/index.js";
import { loadDataset } from "../../datasets/index.js";
import { VigilError } from "../../errors.js";
import { crossValidate, padProba } from "../../evaluate/crossval.js";
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
    .option(
      "--augment <sampler>",
      `re-sample the training rows only: ${SAMPLER_NAMES.join(", ")} (params: name:{json})`,
    )
    .option(
      "--folds <k>",
      "also cross-validate on the training rows (augmentation inside each training fold)",
      positiveInt("folds"),
    )
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
        augment?: string;
        folds?: number;
        sharedDir?: string;
      }) => {
        const spec = resolveLearner(o.model, o.params ?? {});
        const sampler = o.augment !== undefined ? parseSamplerOption(o.augment) : undefined;
        if (o.folds !== undefined && o.folds < 2)
          throw new VigilError("E_CONFIG", "--folds must be >= 2", { field: "folds" });
        const ds = await loadDataset(o.dataset, { labelLevel: o.labelLevel, sharedDir: o.sharedDir });
        const { train, test } = holdoutRows(ds.y, {
          sample: o.sample,
          seed: o.seed,
          testFraction: o.testFraction,
        });
        if (train.length === 0)
          throw new VigilError("E_CONFIG", "no training rows left", { field: "sample" });
        const model = createModel<Classifier>(spec.kind, spec.params ?? {});
        const Xtrain = takeRows(ds.X, train);
        const ytrain = Int32Array.from(train, (i) => ds.y[i]);
        let Xfit = Xtrain;
        let yfit: Int32Array = ytrain;
        let syntheticRows = 0;
        if (sampler !== undefined) {
          const out = sampler.resample(Xtrain, ytrain, o.seed);
          Xfit = out.X;
          yfit = out.y;
          for (const f of out.synthetic) syntheticRows += f;
        }
        const fitSeconds = timeFit(model, Xfit, yfit);
        const bytes = await writeModelFile(o.out, model, {
          dataset: o.dataset,
          labelLevel: o.labelLevel,
          classes: ds.classes,
          featureNames: ds.featureNames,
          testFraction: o.testFraction,
          seed: o.seed,
          sample: o.sample,
          trainRows: Xfit.rows,
          fitSeconds,
          model: o.model,
        });
        const summary: Record<string, unknown> = {
          model: o.model,
          spec,
          dataset: o.dataset,
          trainRows: train.length,
          heldOutRows: test.length,
          augment:
            sampler === undefined
              ? null
              : { sampler: o.augment, fittedRows: Xfit.rows, syntheticRows, appliedTo: "training rows only" },
          fitSeconds,
          artifactBytes: bytes,
          out: o.out,
        };
        if (o.folds !== undefined) {
          const log: FoldAugmentLog[] = [];
          const cv = crossValidate(spec, Xtrain, ytrain, {
            folds: o.folds,
            seed: o.seed,
            classes: ds.classes,
            benignClass: findBenignClass(ds.classes),
            resampleTraining: sampler !== undefined ? inTrainingFolds(sampler, o.seed, log) : undefined,
          });
          summary.crossValidation = {
            folds: o.folds,
            protocol: "stratified k-fold on the training rows; re-sampling inside each training fold only",
            summary: cv.summary,
            augmentPerFold: sampler !== undefined ? log : null,
          };
        }
        if (test.length > 0) {
          // training-split quality (original training rows), for a first look; `vigil evaluate` reports on the held-out rows
          summary.trainMacroF1 = classificationReport(
            ytrain,
            model.predict(Xtrain),
            padProba(model.predictProba(Xtrain), ds.classes.length),
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
