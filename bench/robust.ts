/**
 * npm run bench:robust — augmentation and adversarial robustness on TON_IoT network and the CICIoT2023
 * sample (identifiers dropped by the loaders). Per dataset, on a stratified subsample (seed 0):
 *  1. augmentation: stratified 3-fold CV (seed 0) of a random forest without and with each sampler,
 *     re-sampling inside the training folds only: macro-F1 and the minority class's recall (mean over
 *     folds), plus, when python3-imblearn is present, imbalanced-learn + scikit-learn on the same folds;
 *  2. robustness on one stratified 75/25 split: the best tree model (random forest vs gradient boosting
 *     by test macro-F1) under the decision-based black-box attack, and the MLP (behind a standardizer)
 *     under FGSM, PGD and the decision attack, at three budgets, per class, before and after adversarial
 *     training; feature squeezing as a detector; a soft-voting tree ensemble under the decision attack;
 *  3. poisoning: label flips at 5/10/20 % of the training rows, two detectors (k-NN disagreement,
 *     cross-validated confidence: precision/recall on flipped rows) and forest macro-F1 trained clean /
 *     poisoned / cleaned;
 *  4. pcap mutation (./robust-pcap.ts): testbed captures re-timed and padded within bounds, re-scored end
 *     to end by a flow model.
 * Attacks run on at most ATTACK_ROWS_PER_CLASS detected test rows per class (a subsample; said in the
 * output). `--quick` (or VIGIL_BENCH_QUICK=1): smaller samples and forests, for development.
 */

import { DecisionAttack } from "../src/adversarial/decision-attack.js";
import { Fgsm, Pgd } from "../src/adversarial/gradient-attacks.js";
import { poisoningStudy } from "../src/adversarial/poisoning-study.js";
import { evaluateRobustness } from "../src/adversarial/robustness.js";
import { StandardizedClassifier } from "../src/adversarial/scaled.js";
import { cleanQuality, runRobustnessSuite } from "../src/adversarial/suite.js";
import { threatModelFor } from "../src/adversarial/threat-models.js";
import { type FoldAugmentLog, inTrainingFolds } from "../src/augment/in-folds.js";
import { createSampler, SAMPLER_NAMES } from "../src/augment/index.js";
import { loadDataset } from "../src/datasets/index.js";
import { stratifiedTrainTestSplit } from "../src/datasets/splits.js";
import { stratifiedSample } from "../src/evaluate/compare.js";
import { crossValidate } from "../src/evaluate/crossval.js";
import "../src/evaluate/learners.js";
import { findBenignClass } from "../src/evaluate/report.js";
import type { Classifier } from "../src/models/base.js";
import { createModel, isRegistered } from "../src/models/registry.js";
import { takeRows } from "../src/table/matrix.js";
import { pcapStudy } from "./robust-pcap.js";
import { augmentPeer } from "./robust-peer.js";

const QUICK = process.argv.includes("--quick") || process.env.VIGIL_BENCH_QUICK === "1";
const SAMPLE = QUICK ? 3000 : 6000;
const TREES = QUICK ? 10 : 25;
const ATTACK_ROWS_PER_CLASS = QUICK ? 10 : 30;
const ADV_TRAIN_ROWS_PER_CLASS = QUICK ? 30 : 150;
const BUDGETS = [0.1, 0.3, 1.0];
const DATASETS = ["ton-iot-network", "ciciot2023-sample"];

const rf = { kind: "random-forest", params: { nEstimators: TREES, seed: 0, nJobs: 2 } };
const gb = { kind: "gradient-boosting", params: { nEstimators: QUICK ? 10 : 30, maxDepth: 6, seed: 0 } };
const mlpParams = { hiddenLayers: [64, 32], epochs: QUICK ? 5 : 20, seed: 0 };

/** GAN oversampling: fewer epochs and bigger batches than the GAN's defaults, to fit the bench's time. */
const GAN = { gan: { epochs: QUICK ? 10 : 30, batchSize: 128 } };

