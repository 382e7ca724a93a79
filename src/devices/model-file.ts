/**
 * The device model file (JSON): the fitted DeviceModel (forest artifact, standardizer, reference windows,
 * per-class thresholds), the fingerprint settings it was trained with, and the enrolled devices (the
 * MACs seen in training with their name and class: the approved inventory). Parsed with zod on load;
 * a wrong field is E_MODEL naming it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { VigilError } from "../errors.js";
import { decodeArray, encodeArray } from "../models/codec.js";
import { RandomForestClassifier } from "../models/forest/random-forest.js";
import { modelArtifactSchema } from "../models/registry.js";
import { FINGERPRINT_FEATURES } from "./features.js";
import { DeviceModel, deviceModelParamsSchema } from "./model.js";

const encoded = z.object({
  dtype: z.enum(["f32", "f64", "i32", "u32", "u8", "i16", "u16"]),
  length: z.number().int().nonnegative(),
  b64: z.string(),
});

export const enrolledDeviceSchema = z.object({
  mac: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/),
  name: z.string(),
  /** The class the model was trained to call this device. */
  label: z.string(),
  /** False for a device in the names file (approved) that sent no fingerprint window in training. */
  trained: z.boolean(),
  ips: z.array(z.string()),
});
export type EnrolledDevice = z.infer<typeof enrolledDeviceSchema>;

export const deviceModelFileSchema = z.object({
  format: z.literal("vigil-device-model"),
  version: z.literal(1),
  features: z.array(z.string()),
  extractor: z.object({ windowS: z.number().positive(), minPackets: z.number().int().min(1) }),
  params: deviceModelParamsSchema,
  classes: z.array(z.string()).min(2),
  enrolled: z.array(enrolledDeviceSchema),
  state: z.object({
    median: encoded,
    mean: encoded,
    std: encoded,
    reference: z.array(z.object({ rows: z.number().int().nonnegative(), data: encoded })),
    probThreshold: encoded,
    distThreshold: encoded,
    calibrationWindows: z.number().int().nonnegative(),
    forest: modelArtifactSchema,
  }),
});
export type DeviceModelFile = z.infer<typeof deviceModelFileSchema>;

export interface TrainedDevices {
  model: DeviceModel;
  extractor: { windowS: number; minPackets: number };
  enrolled: EnrolledDevice[];
}

export function toModelFile(t: TrainedDevices): DeviceModelFile {
  const s = t.model.exportState();
  return {
    format: "vigil-device-model",
    version: 1,
    features: [...FINGERPRINT_FEATURES],
    extractor: t.extractor,
    params: t.model.params,
    classes: s.classes,
    enrolled: t.enrolled,
    state: {
      median: encodeArray(s.standardizer.median),
      mean: encodeArray(s.standardizer.mean),
      std: encodeArray(s.standardizer.std),
      reference: s.reference.map((r) => ({ rows: r.rows, data: encodeArray(r.data) })),
      probThreshold: encodeArray(s.probThreshold),
      distThreshold: encodeArray(s.distThreshold),
      calibrationWindows: s.calibrationWindows,
      forest: s.forest.toArtifact(),
    },
  };
}

export function fromModelFile(value: unknown, file = "<device model>"): TrainedDevices {
  const r = deviceModelFileSchema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new VigilError("E_MODEL", `device model file is malformed: ${i.message}`, {
      file,
      field: i.path.join("."),
    });
  }
  const f = r.data;
  if (f.features.join(",") !== FINGERPRINT_FEATURES.join(",")) {
    throw new VigilError("E_MODEL", "device model was trained on other fingerprint features", {
      file,
      field: "features",
    });
  }
  try {
    const st = f.state;
    const model = DeviceModel.fromState(f.params, {
      classes: f.classes,
      standardizer: {
        median: decodeArray(st.median) as Float64Array,
        mean: decodeArray(st.mean) as Float64Array,
        std: decodeArray(st.std) as Float64Array,
      },
      reference: st.reference.map((x) => ({ rows: x.rows, data: decodeArray(x.data) as Float32Array })),
      probThreshold: decodeArray(st.probThreshold) as Float64Array,
      distThreshold: decodeArray(st.distThreshold) as Float64Array,
      calibrationWindows: st.calibrationWindows,
      forest: RandomForestClassifier.fromArtifact(st.forest),
    });
    return { model, extractor: f.extractor, enrolled: f.enrolled };
  } catch (cause) {
    if (cause instanceof VigilError) throw cause.withContext({ file });
    throw new VigilError("E_MODEL", "device model file has a bad state", { file, field: "state" }, { cause });
  }
}

export function saveDeviceModel(t: TrainedDevices, path: string): void {
  try {
    writeFileSync(path, `${JSON.stringify(toModelFile(t))}\n`);
  } catch (cause) {
    throw new VigilError("E_IO", "cannot write the device model", { file: path }, { cause });
  }
}

export function loadDeviceModel(path: string): TrainedDevices {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new VigilError("E_IO", "cannot read the device model", { file: path }, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new VigilError("E_MODEL", "device model file is not JSON", { file: path }, { cause });
  }
  return fromModelFile(value, path);
}
