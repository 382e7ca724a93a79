import "../bayes/gaussian-nb.js";
import "../linear/logistic.js";
import "../neighbors/knn.js";
import { runClassifierConformance } from "../conformance.js";
import { Stacking } from "./stacking.js";
import { Voting } from "./voting.js";

const members = [
  { kind: "gaussian-nb", params: {} },
  { kind: "knn", params: { k: 5 } },
];
runClassifierConformance("voting (soft)", () => new Voting({ estimators: members }));
runClassifierConformance("voting (hard)", () => new Voting({ estimators: members, voting: "hard" }));
runClassifierConformance("stacking", () => new Stacking({ estimators: members, folds: 3 }));
