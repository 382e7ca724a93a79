/**
 * `vigil robustness <model.json> <dataset>`: attacks a model file written by `vigil train` on the rows it
 * held out, inside the dataset's threat model (src/adversarial/threat-models.ts): attack success rate
 * versus budget, per class, for the decision-based black-box attack (every model) and FGSM / PGD (models
 * with input gradients); then the defences: feature squeezing as a detector and adversarial training on
 * the model's training rows (re-attacked afterwards). Prints the JSON report; `--out` also writes it and
 * `--markdown` writes the tables.
 */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { EvasionAttack } from "../../adversarial/attack.js";
import { DecisionAttack } from "../../adversarial/decision-attack.js";
import { Fgsm, Pgd } from "../../adversarial/gradient-attacks.js";
import { suiteToMarkdown } from "../../adversarial/report.js";
import { runRobustnessSuite } from "../../adversarial/suite.js";
import { threatModelFor } from "../../adversarial/threat-models.js";
import { loadDataset } from "../../datasets/index.js";
import { VigilError } from "../../errors.js";
import { holdoutRows } from "../../evaluate/holdout.js";
import "../../evaluate/learners.js";
import { checkFeatureNames, readModelFile } from "../../evaluate/model-file.js";
import { findBenignClass } from "../../evaluate/report.js";
import { isDifferentiable } from "../../models/differentiable.js";
import { takeRows } from "../../table/matrix.js";
import { fraction, positiveInt } from "./model-options.js";

function budgetList(v: string): number[] {
  const out = v.split(",").map((s) => Number(s.trim()));
  if (out.length === 0 || out.some((e) => !(e >= 0) || !Number.isFinite(e))) {
    throw new VigilError("E_CONFIG", `--budgets must be comma-separated non-negative numbers, got "${v}"`, {
      field: "budgets",
    });
  }
  return out;
}

export function register(program: Command): void {
  program
    .command("robustness")
    .description("evasion attacks under the dataset's threat model, before and after defences (JSON report)")
    .argument("<model>", "model file written by `vigil train` (with held-out rows)")
    .argument("<dataset>", "the dataset id the model was trained on")
    .option("--budgets <list>", "relative perturbation budgets", budgetList, [0.1, 0.3, 1])
    .option(
      "--rows-per-class <n>",
      "detected test rows attacked per class",
      positiveInt("rows-per-class"),
      30,
    )
    .option("--queries <n>", "query budget of the black-box attack per row", positiveInt("queries"), 100)
    .option(
      "--adv-train-rows <n>",
      "training rows per class attacked for adversarial training",
      positiveInt("adv-train-rows"),
      150,
    )
    .option(
      "--squeeze-fpr <f>",
      "clean-row false-positive rate of the squeezing detector",
      fraction("squeeze-fpr"),
      0.05,
    )
    .option("--seed <n>", "attack seed", positiveInt("seed", true), 0)
    .option("-o, --out <file.json>", "also write the JSON report here")
    .option("--markdown <file.md>", "write the tables as Markdown")
    .option("--shared-dir <dir>", "folder holding datasets/")
    .action(
      async (
        modelPath: string,
        dataset: string,
        o: {
          budgets: number[];
          rowsPerClass: number;
          queries: number;
          advTrainRows: number;
          squeezeFpr: number;
          seed: number;
          out?: string;
          markdown?: string;
          sharedDir?: string;
        },
      ) => {
        const { model, training } = await readModelFile(modelPath);
        if (dataset !== training.dataset || training.testFraction === 0) {
          throw new VigilError(
            "E_CONFIG",
            `robustness needs the model's own dataset and held-out rows (trained on "${training.dataset}" with test fraction ${training.testFraction})`,
            { field: "dataset" },
          );
        }
        const ds = await loadDataset(dataset, {
          labelLevel: training.labelLevel as "fine" | "taxonomy" | "binary",
          sharedDir: o.sharedDir,
        });
        checkFeatureNames(ds.featureNames, training.featureNames);
        const benign = findBenignClass(training.classes);
        if (benign === undefined) {
          throw new VigilError("E_CONFIG", "the model's classes have no benign/normal class to evade into", {
            field: "classes",
          });
        }
        const { train, test } = holdoutRows(ds.y, training);
        const Xtrain = takeRows(ds.X, train);
        const tm = threatModelFor(dataset, ds.featureNames, Xtrain);
        const decision = new DecisionAttack(o.queries);
        const gradient = isDifferentiable(model);
        const attacks: EvasionAttack[] = gradient ? [new Fgsm(), new Pgd(), decision] : [decision];
        const result = runRobustnessSuite({
          make: () => model.clone(),
          fitted: model,
          Xtrain,
          ytrain: Int32Array.from(train, (i) => ds.y[i]),
          Xtest: takeRows(ds.X, test),
          ytest: Int32Array.from(test, (i) => ds.y[i]),
          classes: training.classes,
          benignClass: benign,
          tm,
          attacks,
          trainingAttack: gradient ? new Pgd() : new DecisionAttack(Math.min(o.queries, 60)),
          budgets: o.budgets,
          maxRowsPerClass: o.rowsPerClass,
          advTrainRowsPerClass: o.advTrainRows,
          squeezeFpr: o.squeezeFpr,
          seed: o.seed,
        });
        const report = {
          model: modelPath,
          kind: model.kind,
          dataset,
          protocol: `held-out ${training.testFraction} of the training dataset (seed ${training.seed}); attacks on <= ${o.rowsPerClass} detected rows per attack class`,
          threatModel: tm.featureNames
            .map((name, j) => ({ name, ...tm.rules[j] }))
            .filter((r) => r.control !== "fixed" || r.derived === true),
          ...result,
        };
        const text = `${JSON.stringify(report, null, 2)}\n`;
        if (o.out !== undefined) await writeFile(o.out, text);
        if (o.markdown !== undefined)
          await writeFile(o.markdown, suiteToMarkdown(`${model.kind} on ${dataset}`, result));
        process.stdout.write(text);
      },
    );
}
