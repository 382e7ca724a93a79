import { runDetectorConformance } from "../conformance.js";
import { PcaDetector } from "./pca-detector.js";

// On isotropic noise every direction carries the same variance: keep 2 of 4 components so the planted
// outliers' energy outside the kept plane is what scores them.
runDetectorConformance("pca-detector", () => new PcaDetector({ nComponents: 2 }));
