import { runClassifierConformance } from "../conformance.js";
import { CategoricalNb } from "./categorical-nb.js";
import { GaussianNb } from "./gaussian-nb.js";

runClassifierConformance("gaussian-nb", () => new GaussianNb());
runClassifierConformance("categorical-nb (binned)", () => new CategoricalNb({ nBins: 8 }));
