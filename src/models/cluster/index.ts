/** Clustering detectors; importing this registers them ("kmeans"). */
export * from "./kmeans.js";
