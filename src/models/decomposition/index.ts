/** Decomposition-based detectors; importing this registers "pca-detector". */
export * from "./pca-detector.js";
