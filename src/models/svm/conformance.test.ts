import { runClassifierConformance } from "../conformance.js";
import { LinearSvm } from "./linear-svm.js";
import { RbfSvm } from "./rbf-svm.js";

runClassifierConformance("linear-svm", () => new LinearSvm({ seed: 3 }));
runClassifierConformance(
  "linear-svm (hinge, balanced)",
  () => new LinearSvm({ loss: "hinge", classWeight: "balanced" }),
);
runClassifierConformance("rbf-svm", () => new RbfSvm({ nComponents: 100, seed: 1 }));
