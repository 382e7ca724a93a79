/** Support vector learners; importing this registers them. */
export * from "./linear-svm.js";
export * from "./rbf-svm.js";
