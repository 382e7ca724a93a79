/**
 * Every supervised learner vigil ships, registered by importing its module, and the named presets the
 * train / compare commands accept. A preset is a registry spec plus the preprocessing it is run with:
 * tree learners see raw features (they split on thresholds and send NaN one way); every other learner
 * runs in a Pipeline behind a median imputer and a StandardScaler, fitted inside the training rows.
 * Any registry kind that is not a preset name is used as is (with --params).
 * Iteration caps of the SVM presets (100 epochs linear, 50 for the random-feature SVM) are there to
 * bound fit time on IoT-sized data; a capped fit is reported as is (no convergence claim).
 */
import "../models/bayes/index.js";
import "../models/ensemble/index.js";
import "../models/forest/extra-trees.js";
import "../models/forest/random-forest.js";
import "../models/gbdt/gradient-boosting.js";
import "../models/linear/index.js";
import "../models/neighbors/index.js";
import "../models/neural/index.js";
import "../models/preprocess/index.js";
import "../models/svm/index.js";
import "../models/tree/decision-tree.js";
import { VigilError } from "../errors.js";
import { getModelKind, listModelKinds } from "../models/registry.js";
import type { ModelSpec } from "./crossval.js";

interface Preset {
  spec: ModelSpec;
  /** Run behind imputer + standard scaler. */
  scaled: boolean;
  /** Neural presets: a signed log1p step between imputer and scaler (heavy-tailed flow counters). */
  logInputs?: boolean;
}

const TREE_FOR_ENSEMBLES = { kind: "decision-tree", params: { maxDepth: 12, seed: 0 } };

const PRESETS: Record<string, Preset> = {
  "logistic-regression": { spec: { kind: "logistic-regression", params: {} }, scaled: true },
  "linear-svm": { spec: { kind: "linear-svm", params: { maxIter: 100 } }, scaled: true },
  "rbf-svm": { spec: { kind: "rbf-svm", params: { nComponents: 256, maxIter: 50 } }, scaled: true },
  "gaussian-nb": { spec: { kind: "gaussian-nb", params: {} }, scaled: true },
  "categorical-nb": { spec: { kind: "categorical-nb", params: { nBins: 16 } }, scaled: true },
  knn: { spec: { kind: "knn", params: { k: 5 } }, scaled: true },
  voting: {
    spec: {
      kind: "voting",
      params: {
        voting: "soft",
        estimators: [
          { kind: "logistic-regression", params: {} },
          { kind: "gaussian-nb", params: {} },
          TREE_FOR_ENSEMBLES,
        ],
      },
    },
    scaled: true,
  },
  stacking: {
    spec: {
      kind: "stacking",
      params: {
        folds: 3,
        estimators: [
          { kind: "gaussian-nb", params: {} },
          { kind: "linear-svm", params: { maxIter: 100 } },
          TREE_FOR_ENSEMBLES,
        ],
      },
    },
    scaled: true,
  },
  mlp: {
    spec: {
      kind: "mlp",
      params: { hiddenLayers: [128, 64], epochs: 20, batchSize: 256, learningRate: 2e-3, seed: 0 },
    },
    scaled: true,
    logInputs: true,
  },
  cnn1d: {
    spec: {
      kind: "cnn1d",
      params: {
        filters: [8, 16],
        kernelSize: 3,
        hiddenLayers: [64],
        epochs: 16,
        learningRate: 2e-3,
        seed: 0,
      },
    },
    scaled: true,
    logInputs: true,
  },
  lstm: {
    spec: { kind: "lstm", params: { hiddenSize: 32, epochs: 10, learningRate: 2e-3, seed: 0 } },
    scaled: true,
    logInputs: true,
  },
  gru: {
    spec: { kind: "gru", params: { hiddenSize: 32, epochs: 10, learningRate: 5e-3, seed: 0 } },
    scaled: true,
    logInputs: true,
  },
  dbn: {
    spec: {
      kind: "dbn",
      params: { hiddenLayers: [64, 32], pretrainEpochs: 2, epochs: 20, learningRate: 3e-3, seed: 0 },
    },
    scaled: true,
    logInputs: true,
  },
  "decision-tree": { spec: { kind: "decision-tree", params: { seed: 0 } }, scaled: false },
  "random-forest": { spec: { kind: "random-forest", params: { nEstimators: 100, seed: 0 } }, scaled: false },
  "extra-trees": { spec: { kind: "extra-trees", params: { nEstimators: 100, seed: 0 } }, scaled: false },
  "gradient-boosting": {
    spec: { kind: "gradient-boosting", params: { nEstimators: 100, seed: 0 } },
    scaled: false,
  },
};

/** Preset names, in the order the compare table lists them. */
export const PRESET_NAMES = Object.keys(PRESETS);

/** Wraps a classifier spec behind a median imputer (then optionally signed-log1p) and a StandardScaler. */
export function scaledPipeline(spec: ModelSpec, logInputs = false): ModelSpec {
  return {
    kind: "pipeline",
    params: {
      steps: [
        { kind: "simple-imputer", params: { strategy: "median" } },
        ...(logInputs ? [{ kind: "signed-log1p", params: {} }] : []),
        { kind: "standard-scaler", params: {} },
        { kind: spec.kind, params: spec.params ?? {} },
      ],
    },
  };
}

/**
 * The spec for a preset name or a registered classifier kind; `params` are merged over the preset's
 * (for the learner itself, not the preprocessing).
 */
export function resolveLearner(name: string, params: Record<string, unknown> = {}): ModelSpec {
  const preset = PRESETS[name];
  if (preset !== undefined) {
    const spec = { kind: preset.spec.kind, params: { ...preset.spec.params, ...params } };
    return preset.scaled ? scaledPipeline(spec, preset.logInputs === true) : spec;
  }
  let role: string;
  try {
    role = getModelKind(name).role;
  } catch {
    throw new VigilError(
      "E_CONFIG",
      `unknown model "${name}" (presets: ${PRESET_NAMES.join(", ")}; kinds: ${listModelKinds("classifier").join(", ")})`,
      { field: "model" },
    );
  }
  if (role !== "classifier") {
    throw new VigilError("E_CONFIG", `"${name}" is a ${role}, not a classifier`, { field: "model" });
  }
  return { kind: name, params };
}
