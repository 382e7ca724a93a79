/**
 * The samplers by name (`vigil train --augment <name>`), one file each behind the Sampler seam
 * (./sampler.ts), and the parser for an augment option ("smote" or "smote:{\"k\":3}").
 */
import { VigilError } from "../errors.js";
import { Adasyn } from "./adasyn.js";
import { BorderlineSmote } from "./borderline-smote.js";
import { GanOverSampler } from "./gan.js";
import { RandomOverSampler } from "./random-over.js";
import { RandomUnderSampler } from "./random-under.js";
import type { Sampler } from "./sampler.js";
import { Smote } from "./smote.js";

export { type FoldAugmentLog, inTrainingFolds } from "./in-folds.js";
export type { ResampleResult, Sampler } from "./sampler.js";

const FACTORIES: Record<string, (p: Record<string, unknown>) => Sampler> = {
  "random-over": (p) => new RandomOverSampler(p),
  "random-under": (p) => new RandomUnderSampler(p),
  smote: (p) => new Smote(p),
  "borderline-smote": (p) => new BorderlineSmote(p),
  adasyn: (p) => new Adasyn(p),
  gan: (p) => new GanOverSampler(p),
};

export const SAMPLER_NAMES = Object.keys(FACTORIES);

export function createSampler(name: string, params: Record<string, unknown> = {}): Sampler {
  const f = FACTORIES[name];
  if (f === undefined) {
    throw new VigilError("E_CONFIG", `unknown sampler "${name}" (known: ${SAMPLER_NAMES.join(", ")})`, {
      field: "augment",
    });
  }
  return f(params);
}

/** Parses "name" or "name:{json params}" into a sampler. */
export function parseSamplerOption(text: string): Sampler {
  const i = text.indexOf(":");
  const name = (i < 0 ? text : text.slice(0, i)).trim();
  if (i < 0) return createSampler(name);
  let params: unknown;
  try {
    params = JSON.parse(text.slice(i + 1));
  } catch (cause) {
    throw new VigilError(
      "E_CONFIG",
      `--augment params of "${name}" are not valid JSON`,
      { field: "augment" },
      {
        cause,
      },
    );
  }
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new VigilError("E_CONFIG", `--augment params of "${name}" must be a JSON object`, {
      field: "augment",
    });
  }
  return createSampler(name, params as Record<string, unknown>);
}
