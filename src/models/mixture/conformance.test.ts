import { runDetectorConformance } from "../conformance.js";
import { GaussianMixture } from "./gmm.js";

runDetectorConformance("gmm (full)", () => new GaussianMixture({ nComponents: 3, seed: 2 }));
runDetectorConformance(
  "gmm (diag)",
  () => new GaussianMixture({ nComponents: 3, covarianceType: "diag", seed: 2 }),
);
