/**
 * The federation's model: any registered classifier with the ParameterVector capability
 * (models/differentiable.ts), built with the federation's fixed architecture (nFeatures, nClasses), and
 * the fixed feature transform every party applies to its own rows.
 *
 * Architecture without data: ParameterVector.partialFit needs a fitted model, and a client that lacks
 * some classes must still build the global class count. `instantiate` fits the model once on a
 * nClasses-row all-zero placeholder matrix (one row per class, no real data) to fix the shapes, then
 * overwrites the parameters with the global ones. For logistic regression the placeholder fit gives all
 * weights zero; for a network it gives its seeded initialization after a few steps on constant inputs,
 * which the server then broadcasts as round 1's start.
 */
import { createHash } from "node:crypto";
import { VigilError } from "../errors.js";
import type { Classifier } from "../models/base.js";
import { hasParameterVector, type ParameterVector } from "../models/differentiable.js";
import { createModel } from "../models/registry.js";
import type { ModelSpec } from "../schemas/federated.js";
import { type Matrix, matrix } from "../table/matrix.js";
import "../models/linear/logistic.js";

export type FederatedModel = Classifier & ParameterVector;

export function instantiate(spec: ModelSpec, parameters?: Float32Array): FederatedModel {
  const model = createModel<Classifier>(spec.kind, spec.params);
  const X = matrix(spec.nClasses, spec.nFeatures);
  const y = Int32Array.from({ length: spec.nClasses }, (_, c) => c);
  model.fit(X, y);
  if (!hasParameterVector(model)) {
    throw new VigilError("E_CONFIG", `model kind "${spec.kind}" has no ParameterVector capability`, {
      field: "model.kind",
    });
  }
  if (model.nClasses !== spec.nClasses) {
    throw new VigilError(
      "E_MODEL",
      `${spec.kind} built ${model.nClasses} classes, expected ${spec.nClasses}`,
    );
  }
  if (parameters !== undefined) model.setParameters(parameters);
  return model;
}

/** A per-round client learning-rate schedule: rate x max(minFactor, decay^(round - 1)). */
export interface ClientLrDecay {
  decay: number;
  minFactor?: number;
}

/**
 * The model spec clients train with in `round`: the spec itself, or a copy whose learningRate follows
 * the schedule (FedAvg with a decaying client step, as a Flower user sets it per round).
 */
export function scheduledSpec(
  spec: ModelSpec,
  schedule: ClientLrDecay | undefined,
  round: number,
): ModelSpec {
  if (schedule === undefined) return spec;
  const { decay, minFactor = 0 } = schedule;
  if (!(decay > 0 && decay <= 1)) {
    throw new VigilError("E_CONFIG", `clientLrDecay.decay ${decay} not in (0, 1]`, {
      field: "clientLrDecay.decay",
    });
  }
  const lr0 = spec.params.learningRate;
  if (typeof lr0 !== "number") {
    throw new VigilError("E_CONFIG", "clientLrDecay needs an explicit model.params.learningRate", {
      field: "model.params.learningRate",
    });
  }
  const factor = Math.max(minFactor, decay ** (round - 1));
  return { ...spec, params: { ...spec.params, learningRate: lr0 * factor } };
}

/** A fingerprint of the model spec (checkpoints refuse to resume a different model). */
export function modelSha(spec: ModelSpec): string {
  const canonical = JSON.stringify([spec.kind, spec.nFeatures, spec.nClasses, sortKeys(spec.params)]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

function sortKeys(o: Record<string, unknown>): [string, unknown][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k]]);
}

/**
 * The federation's feature transform, applied by every client to its own rows and by the centralised
 * baseline: x -> sign(x) ln(1 + |x|). It needs no statistics of the data (no pooled means), and it tames
 * network counters (bytes, packets, durations spanning many orders of magnitude); one-hot columns stay
 * {0, 0.69}. NaN (missing) becomes 0.
 */
export function signedLog1p(X: Matrix): Matrix {
  const out = new Float32Array(X.data.length);
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    out[i] = Number.isNaN(v) ? 0 : Math.sign(v) * Math.log1p(Math.abs(v));
  }
  return { rows: X.rows, cols: X.cols, data: out };
}
