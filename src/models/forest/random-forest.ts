/**
 * Random forest classifier (kind "random-forest", after Breiman 2001 / scikit-learn): bootstrap samples,
 * sqrt(features) candidates per node, seeded; probability leaves averaged over trees. `nJobs` worker
 * threads grow the trees (the forest is identical for any nJobs).
 */
import { z } from "zod";
import { type ModelArtifact, parseParams } from "../base.js";
import { registerModel } from "../registry.js";
import { classWeightSchema, maxBinsSchema, maxFeaturesSchema, seedSchema } from "../tree/params.js";
import { ARTIFACT_VERSION, type ForestShape, TreeClassifierBase } from "../tree/tree-classifier-base.js";

export const randomForestParamsSchema = z
  .object({
    nEstimators: z.number().int().positive().default(100),
    criterion: z.enum(["gini", "entropy"]).default("gini"),
    maxDepth: z.number().int().positive().nullable().default(null),
    minSamplesSplit: z.number().int().min(2).default(2),
    minSamplesLeaf: z.number().int().min(1).default(1),
    maxFeatures: maxFeaturesSchema.default("sqrt"),
    bootstrap: z.boolean().default(true),
    /** Bootstrap draws per tree: null = all rows, a fraction in (0, 1], or a count. */
    maxSamples: z.number().positive().nullable().default(null),
    classWeight: classWeightSchema.default(null),
    maxBins: maxBinsSchema,
    seed: seedSchema,
    nJobs: z.number().int().min(1).default(1),
  })
  .strict();
export type RandomForestParams = z.infer<typeof randomForestParamsSchema>;

export class RandomForestClassifier extends TreeClassifierBase<RandomForestParams> {
  readonly kind = "random-forest";

  constructor(params: Partial<RandomForestParams> = {}) {
    super(parseParams(randomForestParamsSchema, params, "random-forest"));
  }

  protected shape(): ForestShape {
    const p = this.params;
    return {
      nTrees: p.nEstimators,
      bootstrap: p.bootstrap,
      maxSamples: p.maxSamples,
      randomSplits: false,
      nJobs: p.nJobs,
    };
  }

  clone(): RandomForestClassifier {
    return new RandomForestClassifier(this.getParams());
  }

  static fromArtifact(a: ModelArtifact): RandomForestClassifier {
    return new RandomForestClassifier(a.params as Partial<RandomForestParams>).restore(a);
  }
}

registerModel({
  kind: "random-forest",
  role: "classifier",
  version: ARTIFACT_VERSION,
  create: (p) => new RandomForestClassifier(p as Partial<RandomForestParams>),
  fromArtifact: RandomForestClassifier.fromArtifact,
});
