/** Device identification: fingerprints, open-set classifier, inventory and identity alerts. */
export { ArpWatch, type ArpWatchParams } from "./arp-watch.js";
export { BehaviourTracker, RunningScale } from "./behaviour.js";
export { type CaptureWindows, windowsFromCapture } from "./capture-windows.js";
export { cset2021Series, deviceType } from "./cset2021.js";
export { dnsBucket, dnsQueryName } from "./dns.js";
export {
  type DeviceSeries,
  evaluateIdentification,
  type IdentificationReport,
  type LeaveOutRow,
  leaveOut,
  timeSplit,
} from "./evaluate.js";
export { type DeviceWindow, type ExtractorParams, FingerprintExtractor } from "./extractor.js";
export { FINGERPRINT_FEATURES, SERVICE_CLASSES } from "./features.js";
export { DeviceInventory, type InventoryParams, inventoryParamsSchema } from "./inventory.js";
export {
  DeviceModel,
  type DeviceModelParams,
  type DeviceVerdict,
  deviceModelParamsSchema,
  type LabelledWindow,
} from "./model.js";
export {
  type DeviceModelFile,
  deviceModelFileSchema,
  type EnrolledDevice,
  fromModelFile,
  loadDeviceModel,
  saveDeviceModel,
  type TrainedDevices,
  toModelFile,
} from "./model-file.js";
export { type DeviceName, parseDeviceNames, readDeviceNames } from "./names.js";
export {
  type DeviceRecord,
  deviceRecordSchema,
  IDENTITY_ALERT_KINDS,
  type IdentityAlert,
  type InventorySnapshot,
  identityAlertSchema,
  inventorySnapshotSchema,
} from "./schemas.js";
export { SybilCheck } from "./sybil.js";
export { type TrainOptions, trainFromCaptures } from "./train.js";
