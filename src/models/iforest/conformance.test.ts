import { runDetectorConformance } from "../conformance.js";
import { IsolationForest } from "./isolation-forest.js";

runDetectorConformance("isolation-forest", () => new IsolationForest({ nEstimators: 50, seed: 3 }));
runDetectorConformance(
  "isolation-forest (bootstrap, half the features)",
  () => new IsolationForest({ nEstimators: 50, maxFeatures: 0.5, bootstrap: true, seed: 4 }),
);
