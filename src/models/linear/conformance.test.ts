import { runClassifierConformance } from "../conformance.js";
import { LogisticRegression } from "./logistic.js";

runClassifierConformance("logistic-regression", () => new LogisticRegression());
runClassifierConformance(
  "logistic-regression (balanced)",
  () => new LogisticRegression({ classWeight: "balanced", C: 0.1 }),
);
