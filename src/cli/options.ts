/** Parsing of numeric command-line options with errors that name the option. */
import { VigilError } from "../errors.js";

export function numberOption(text: string, name: string, min: number, max: number): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
    throw new VigilError("E_CONFIG", `${name} must be a number in [${min}, ${max}], not "${text}"`, {
      field: name,
    });
  }
  return v;
}

export function intOption(text: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = numberOption(text, name, min, max);
  if (!Number.isInteger(v))
    throw new VigilError("E_CONFIG", `${name} must be an integer, not "${text}"`, { field: name });
  return v;
}
