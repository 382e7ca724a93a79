/**
 * CART decision tree classifier (kind "decision-tree"): gini or entropy, depth and size limits, optional
 * feature subsampling per node, class weights incl. "balanced". Splits are searched on features binned
 * once to at most `maxBins` bins (exact CART when a feature has at most that many distinct values).
 */
import { z } from "zod";
import { type ModelArtifact, parseParams } from "../base.js";
import { registerModel } from "../registry.js";
import { classWeightSchema, maxBinsSchema, maxFeaturesSchema, seedSchema } from "./params.js";
import { ARTIFACT_VERSION, type ForestShape, TreeClassifierBase } from "./tree-classifier-base.js";

export const decisionTreeParamsSchema = z
  .object({
    criterion: z.enum(["gini", "entropy"]).default("gini"),
    splitter: z.enum(["best", "random"]).default("best"),
    maxDepth: z.number().int().positive().nullable().default(null),
    minSamplesSplit: z.number().int().min(2).default(2),
    minSamplesLeaf: z.number().int().min(1).default(1),
    maxFeatures: maxFeaturesSchema.default(null),
    classWeight: classWeightSchema.default(null),
    maxBins: maxBinsSchema,
    seed: seedSchema,
  })
  .strict();
export type DecisionTreeParams = z.infer<typeof decisionTreeParamsSchema>;

export class DecisionTreeClassifier extends TreeClassifierBase<DecisionTreeParams> {
  readonly kind = "decision-tree";

  constructor(params: Partial<DecisionTreeParams> = {}) {
    super(parseParams(decisionTreeParamsSchema, params, "decision-tree"));
  }

  protected shape(): ForestShape {
    return {
      nTrees: 1,
      bootstrap: false,
      maxSamples: null,
      randomSplits: this.params.splitter === "random",
      nJobs: 1,
    };
  }

  clone(): DecisionTreeClassifier {
    return new DecisionTreeClassifier(this.getParams());
  }

  static fromArtifact(a: ModelArtifact): DecisionTreeClassifier {
    return new DecisionTreeClassifier(a.params as Partial<DecisionTreeParams>).restore(a);
  }
}

registerModel({
  kind: "decision-tree",
  role: "classifier",
  version: ARTIFACT_VERSION,
  create: (p) => new DecisionTreeClassifier(p as Partial<DecisionTreeParams>),
  fromArtifact: DecisionTreeClassifier.fromArtifact,
});
