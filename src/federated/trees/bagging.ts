/**
 * Federated bagging for tree models: each client fits a forest (or boosted trees) on its own rows and
 * sends the fitted model's artifact (trees, never rows); the server merges the artifacts into one
 * "federated-bagging" classifier that averages the members' class probabilities, each weighted by its
 * client's training rows (or equally). Members that saw fewer classes are padded with zero probability.
 * The merged model is an artifact like any other (registry kind "federated-bagging", loadModel).
 */
import { VigilError } from "../../errors.js";
import { type Classifier, checkFeatures, type ModelArtifact } from "../../models/base.js";
import { createModel, loadModel, registerModel } from "../../models/registry.js";
import { type Matrix, matrix, takeRows } from "../../table/matrix.js";
import "../../models/forest/random-forest.js";
import "../../models/gbdt/gradient-boosting.js";

export const FEDERATED_BAGGING_KIND = "federated-bagging";

export class FederatedBagging implements Classifier<Record<string, never>> {
  readonly kind = FEDERATED_BAGGING_KIND;
  readonly fitted = true;

  private constructor(
    private readonly members: Classifier[],
    private readonly weights: number[],
    readonly nClasses: number,
    private readonly nFeatures: number,
  ) {}

  /** Merges client artifacts (each a fitted classifier on `nFeatures` columns). */
  static merge(
    artifacts: readonly ModelArtifact[],
    weights: readonly number[],
    nClasses: number,
    nFeatures: number,
  ): FederatedBagging {
    if (artifacts.length === 0 || artifacts.length !== weights.length) {
      throw new VigilError("E_CONFIG", `${artifacts.length} client models for ${weights.length} weights`, {
        field: "members",
      });
    }
    const members = artifacts.map((a, k) => {
      try {
        return loadModel<Classifier>(a);
      } catch (e) {
        throw e instanceof VigilError ? e.withContext({ client: k }) : e;
      }
    });
    const total = weights.reduce((s, w) => s + w, 0);
    if (!(total > 0) || weights.some((w) => !(w >= 0)))
      throw new VigilError("E_CONFIG", "member weights must be >= 0 with a positive sum", {
        field: "weights",
      });
    return new FederatedBagging(
      members,
      weights.map((w) => w / total),
      nClasses,
      nFeatures,
    );
  }

  getParams(): Record<string, never> {
    return {};
  }

  clone(): Classifier<Record<string, never>> {
    return this;
  }

  fit(): this {
    throw new VigilError(
      "E_UNSUPPORTED",
      "federated-bagging is merged from client models (FederatedBagging.merge), not fitted",
      { field: "fit" },
    );
  }

  predictProba(X: Matrix): Matrix {
    checkFeatures(X, this.nFeatures, this.kind);
    const k = this.nClasses;
    const out = new Float32Array(X.rows * k);
    this.members.forEach((m, i) => {
      const p = m.predictProba(X);
      const w = this.weights[i];
      for (let r = 0; r < X.rows; r++)
        for (let c = 0; c < Math.min(p.cols, k); c++) out[r * k + c] += w * p.data[r * p.cols + c];
    });
    return matrix(X.rows, k, out);
  }

  predict(X: Matrix): Int32Array {
    const p = this.predictProba(X);
    const k = p.cols;
    return Int32Array.from({ length: p.rows }, (_, r) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (p.data[r * k + c] > p.data[r * k + best]) best = c;
      return best;
    });
  }

  toArtifact(): ModelArtifact {
    return {
      format: "vigil-model",
      version: 1,
      kind: this.kind,
      params: {},
      state: {
        nClasses: this.nClasses,
        nFeatures: this.nFeatures,
        weights: this.weights,
        members: this.members.map((m) => m.toArtifact()),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): FederatedBagging {
    const s = a.state as { nClasses?: unknown; nFeatures?: unknown; weights?: unknown; members?: unknown };
    if (
      typeof s.nClasses !== "number" ||
      typeof s.nFeatures !== "number" ||
      !Array.isArray(s.weights) ||
      !Array.isArray(s.members)
    ) {
      throw new VigilError(
        "E_MODEL",
        "federated-bagging artifact lacks nClasses, nFeatures, weights or members",
        { field: "state" },
      );
    }
    return FederatedBagging.merge(
      s.members as ModelArtifact[],
      s.weights as number[],
      s.nClasses,
      s.nFeatures,
    );
  }
}

registerModel({
  kind: FEDERATED_BAGGING_KIND,
  role: "classifier",
  version: 1,
  create: () => {
    throw new VigilError("E_UNSUPPORTED", "federated-bagging is built by merging client models", {
      field: "model",
    });
  },
  fromArtifact: (a) => FederatedBagging.fromArtifact(a),
});

/** Simulation: every client fits `kind` on its training rows; the server merges the artifacts. */
export function federatedForest(
  fd: { X: Matrix; y: Int32Array; nClasses: number; clients: { train: Int32Array }[] },
  o: { kind: string; params: Record<string, unknown>; weighting?: "rows" | "uniform" },
): { model: FederatedBagging; trees: number; artifactBytes: number } {
  const artifacts: ModelArtifact[] = [];
  const weights: number[] = [];
  let bytes = 0;
  fd.clients.forEach((c, k) => {
    const m = createModel<Classifier>(o.kind, { ...o.params, seed: ((o.params.seed as number) ?? 0) + k });
    m.fit(
      takeRows(fd.X, c.train),
      Int32Array.from(c.train, (r) => fd.y[r]),
    );
    const a = m.toArtifact();
    bytes += Buffer.byteLength(JSON.stringify(a));
    artifacts.push(a);
    weights.push(o.weighting === "uniform" ? 1 : c.train.length);
  });
  const model = FederatedBagging.merge(artifacts, weights, fd.nClasses, fd.X.cols);
  const per = Number(o.params.nEstimators ?? 100);
  return { model, trees: per * fd.clients.length, artifactBytes: bytes };
}
