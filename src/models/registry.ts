/**
 * The model registry (DESIGN.md convention 1): each model kind registers its factory (params → unfitted
 * model) and its loader (artifact → fitted model) under a kind name. `createModel(kind, params)` builds an
 * unfitted model; `loadModel(artifact)` checks the artifact's envelope (format, kind, version) and hands
 * it to the kind's loader. A model module registers itself when imported (`registerModel(...)` at top
 * level), so importing a model is what makes its artifacts loadable.
 */
import { z } from "zod";
import { VigilError } from "../errors.js";
import type { Estimator, ModelArtifact } from "./base.js";

export type ModelRole = "classifier" | "detector" | "transformer";

export interface ModelKind<M extends Estimator = Estimator> {
  /** Registry name ("random-forest", ...); equals `model.kind`. */
  kind: string;
  role: ModelRole;
  /** The artifact version this code writes; loading accepts versions in `readableVersions`. */
  version: number;
  /** Versions the loader understands (defaults to [version]). */
  readableVersions?: number[];
  /** An unfitted model; params are validated by the model (unknown keys rejected with E_CONFIG). */
  create(params: Record<string, unknown>): M;
  /** A fitted model from an artifact whose envelope was already checked. */
  fromArtifact(artifact: ModelArtifact): M;
}

/** The artifact envelope as a schema: every artifact read from a file is parsed with it. */
export const modelArtifactSchema = z.object({
  format: z.literal("vigil-model"),
  version: z.number().int().nonnegative(),
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()),
});

const kinds = new Map<string, ModelKind>();

/** Registers a model kind. Registering the same kind twice with a different entry is an error. */
export function registerModel<M extends Estimator>(entry: ModelKind<M>): void {
  const prev = kinds.get(entry.kind);
  if (prev !== undefined && prev !== (entry as unknown as ModelKind)) {
    // Module re-evaluation (test isolation, hot reload) re-registers: the latest entry wins.
    if (prev.role !== entry.role) {
      throw new VigilError("E_INTERNAL", `model kind "${entry.kind}" registered twice with different roles`);
    }
  }
  kinds.set(entry.kind, entry as unknown as ModelKind);
}

export function isRegistered(kind: string): boolean {
  return kinds.has(kind);
}

/** Registered kind names, sorted. */
export function listModelKinds(role?: ModelRole): string[] {
  return [...kinds.values()]
    .filter((k) => role === undefined || k.role === role)
    .map((k) => k.kind)
    .sort();
}

export function getModelKind(kind: string): ModelKind {
  const entry = kinds.get(kind);
  if (entry === undefined) {
    throw new VigilError(
      "E_CONFIG",
      `unknown model kind "${kind}" (known: ${listModelKinds().join(", ") || "none"}; import the model's module to register it)`,
      { field: "kind" },
    );
  }
  return entry;
}

/** A new unfitted model of the given kind. */
export function createModel<M extends Estimator = Estimator>(
  kind: string,
  params: Record<string, unknown> = {},
): M {
  return getModelKind(kind).create(params) as M;
}

/**
 * A fitted model from an artifact (an object, or JSON text). Checks the envelope with the schema, the kind
 * against the registry and the version against what the kind can read; errors are E_MODEL with the field.
 */
export function loadModel<M extends Estimator = Estimator>(artifact: unknown): M {
  let value = artifact;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch (cause) {
      throw new VigilError("E_MODEL", "model artifact is not valid JSON", {}, { cause });
    }
  }
  const parsed = modelArtifactSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VigilError("E_MODEL", `model artifact is malformed: ${issue.message}`, {
      field: issue.path.join("."),
    });
  }
  const a = parsed.data as ModelArtifact;
  const entry = kinds.get(a.kind);
  if (entry === undefined) {
    throw new VigilError("E_MODEL", `model artifact has unknown kind "${a.kind}"`, { field: "kind" });
  }
  const readable = entry.readableVersions ?? [entry.version];
  if (!readable.includes(a.version)) {
    throw new VigilError(
      "E_MODEL",
      `model artifact version ${a.version} of "${a.kind}" is not readable (this build reads ${readable.join(", ")})`,
      { field: "version" },
    );
  }
  try {
    return entry.fromArtifact(a) as M;
  } catch (e) {
    if (e instanceof VigilError) throw e;
    throw new VigilError(
      "E_MODEL",
      `model artifact of "${a.kind}" has a bad state`,
      { field: "state" },
      { cause: e },
    );
  }
}

/** Checks an artifact's kind and version inside a kind's own fromArtifact (for direct calls). */
export function checkArtifact(a: ModelArtifact, kind: string, versions: number[]): void {
  if (a.format !== "vigil-model") {
    throw new VigilError("E_MODEL", "not a vigil model artifact", { field: "format" });
  }
  if (a.kind !== kind) {
    throw new VigilError("E_MODEL", `artifact kind "${a.kind}" is not "${kind}"`, { field: "kind" });
  }
  if (!versions.includes(a.version)) {
    throw new VigilError("E_MODEL", `artifact version ${a.version} of "${kind}" is not readable`, {
      field: "version",
    });
  }
}
