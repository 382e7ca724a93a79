import { runClassifierConformance } from "../conformance.js";
import { Cnn1dClassifier } from "./cnn1d.js";
import { DbnClassifier } from "./dbn.js";
import { MLPClassifier } from "./mlp.js";
import { GruClassifier, LstmClassifier } from "./recurrent.js";

runClassifierConformance(
  "mlp",
  () => new MLPClassifier({ hiddenLayers: [16], epochs: 40, learningRate: 0.01, batchSize: 64, seed: 1 }),
);
runClassifierConformance(
  "mlp (tanh, batch norm, dropout, early stopping, sgd)",
  () =>
    new MLPClassifier({
      hiddenLayers: [16, 8],
      activation: "tanh",
      batchNorm: true,
      dropout: 0.1,
      optimizer: "sgd",
      learningRate: 0.05,
      earlyStopping: true,
      epochs: 40,
      batchSize: 32,
      seed: 2,
    }),
);

runClassifierConformance(
  "cnn1d",
  () =>
    new Cnn1dClassifier({
      filters: [8],
      hiddenLayers: [16],
      epochs: 15,
      learningRate: 0.02,
      batchSize: 64,
      seed: 1,
    }),
);
runClassifierConformance(
  "lstm",
  () => new LstmClassifier({ hiddenSize: 8, epochs: 15, learningRate: 0.04, batchSize: 64, seed: 1 }),
);
runClassifierConformance(
  "gru",
  () => new GruClassifier({ hiddenSize: 8, epochs: 15, learningRate: 0.04, batchSize: 64, seed: 1 }),
);
runClassifierConformance(
  "dbn",
  () =>
    new DbnClassifier({
      hiddenLayers: [16],
      pretrainEpochs: 3,
      epochs: 30,
      learningRate: 0.02,
      batchSize: 64,
      seed: 1,
    }),
);
