/** Artifact state of the rule detector: typed arrays as base64, item names as strings. */
import { VigilError } from "../../errors.js";
import { encodeArray } from "../codec.js";
import { stateArray, stateField, stateInt } from "../linear/support.js";
import type { RuleDetectorState } from "./rule-detector.js";

const K = "rules";

export function encodeRuleState(s: RuleDetectorState): Record<string, unknown> {
  const { disc, set } = s;
  return {
    nFeatures: s.nFeatures,
    mode: s.mode,
    minedLength: s.minedLength,
    names: s.names,
    itemSupport: encodeArray(s.itemSupport),
    disc: {
      cuts: encodeArray(disc.cuts),
      cutStart: encodeArray(disc.cutStart),
      min: encodeArray(disc.min),
      max: encodeArray(disc.max),
      offset: encodeArray(disc.offset),
    },
    set: {
      items: encodeArray(set.items),
      start: encodeArray(set.start),
      support: encodeArray(set.support),
      confidence: encodeArray(set.confidence),
      lift: encodeArray(set.lift),
      label: encodeArray(set.label),
    },
  };
}

export function decodeRuleState(st: Record<string, unknown>): RuleDetectorState {
  const d = stateInt(st, "nFeatures", K);
  const mode = st.mode;
  if (mode !== "fpof" && mode !== "class-rules") {
    throw new VigilError("E_MODEL", `rules artifact: unknown mode ${String(mode)}`, { field: "state.mode" });
  }
  const ds = stateField<Record<string, unknown>>(st, "disc", K);
  const offset = stateArray(ds, "offset", K, Int32Array, d + 1);
  const cutStart = stateArray(ds, "cutStart", K, Int32Array, d + 1);
  const nItems = offset[d];
  const names = stateField<unknown>(st, "names", K);
  if (!Array.isArray(names) || names.length !== nItems || names.some((v) => typeof v !== "string")) {
    throw new VigilError("E_MODEL", "rules artifact: names must be one string per item", {
      field: "state.names",
    });
  }
  const ss = stateField<Record<string, unknown>>(st, "set", K);
  const start = stateArray(ss, "start", K, Int32Array);
  const nSets = start.length - 1;
  const items = stateArray(ss, "items", K, Int32Array, start[nSets]);
  for (const it of items) {
    if (it < 0 || it >= nItems)
      throw new VigilError("E_MODEL", "rules artifact: item out of range", { field: "state.set.items" });
  }
  return {
    nFeatures: d,
    mode,
    minedLength: stateInt(st, "minedLength", K),
    names: names as string[],
    itemSupport: stateArray(st, "itemSupport", K, Float64Array, nItems),
    disc: {
      nFeatures: d,
      cuts: stateArray(ds, "cuts", K, Float64Array, cutStart[d]),
      cutStart,
      min: stateArray(ds, "min", K, Float64Array, d),
      max: stateArray(ds, "max", K, Float64Array, d),
      offset,
      nItems,
    },
    set: {
      items,
      start,
      support: stateArray(ss, "support", K, Float64Array, nSets),
      confidence: stateArray(ss, "confidence", K, Float64Array, nSets),
      lift: stateArray(ss, "lift", K, Float64Array, nSets),
      label: stateArray(ss, "label", K, Int32Array, nSets),
    },
  };
}
