/**
 * How a flat feature row is read as a sequence: `seqLen` steps of `channels` values, time-major
 * (value (t, c) at t*channels + c). Unset, the whole row is a one-channel sequence (seqLen = nFeatures);
 * with only one of the two set, the other is nFeatures divided by it.
 */
import { VigilError } from "../../errors.js";

export function sequenceShape(
  kind: string,
  nFeatures: number,
  seqLen: number | undefined,
  channels: number | undefined,
): { steps: number; channels: number } {
  const c = channels ?? (seqLen !== undefined ? nFeatures / seqLen : 1);
  const t = seqLen ?? nFeatures / c;
  if (!Number.isInteger(c) || !Number.isInteger(t) || t * c !== nFeatures) {
    throw new VigilError(
      "E_SCHEMA",
      `${kind}: ${nFeatures} features cannot be read as ${seqLen ?? "?"} steps x ${channels ?? "?"} channels`,
      { field: "X" },
    );
  }
  return { steps: t, channels: c };
}
