/** Option parsers shared by the train / evaluate / compare commands; errors name the option. */
import { VigilError } from "../../errors.js";

export function positiveInt(name: string, allowZero = false) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
      throw new VigilError(
        "E_CONFIG",
        `--${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${v}"`,
        { field: name },
      );
    }
    return n;
  };
}

export function fraction(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n >= 0 && n < 1))
      throw new VigilError("E_CONFIG", `--${name} must be in [0, 1), got "${v}"`, { field: name });
    return n;
  };
}

export function jsonObject(name: string) {
  return (v: string): Record<string, unknown> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch (cause) {
      throw new VigilError(
        "E_CONFIG",
        `--${name} is not valid JSON: ${String(cause)}`,
        { field: name },
        { cause },
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new VigilError("E_CONFIG", `--${name} must be a JSON object`, { field: name });
    }
    return parsed as Record<string, unknown>;
  };
}

export function labelLevelOption(v: string): "fine" | "taxonomy" | "binary" {
  if (v !== "fine" && v !== "taxonomy" && v !== "binary") {
    throw new VigilError("E_CONFIG", `--label-level must be fine, taxonomy or binary, got "${v}"`, {
      field: "label-level",
    });
  }
  return v;
}
