/** Preprocessing transformers and the pipeline; importing this registers them all. */

export * from "./feature-scores.js";
export * from "./imputer.js";
export * from "./one-hot.js";
export * from "./pca.js";
export * from "./pipeline.js";
export * from "./scalers.js";
export * from "./select.js";
