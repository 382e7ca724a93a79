/** vigil's public API: re-exports only. */

export * as adversarial from "./adversarial/index.js";
export * as augment from "./augment/index.js";
export { LiveCapture, type LiveCaptureOptions, openLive } from "./capture/live.js";
export * from "./capture/netflow/index.js";
export * from "./capture/open.js";
export * from "./capture/pcap-writer.js";
export * from "./capture/source.js";
export * from "./capture/synth.js";
export * from "./capture/zeek-log.js";
export {
  BINARY_CLASSES,
  type CodedLabels,
  type Dataset,
  type DatasetInfo,
  type DatasetSpec,
  datasetFromTable,
  datasetSpec,
  type LabelLevel,
  type LoadDatasetOptions,
  listDatasets,
  loadDataset,
  TAXONOMY,
  type TaxonomyLabel,
} from "./datasets/index.js";
export { type InspectReport, inspectCsv } from "./datasets/infer-spec.js";
export * from "./datasets/splits.js";
export { loadUserDataset, readUserSpec, type UserSpec, UserSpecSchema } from "./datasets/user-spec.js";
export * from "./decode/checksum.js";
export * from "./decode/decode.js";
export * from "./decode/ip-text.js";
export * from "./decode/packet.js";
export { FlowDetector, type FlowDetectorOptions, type FlowVerdict } from "./detect/flow-detector.js";
export { type FlowDetectionSummary, runFlowDetection } from "./detect/flow-run.js";
export * as devices from "./devices/index.js";
export * from "./errors.js";
export * from "./evaluate/compare.js";
export * from "./evaluate/compare-report.js";
export * from "./evaluate/crossval.js";
export * from "./evaluate/holdout.js";
export { PRESET_NAMES, resolveLearner, scaledPipeline } from "./evaluate/learners.js";
export * from "./evaluate/metrics.js";
export {
  checkFeatureNames,
  classMapping,
  type ModelFile,
  readModelFile,
  type TrainingInfo,
  trainingInfoSchema,
  writeModelFile,
} from "./evaluate/model-file.js";
export * from "./evaluate/report.js";
export * from "./evaluate/search.js";
export * from "./evaluate/timing.js";
export * from "./evaluate/zero-day.js";
export * from "./evaluate/zero-day-detectors.js";
export { zeroDayMarkdown } from "./evaluate/zero-day-report.js";
export * from "./evaluate/zero-day-run.js";
export * as explain from "./explain/index.js";
export * from "./features/afterimage/index.js";
export * from "./features/flows/index.js";
export * as federated from "./federated/index.js";
export * from "./models/base.js";
export * from "./models/bayes/index.js";
export * from "./models/cluster/index.js";
export * from "./models/decomposition/index.js";
export * from "./models/ensemble/index.js";
export { ExtraTreesClassifier, type ExtraTreesParams } from "./models/forest/extra-trees.js";
export { RandomForestClassifier, type RandomForestParams } from "./models/forest/random-forest.js";
export { GradientBoostingClassifier, type GradientBoostingParams } from "./models/gbdt/gradient-boosting.js";
export * from "./models/iforest/index.js";
export * from "./models/kitnet/index.js";
export * from "./models/linear/index.js";
export * from "./models/mixture/index.js";
export * from "./models/neighbors/index.js";
export * from "./models/neural/index.js";
export * as onnx from "./models/onnx/builder.js";
export { exportOnnx } from "./models/onnx/export.js";
export { hasOnnxExporter, type OnnxExporter, registerOnnxExporter } from "./models/onnx/exporters.js";
export { createOnnxSession, type OnnxSession } from "./models/onnx/runtime.js";
export * from "./models/preprocess/index.js";
export {
  checkArtifact,
  createModel,
  getModelKind,
  isRegistered,
  listModelKinds,
  loadModel,
  type ModelKind,
  type ModelRole,
  modelArtifactSchema,
  registerModel,
} from "./models/registry.js";
export {
  associationRules,
  fitDiscretiser,
  type Itemset,
  mineItemsets,
  mineTransactions,
  type NamedItemset,
  type Rule,
  RuleDetector,
  type RuleDetectorParams,
  type RuleExplanation,
} from "./models/rules/index.js";
export * from "./models/svm/index.js";
export { DecisionTreeClassifier, type DecisionTreeParams } from "./models/tree/decision-tree.js";
export type { TreeEnsemble } from "./models/tree/flat.js";
export * from "./table/column.js";
export {
  type CsvColumnType,
  type CsvReadOptions,
  type CsvReadResult,
  DEFAULT_MISSING_VALUES,
  readCsvTable,
} from "./table/csv-read.js";
export * from "./table/matrix.js";
export * from "./table/table.js";
export { fileSource, stringSource, type TextSource, zipEntrySource } from "./table/text-source.js";
export { type NamedMatrix, type ToMatrixOptions, toMatrix } from "./table/to-matrix.js";
