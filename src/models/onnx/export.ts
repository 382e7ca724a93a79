/**
 * exportOnnx(model): the ONNX ModelProto bytes of a fitted model, by its kind's registered exporter.
 * Importing this module registers the tree exporters; other model families register theirs with
 * registerOnnxExporter (./exporters.ts) from their own modules.
 */
import type { Estimator } from "../base.js";
import { encodeModel } from "./builder.js";
import { onnxExporterFor } from "./exporters.js";
import "./trees.js";

export function exportOnnx(model: Estimator): Uint8Array {
  return encodeModel(onnxExporterFor(model.kind)(model));
}
