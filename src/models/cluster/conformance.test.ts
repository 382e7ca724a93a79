import { runDetectorConformance } from "../conformance.js";
import { KMeans } from "./kmeans.js";

runDetectorConformance("kmeans", () => new KMeans({ nClusters: 4, nInit: 2, seed: 3 }));
