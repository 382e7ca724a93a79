/**
 * Voting ensemble over any registered classifiers (scikit-learn's VotingClassifier):
 * - soft: predictProba = weighted mean of the members' probabilities; predict = its arg-max;
 * - hard: each member votes its predicted class with its weight; predictProba = vote shares, and
 *   predict = the class with the most weight (ties to the smaller index).
 * params: { estimators: [{ kind, params }], voting, weights? }. The artifact nests the members'.
 */
import { z } from "zod";
import { NotFittedError, VigilError } from "../../errors.js";
import { type Matrix, matrix } from "../../table/matrix.js";
import { type Classifier, type FitOptions, type ModelArtifact, parseParams } from "../base.js";
import { argmaxRows, artifactState, checkFitInput, stateField } from "../linear/support.js";
import { stepSpecSchema } from "../preprocess/pipeline.js";
import { createModel, loadModel, registerModel } from "../registry.js";

export const VOTING_KIND = "voting";
const VERSION = 1;

export const votingParamsSchema = z
  .object({
    estimators: z.array(stepSpecSchema).min(1),
    voting: z.enum(["soft", "hard"]).default("soft"),
    weights: z.array(z.number().nonnegative()).optional(),
  })
  .strict()
  .refine((p) => p.weights === undefined || p.weights.length === p.estimators.length, {
    message: "weights must have one value per estimator",
    path: ["weights"],
  });
export type VotingParams = z.infer<typeof votingParamsSchema>;

export class Voting implements Classifier<VotingParams> {
  readonly kind = VOTING_KIND;
  private readonly params: VotingParams;
  private members: Classifier[] | undefined;
  private k = 0;

  constructor(
    params: { estimators: Array<{ kind: string; params?: Record<string, unknown> }> } & Partial<VotingParams>,
  ) {
    this.params = parseParams(votingParamsSchema, params, VOTING_KIND);
  }

  get fitted(): boolean {
    return this.members !== undefined;
  }

  get nClasses(): number {
    return this.k;
  }

  getParams(): VotingParams {
    return structuredClone(this.params);
  }

  clone(): Voting {
    return new Voting(this.getParams());
  }

  fit(X: Matrix, y: Int32Array, options: FitOptions = {}): this {
    this.k = Math.max(2, checkFitInput(this.kind, X, y, { allowNaN: true }));
    this.members = this.params.estimators.map((s) =>
      createModel<Classifier>(s.kind, s.params).fit(X, y, options),
    );
    return this;
  }

  private fittedMembers(): Classifier[] {
    if (this.members === undefined) throw new NotFittedError(this.kind);
    return this.members;
  }

  predictProba(X: Matrix): Matrix {
    const members = this.fittedMembers();
    const k = this.k;
    const out = new Float32Array(X.rows * k);
    const w = this.params.weights ?? members.map(() => 1);
    const wsum = w.reduce((a, b) => a + b, 0) || 1;
    members.forEach((m, t) => {
      if (this.params.voting === "soft") {
        const p = m.predictProba(X);
        for (let i = 0; i < X.rows; i++)
          for (let c = 0; c < p.cols && c < k; c++) out[i * k + c] += (w[t] * p.data[i * p.cols + c]) / wsum;
      } else {
        const pred = m.predict(X);
        for (let i = 0; i < X.rows; i++) out[i * k + pred[i]] += w[t] / wsum;
      }
    });
    return matrix(X.rows, k, out);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X));
  }

  toArtifact(): ModelArtifact {
    return {
      format: "vigil-model",
      version: VERSION,
      kind: this.kind,
      params: structuredClone(this.params) as unknown as Record<string, unknown>,
      state: { nClasses: this.k, members: this.fittedMembers().map((m) => m.toArtifact()) },
    };
  }

  static fromArtifact(a: ModelArtifact): Voting {
    const st = artifactState(a, VOTING_KIND, VERSION);
    const v = new Voting(a.params as VotingParams);
    const arts = stateField<unknown[]>(st, "members", VOTING_KIND);
    if (!Array.isArray(arts) || arts.length !== v.params.estimators.length) {
      throw new VigilError("E_MODEL", "voting artifact's members do not match its estimators", {
        field: "state.members",
      });
    }
    v.members = arts.map((x) => loadModel<Classifier>(x));
    v.k = stateField<number>(st, "nClasses", VOTING_KIND);
    return v;
  }
}

registerModel({
  kind: VOTING_KIND,
  role: "classifier",
  version: VERSION,
  create: (p) => new Voting(p as VotingParams),
  fromArtifact: (a) => Voting.fromArtifact(a),
});
