/**
 * Extremely randomized trees classifier (kind "extra-trees", after Geurts et al. 2006): per node, one
 * random threshold per candidate feature (drawn uniformly over the feature's bins present in the node),
 * the best of those kept; no bootstrap by default.
 */
import { z } from "zod";
import { type ModelArtifact, parseParams } from "../base.js";
import { registerModel } from "../registry.js";
import { classWeightSchema, maxBinsSchema, maxFeaturesSchema, seedSchema } from "../tree/params.js";
import { ARTIFACT_VERSION, type ForestShape, TreeClassifierBase } from "../tree/tree-classifier-base.js";

export const extraTreesParamsSchema = z
  .object({
    nEstimators: z.number().int().positive().default(100),
    criterion: z.enum(["gini", "entropy"]).default("gini"),
    maxDepth: z.number().int().positive().nullable().default(null),
    minSamplesSplit: z.number().int().min(2).default(2),
    minSamplesLeaf: z.number().int().min(1).default(1),
    maxFeatures: maxFeaturesSchema.default("sqrt"),
    bootstrap: z.boolean().default(false),
    maxSamples: z.number().positive().nullable().default(null),
    classWeight: classWeightSchema.default(null),
    maxBins: maxBinsSchema,
    seed: seedSchema,
    nJobs: z.number().int().min(1).default(1),
  })
  .strict();
export type ExtraTreesParams = z.infer<typeof extraTreesParamsSchema>;

export class ExtraTreesClassifier extends TreeClassifierBase<ExtraTreesParams> {
  readonly kind = "extra-trees";

  constructor(params: Partial<ExtraTreesParams> = {}) {
    super(parseParams(extraTreesParamsSchema, params, "extra-trees"));
  }

  protected shape(): ForestShape {
    const p = this.params;
    return {
      nTrees: p.nEstimators,
      bootstrap: p.bootstrap,
      maxSamples: p.maxSamples,
      randomSplits: true,
      nJobs: p.nJobs,
    };
  }

  clone(): ExtraTreesClassifier {
    return new ExtraTreesClassifier(this.getParams());
  }

  static fromArtifact(a: ModelArtifact): ExtraTreesClassifier {
    return new ExtraTreesClassifier(a.params as Partial<ExtraTreesParams>).restore(a);
  }
}

registerModel({
  kind: "extra-trees",
  role: "classifier",
  version: ARTIFACT_VERSION,
  create: (p) => new ExtraTreesClassifier(p as Partial<ExtraTreesParams>),
  fromArtifact: ExtraTreesClassifier.fromArtifact,
});
