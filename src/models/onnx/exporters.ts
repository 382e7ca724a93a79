/**
 * The ONNX exporter registry: a model kind registers a function from a fitted model to an OnnxModel.
 * Exported graphs take one float input "input" [N, nFeatures]; classifiers output "label" (int64 [N])
 * and "probabilities" (float [N, nClasses]).
 */
import { VigilError } from "../../errors.js";
import type { Estimator } from "../base.js";
import type { OnnxModel } from "./builder.js";

export const ONNX_INPUT = "input";
export const ONNX_LABEL = "label";
export const ONNX_PROBABILITIES = "probabilities";
/** Operator set versions vigil writes. */
export const OPSETS = [
  { domain: "", version: 17 },
  { domain: "ai.onnx.ml", version: 3 },
];

export type OnnxExporter = (model: Estimator) => OnnxModel;

const exporters = new Map<string, OnnxExporter>();

export function registerOnnxExporter(kind: string, fn: OnnxExporter): void {
  exporters.set(kind, fn);
}

export function onnxExporterFor(kind: string): OnnxExporter {
  const fn = exporters.get(kind);
  if (fn === undefined) {
    throw new VigilError("E_UNSUPPORTED", `no ONNX exporter for model kind "${kind}"`, { field: "kind" });
  }
  return fn;
}

export function hasOnnxExporter(kind: string): boolean {
  return exporters.has(kind);
}
