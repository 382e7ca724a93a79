/**
 * A pipeline: transformers, then optionally a final classifier, built by kind from the registry and
 * saved and loaded as ONE artifact (each step's artifact nested in order). fit() fits each transformer
 * on the output of the previous ones, then the classifier; predict / predictProba run the same chain.
 * Without a final classifier the pipeline is a transformer (its `transform` runs every step).
 *
 * params: { steps: [{ kind, params }, ...] }.
 */
import { z } from "zod";
import { NotFittedError, VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import {
  type Classifier,
  type Estimator,
  type FitOptions,
  type ModelArtifact,
  parseParams,
  type Transformer,
} from "../base.js";
import { artifactState, checkFitInput, stateField } from "../linear/support.js";
import { createModel, getModelKind, loadModel, registerModel } from "../registry.js";

export const PIPELINE_KIND = "pipeline";
const VERSION = 1;

export const stepSpecSchema = z.object({
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type StepSpec = z.infer<typeof stepSpecSchema>;

export const pipelineParamsSchema = z.object({ steps: z.array(stepSpecSchema).min(1) }).strict();
export type PipelineParams = z.infer<typeof pipelineParamsSchema>;

export class Pipeline implements Classifier<PipelineParams>, Transformer<PipelineParams> {
  readonly kind = PIPELINE_KIND;
  private readonly params: PipelineParams;
  private steps: Estimator[] | undefined;

  constructor(params: { steps: Array<{ kind: string; params?: Record<string, unknown> }> }) {
    this.params = parseParams(pipelineParamsSchema, params, PIPELINE_KIND);
    this.params.steps.forEach((s, i) => {
      const role = getModelKindSafe(s.kind, i).role;
      const last = i === this.params.steps.length - 1;
      if (role === "detector" || (role === "classifier" && !last)) {
        throw new VigilError(
          "E_CONFIG",
          `pipeline step ${i} ("${s.kind}") is a ${role}: only the last step may be a classifier`,
          {
            field: `steps.${i}.kind`,
          },
        );
      }
    });
  }

  get fitted(): boolean {
    return this.steps !== undefined;
  }

  /** True when the last step is a classifier. */
  get hasClassifier(): boolean {
    const last = this.params.steps[this.params.steps.length - 1];
    return getModelKind(last.kind).role === "classifier";
  }

  get nClasses(): number {
    const f = this.steps?.[this.steps.length - 1] as Classifier | undefined;
    return this.hasClassifier && f !== undefined ? f.nClasses : 0;
  }

  /** The fitted steps, in order (for inspection and export). */
  get fittedSteps(): readonly Estimator[] {
    if (this.steps === undefined) throw new NotFittedError(this.kind);
    return this.steps;
  }

  getParams(): PipelineParams {
    return structuredClone(this.params);
  }

  clone(): Pipeline {
    return new Pipeline(this.getParams());
  }

  fit(X: Matrix, y?: Int32Array, options: FitOptions = {}): this {
    if (y !== undefined) checkFitInput(this.kind, X, y, { allowNaN: true });
    const steps: Estimator[] = [];
    let cur = X;
    this.params.steps.forEach((spec, i) => {
      const m = createModel(spec.kind, spec.params);
      try {
        if (i === this.params.steps.length - 1 && this.hasClassifier) {
          if (y === undefined)
            throw new VigilError("E_CONFIG", "pipeline with a classifier needs labels", { field: "y" });
          (m as Classifier).fit(cur, y, options);
        } else {
          const t = m as Transformer;
          t.fit(cur, y);
          cur = t.transform(cur);
        }
      } catch (e) {
        if (e instanceof VigilError) throw e.withContext({ step: i, stepKind: spec.kind });
        throw e;
      }
      steps.push(m);
    });
    this.steps = steps;
    return this;
  }

  /** Runs every transformer step (all steps when there is no final classifier). */
  transform(X: Matrix): Matrix {
    const steps = this.fittedSteps;
    const nT = this.hasClassifier ? steps.length - 1 : steps.length;
    let cur = X;
    for (let i = 0; i < nT; i++) cur = (steps[i] as Transformer).transform(cur);
    return cur;
  }

  private final(): Classifier {
    const steps = this.fittedSteps;
    if (!this.hasClassifier) {
      throw new VigilError("E_CONFIG", "this pipeline has no final classifier", { field: "steps" });
    }
    return steps[steps.length - 1] as Classifier;
  }

  predict(X: Matrix): Int32Array {
    return this.final().predict(this.transform(X));
  }

  predictProba(X: Matrix): Matrix {
    return this.final().predictProba(this.transform(X));
  }

  toArtifact(): ModelArtifact {
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as unknown as Record<string, unknown>,
      state: { steps: this.fittedSteps.map((s) => s.toArtifact()) },
    };
  }

  static fromArtifact(a: ModelArtifact): Pipeline {
    const st = artifactState(a, PIPELINE_KIND, VERSION);
    const p = new Pipeline(a.params as PipelineParams);
    const arts = stateField<unknown[]>(st, "steps", PIPELINE_KIND);
    if (!Array.isArray(arts) || arts.length !== p.params.steps.length) {
      throw new VigilError(
        "E_MODEL",
        `pipeline artifact has ${Array.isArray(arts) ? arts.length : 0} step states for ${p.params.steps.length} steps`,
        {
          field: "state.steps",
        },
      );
    }
    p.steps = arts.map((art, i) => {
      try {
        return loadModel(art);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new VigilError(
          "E_MODEL",
          `pipeline step ${i}: ${msg}`,
          { field: `state.steps.${i}` },
          { cause: e },
        );
      }
    });
    return p;
  }
}

function getModelKindSafe(kind: string, i: number) {
  try {
    return getModelKind(kind);
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/ \[[^\]]*\]$/, "") : String(e);
    throw new VigilError(
      "E_CONFIG",
      `pipeline step ${i}: ${msg}`,
      { field: `steps.${i}.kind` },
      { cause: e },
    );
  }
}

registerModel({
  kind: PIPELINE_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new Pipeline(p as PipelineParams),
  fromArtifact: (a) => Pipeline.fromArtifact(a),
});
