/** Ensembles over registered classifiers; importing this registers them. */
export * from "./fold-ids.js";
export * from "./stacking.js";
export * from "./voting.js";
