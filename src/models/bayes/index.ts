/** Naive Bayes learners; importing this registers them. */
export * from "./categorical-nb.js";
export * from "./gaussian-nb.js";