const log = (msg: string) =>
  process.stderr.write(`bench:robust ${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

async function benchDataset(id: string) {
  const t0 = performance.now();
  const d = await loadDataset(id);
  const idx = stratifiedSample(d.y, SAMPLE, 0);
  const X = takeRows(d.X, idx);
  const y = Int32Array.from(idx, (i) => d.y[i]);
  const classes = d.classes;
  const benign = findBenignClass(classes) ?? 0;
  const counts = classes.map((_, k) => y.reduce((a, v) => a + (v === k ? 1 : 0), 0));
  const minority = counts.indexOf(Math.min(...counts.filter((c) => c > 0)));

  // 1. augmentation inside the training folds
  const samplers = ["none", ...SAMPLER_NAMES.filter((n) => n !== "gan" || isRegistered("tabular-gan"))];
  const augmentation: Record<string, unknown> = {};
  for (const name of samplers) {
    const t = performance.now();
    log(`${id} augmentation ${name}`);
    const foldLog: FoldAugmentLog[] = [];
    let cv: ReturnType<typeof crossValidate>;
    try {
      cv = crossValidate(rf, X, y, {
        folds: 3,
        seed: 0,
        classes,
        benignClass: benign,
        resampleTraining:
          name === "none"
            ? undefined
            : inTrainingFolds(createSampler(name, name === "gan" ? GAN : {}), 0, foldLog),
      });
    } catch (e) {
      augmentation[name] = { error: String(e) };
      continue;
    }
    const recall = (k: number) =>
      cv.folds.reduce((a, f) => a + f.report.perClass[k].recall, 0) / cv.folds.length;
    augmentation[name] = {
      macroF1: round(cv.summary.macroF1?.mean ?? Number.NaN),
      macroF1Std: round(cv.summary.macroF1?.std ?? Number.NaN),
      minorityRecall: round(recall(minority)),
      perClassRecall: Object.fromEntries(classes.map((c, k) => [c, round(recall(k))])),
      meanFittedRows:
        foldLog.length > 0
          ? Math.round(foldLog.reduce((a, l) => a + l.outputRows, 0) / foldLog.length)
          : null,
      meanSyntheticRows:
        foldLog.length > 0
          ? Math.round(foldLog.reduce((a, l) => a + l.syntheticRows, 0) / foldLog.length)
          : 0,
      seconds: round((performance.now() - t) / 1000, 1),
    };
  }
  log(`${id} augmentation peer`);
  const peer = augmentPeer(X, y, classes, minority, TREES);

  // 2. robustness on one split
  const split = stratifiedTrainTestSplit(y, { seed: 0, testFraction: 0.25 });
  const Xtrain = takeRows(X, split.train);
  const ytrain = Int32Array.from(split.train, (i) => y[i]);
  const Xtest = takeRows(X, split.test);
  const ytest = Int32Array.from(split.test, (i) => y[i]);
  const tm = threatModelFor(id, d.featureNames, Xtrain);
  const base = { Xtrain, ytrain, Xtest, ytest, classes, benignClass: benign, tm, budgets: BUDGETS, seed: 0 };
  const trees = [rf, gb].map((spec) => {
    const make = () => createModel<Classifier>(spec.kind, spec.params);
    const fitted = make().fit(Xtrain, ytrain);
    return { spec, make, fitted, macroF1: cleanQuality(fitted, Xtest, ytest, classes, benign).macroF1 };
  });
  log(`${id} robustness: best tree`);
  const best = trees.reduce((a, b) => (b.macroF1 > a.macroF1 ? b : a));
  const decision = new DecisionAttack(100);
  const tree = runRobustnessSuite({
    ...base,
    make: best.make,
    fitted: best.fitted,
    attacks: [decision],
    trainingAttack: new DecisionAttack(60),
    maxRowsPerClass: ATTACK_ROWS_PER_CLASS,
    advTrainRowsPerClass: ADV_TRAIN_ROWS_PER_CLASS,
    squeezeFpr: 0.05,
  });
  let mlp: unknown = { available: false, reason: 'model kind "mlp" is not registered in this build' };
  if (isRegistered("mlp")) {
    log(`${id} robustness: mlp`);
    try {
      mlp = runRobustnessSuite({
        ...base,
        make: () => new StandardizedClassifier(createModel<Classifier>("mlp", mlpParams), true),
        attacks: [new Fgsm(), new Pgd(), decision],
        trainingAttack: new Pgd(),
        maxRowsPerClass: ATTACK_ROWS_PER_CLASS,
        advTrainRowsPerClass: ADV_TRAIN_ROWS_PER_CLASS,
        squeezeFpr: 0.05,
      });
    } catch (e) {
      mlp = { available: false, reason: `the mlp failed in this build: ${String(e)}` };
    }
  }
  const ensSpec = {
    kind: "voting",
    params: {
      voting: "soft",
      estimators: [rf, gb, { kind: "extra-trees", params: { nEstimators: TREES, seed: 0 } }],
    },
  };
  log(`${id} robustness: ensemble`);
  const ens = createModel<Classifier>(ensSpec.kind, ensSpec.params).fit(Xtrain, ytrain);
  const ensemble = {
    spec: ensSpec,
    clean: cleanQuality(ens, Xtest, ytest, classes, benign),
    robustness: evaluateRobustness(ens, Xtest, ytest, {
      tm,
      attacks: [decision],
      budgets: BUDGETS,
      benignClass: benign,
      classes,
      maxRowsPerClass: ATTACK_ROWS_PER_CLASS,
      seed: 0,
    }),
  };
  log(`${id} poisoning`);
  const poisoning = poisoningStudy(
    () => createModel<Classifier>(rf.kind, rf.params),
    Xtrain,
    ytrain,
    Xtest,
    ytest,
    {
      rates: [0.05, 0.1, 0.2],
      classes,
      benignClass: benign,
      seed: 0,
    },
  );
  return {
    id,
    sampleRows: X.rows,
    features: X.cols,
    classes,
    classCounts: Object.fromEntries(classes.map((c, k) => [c, counts[k]])),
    minorityClass: classes[minority],
    augmentation: {
      protocol: `random forest (${TREES} trees), stratified 3-fold CV seed 0 on the sample; samplers applied to training folds only`,
      vigil: augmentation,
      peer,
    },
    robustness: {
      protocol: `stratified 75/25 split seed 0 of the sample; attacks on <= ${ATTACK_ROWS_PER_CLASS} detected test rows per attack class; budgets eps = relative change |dx| <= eps (|x0| + median non-zero |x|) on attacker-controlled features`,
      controlledFeatures: tm.featureNames.filter((_, j) => tm.rules[j].control !== "fixed"),
      derivedFeatures: tm.featureNames.filter((_, j) => tm.rules[j].derived === true),
      treeCandidates: trees.map((t) => ({ kind: t.spec.kind, macroF1: t.macroF1 })),
      bestTree: { kind: best.spec.kind, ...tree },
      mlp,
      ensemble,
    },
    poisoning,
    seconds: round((performance.now() - t0) / 1000, 1),
  };
}

async function main() {
  const out = [];
  for (const id of DATASETS) {
    out.push(await benchDataset(id));
  }
  log("pcap mutation");
  const pcapMutation = await pcapStudy();
  const doc = { bench: "robust", quick: QUICK, datasets: out, pcapMutation };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

await main();
