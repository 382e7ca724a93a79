/** Param pieces shared by the tree learners: schemas (types come from them) and their resolution. */
import { z } from "zod";
import { VigilError } from "../../errors.js";

/** "sqrt" | "log2" | null (all) | a count (integer >= 1) | a fraction in (0, 1). */
export const maxFeaturesSchema = z.union([
  z.literal("sqrt"),
  z.literal("log2"),
  z.null(),
  z.number().positive(),
]);
export type MaxFeatures = z.infer<typeof maxFeaturesSchema>;

/** null (all 1) | "balanced" (n / (K * count_k), on the training labels) | one weight per class. */
export const classWeightSchema = z.union([
  z.null(),
  z.literal("balanced"),
  z.array(z.number().nonnegative()),
]);
export type ClassWeight = z.infer<typeof classWeightSchema>;

export const seedSchema = z.number().int().default(0);
export const maxBinsSchema = z.number().int().min(2).max(255).default(255);

/** Features per node for nFeatures columns. */
export function resolveMaxFeatures(m: MaxFeatures, nFeatures: number): number {
  if (m === null) return nFeatures;
  if (m === "sqrt") return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (m === "log2") return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (m < 1) return Math.max(1, Math.floor(m * nFeatures));
  return Math.min(nFeatures, Math.floor(m));
}

/** Weight per class. */
export function resolveClassWeights(cw: ClassWeight, y: Int32Array, nClasses: number): Float64Array {
  const out = new Float64Array(nClasses).fill(1);
  if (cw === null) return out;
  if (cw === "balanced") {
    const counts = new Float64Array(nClasses);
    for (let i = 0; i < y.length; i++) counts[y[i]]++;
    for (let k = 0; k < nClasses; k++) out[k] = counts[k] > 0 ? y.length / (nClasses * counts[k]) : 0;
    return out;
  }
  if (cw.length < nClasses) {
    throw new VigilError("E_CONFIG", `classWeight has ${cw.length} weights for ${nClasses} classes`, {
      field: "classWeight",
    });
  }
  for (let k = 0; k < nClasses; k++) out[k] = cw[k];
  return out;
}

/** Row weights = class weight of the row's label x optional sample weight. */
export function rowWeights(y: Int32Array, classW: Float64Array, sampleWeight?: Float32Array): Float64Array {
  const w = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) w[i] = classW[y[i]] * (sampleWeight === undefined ? 1 : sampleWeight[i]);
  return w;
}
