/**
 * The model file written by `vigil train` and read by `vigil evaluate`: a model artifact (the registry
 * envelope, loadable by `loadModel`) plus a `training` block saying what it was trained on: dataset id,
 * label level, class names, feature names, and the split (seed, test fraction, sample) so that
 * evaluation on the same dataset can use exactly the held-out rows.
 */
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { VigilError } from "../errors.js";
import type { Classifier, ModelArtifact } from "../models/base.js";
import { loadModel } from "../models/registry.js";

export const trainingInfoSchema = z.object({
  dataset: z.string(),
  labelLevel: z.string(),
  classes: z.array(z.string()).min(1),
  featureNames: z.array(z.string()),
  /** Rows held out from training (0: trained on every row). */
  testFraction: z.number().min(0).lt(1),
  seed: z.number().int(),
  sample: z.number().int().positive().optional(),
  trainRows: z.number().int().nonnegative(),
  fitSeconds: z.number().nonnegative(),
  model: z.string(),
});
export type TrainingInfo = z.infer<typeof trainingInfoSchema>;

export interface ModelFile {
  artifact: ModelArtifact;
  training: TrainingInfo;
}

export async function writeModelFile(
  path: string,
  model: Classifier,
  training: TrainingInfo,
): Promise<number> {
  const text = `${JSON.stringify({ ...model.toArtifact(), training })}\n`;
  try {
    await writeFile(path, text);
  } catch (cause) {
    throw new VigilError("E_IO", `cannot write the model file`, { file: path }, { cause });
  }
  return Buffer.byteLength(text);
}

export async function readModelFile(path: string): Promise<{ model: Classifier; training: TrainingInfo }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new VigilError("E_IO", "cannot read the model file", { file: path }, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new VigilError("E_MODEL", "model file is not valid JSON", { file: path }, { cause });
  }
  const t = trainingInfoSchema.safeParse((json as { training?: unknown })?.training);
  if (!t.success) {
    const issue = t.error.issues[0];
    throw new VigilError("E_MODEL", `model file has no valid training block: ${issue.message}`, {
      file: path,
      field: ["training", ...issue.path].join("."),
    });
  }
  let model: Classifier;
  try {
    model = loadModel<Classifier>(json);
  } catch (e) {
    if (e instanceof VigilError) throw e.withContext({ file: path });
    throw e;
  }
  if (typeof (model as Partial<Classifier>).predictProba !== "function") {
    throw new VigilError("E_MODEL", `model "${model.kind}" is not a classifier`, {
      file: path,
      field: "kind",
    });
  }
  return { model, training: t.data };
}

/**
 * Maps a dataset's class indices onto the model's class list by name. Throws naming the class when the
 * data holds a class the model never saw.
 */
export function classMapping(dataClasses: string[], modelClasses: string[]): Int32Array {
  const out = new Int32Array(dataClasses.length);
  dataClasses.forEach((c, i) => {
    const j = modelClasses.indexOf(c);
    if (j < 0) {
      throw new VigilError(
        "E_SCHEMA",
        `class "${c}" of the data is not one the model was trained on (${modelClasses.join(", ")})`,
        {
          field: "classes",
        },
      );
    }
    out[i] = j;
  });
  return out;
}

/** Checks that the data's features are the model's, by name and order; the error names the first mismatch. */
export function checkFeatureNames(dataNames: string[], modelNames: string[]): void {
  if (dataNames.length !== modelNames.length) {
    throw new VigilError(
      "E_SCHEMA",
      `the data has ${dataNames.length} features, the model was trained on ${modelNames.length}`,
      {
        field: "features",
      },
    );
  }
  const i = dataNames.findIndex((n, k) => n !== modelNames[k]);
  if (i >= 0) {
    throw new VigilError(
      "E_SCHEMA",
      `feature ${i} is "${dataNames[i]}" in the data but "${modelNames[i]}" in the model`,
      {
        field: dataNames[i],
      },
    );
  }
}
