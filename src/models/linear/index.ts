/** Linear learners; importing this registers them. */
export * from "./lbfgs.js";
export * from "./logistic.js";
export * from "./onnx-export.js";
