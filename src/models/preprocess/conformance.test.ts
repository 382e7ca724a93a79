import "../linear/logistic.js";
import { runClassifierConformance } from "../conformance.js";
import { Pipeline } from "./pipeline.js";
import "./index.js";

runClassifierConformance(
  "pipeline (imputer, scaler, select-k-best, pca, logistic-regression)",
  () =>
    new Pipeline({
      steps: [
        { kind: "simple-imputer", params: { strategy: "median" } },
        { kind: "min-max-scaler" },
        { kind: "select-k-best", params: { k: 4, score: "mutual-info" } },
        { kind: "pca", params: { nComponents: 3 } },
        { kind: "logistic-regression" },
      ],
    }),
  { skipOneFeature: true },
);
