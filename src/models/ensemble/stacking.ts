/**
 * Stacking ensemble (scikit-learn's StackingClassifier with stack_method="predict_proba"): the final
 * classifier is fitted on the members' out-of-fold class probabilities (stratified `folds`-fold,
 * seeded; all k columns per member), optionally with the original features appended (`passthrough`);
 * then each member is refitted on all rows. Prediction feeds the members' probabilities to the final.
 * Rows in the out-of-fold matrix are never predicted by a model that saw them.
 */
import { z } from "zod";
import { NotFittedError, VigilError } from "../../errors.js";
import { type Matrix, matrix, takeRows } from "../../table/matrix.js";
import { type Classifier, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { artifactState, checkFitInput, stateField } from "../linear/support.js";
import "../linear/logistic.js"; // the default final estimator
import { stepSpecSchema } from "../preprocess/pipeline.js";
import { createModel, loadModel, registerModel } from "../registry.js";
import { foldIndices, stratifiedFoldIds } from "./fold-ids.js";

export const STACKING_KIND = "stacking";
const VERSION = 1;

export const stackingParamsSchema = z
  .object({
    estimators: z.array(stepSpecSchema).min(1),
    final: stepSpecSchema.default({ kind: "logistic-regression", params: {} }),
    folds: z.number().int().min(2).default(5),
    passthrough: z.boolean().default(false),
    seed: z.number().int().default(0),
  })
  .strict();
export type StackingParams = z.infer<typeof stackingParamsSchema>;

export class Stacking implements Classifier<StackingParams> {
  readonly kind = STACKING_KIND;
  private readonly params: StackingParams;
  private members: Classifier[] | undefined;
  private finalModel: Classifier | undefined;
  private k = 0;

  constructor(
    params: {
      estimators: Array<{ kind: string; params?: Record<string, unknown> }>;
    } & Partial<StackingParams>,
  ) {
    this.params = parseParams(stackingParamsSchema, params, STACKING_KIND);
  }

  get fitted(): boolean {
    return this.finalModel !== undefined;
  }

  get nClasses(): number {
    return this.k;
  }

  getParams(): StackingParams {
    return structuredClone(this.params);
  }

  clone(): Stacking {
    return new Stacking(this.getParams());
  }

  private metaFeatures(X: Matrix, probas: Matrix[]): Matrix {
    const k = this.k;
    const width = probas.length * k + (this.params.passthrough ? X.cols : 0);
    const out = new Float32Array(X.rows * width);
    for (let i = 0; i < X.rows; i++) {
      probas.forEach((p, t) => {
        for (let c = 0; c < p.cols && c < k; c++) out[i * width + t * k + c] = p.data[i * p.cols + c];
      });
      if (this.params.passthrough)
        out.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * width + probas.length * k);
    }
    return matrix(X.rows, width, out);
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    this.k = Math.max(2, checkFitInput(this.kind, X, y, { allowNaN: true }));
    const specs = this.params.estimators;
    const oof = specs.map(() => matrix(X.rows, this.k));
    const ids = stratifiedFoldIds(y, this.params.folds, this.params.seed);
    for (let f = 0; f < this.params.folds; f++) {
      const { train, test } = foldIndices(ids, f);
      const Xtr = takeRows(X, train);
      const ytr = Int32Array.from(train, (i) => y[i]);
      const sw = options.sampleWeight ? Float32Array.from(train, (i) => options.sampleWeight![i]) : undefined;
      const Xte = takeRows(X, test);
      specs.forEach((s, t) => {
        const p = createModel<Classifier>(s.kind, s.params)
          .fit(Xtr, ytr, { sampleWeight: sw })
          .predictProba(Xte);
        for (let r = 0; r < test.length; r++) {
          for (let c = 0; c < p.cols && c < this.k; c++)
            oof[t].data[test[r] * this.k + c] = p.data[r * p.cols + c];
        }
      });
    }
    this.finalModel = createModel<Classifier>(this.params.final.kind, this.params.final.params).fit(
      this.metaFeatures(X, oof),
      y,
      options,
    );
    this.members = specs.map((s) => createModel<Classifier>(s.kind, s.params).fit(X, y, options));
    return this;
  }

  private parts(): { members: Classifier[]; final: Classifier } {
    if (this.members === undefined || this.finalModel === undefined) {
      throw new NotFittedError(this.kind);
    }
    return { members: this.members, final: this.finalModel };
  }

  predictProba(X: Matrix): Matrix {
    const { members, final } = this.parts();
    return final.predictProba(
      this.metaFeatures(
        X,
        members.map((m) => m.predictProba(X)),
      ),
    );
  }

  predict(X: Matrix): Int32Array {
    const { members, final } = this.parts();
    return final.predict(
      this.metaFeatures(
        X,
        members.map((m) => m.predictProba(X)),
      ),
    );
  }

  toArtifact(): ModelArtifact {
    const { members, final } = this.parts();
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as unknown as Record<string, unknown>,
      state: { nClasses: this.k, members: members.map((m) => m.toArtifact()), final: final.toArtifact() },
    };
  }

  static fromArtifact(a: ModelArtifact): Stacking {
    const st = artifactState(a, STACKING_KIND, VERSION);
    const s = new Stacking(a.params as StackingParams);
    const arts = stateField<unknown[]>(st, "members", STACKING_KIND);
    if (!Array.isArray(arts) || arts.length !== s.params.estimators.length) {
      throw new VigilError("E_MODEL", "stacking artifact's members do not match its estimators", {
        field: "state.members",
      });
    }
    s.members = arts.map((x) => loadModel<Classifier>(x));
    s.finalModel = loadModel<Classifier>(stateField<unknown>(st, "final", STACKING_KIND));
    s.k = stateField<number>(st, "nClasses", STACKING_KIND);
    return s;
  }
}

registerModel({
  kind: STACKING_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new Stacking(p as StackingParams),
  fromArtifact: (a) => Stacking.fromArtifact(a),
});
