import { runClassifierConformance } from "../conformance.js";
import { Knn } from "./knn.js";

runClassifierConformance("knn", () => new Knn());
runClassifierConformance("knn (distance)", () => new Knn({ k: 7, weights: "distance" }));
