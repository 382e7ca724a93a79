/**
 * The common label taxonomy every dataset's fine labels map onto, so that models trained on one set
 * can be compared on another. The fine label is always kept beside it.
 */
export const TAXONOMY = [
  "benign",
  "dos",
  "ddos",
  "scan",
  "bruteforce",
  "botnet",
  "injection",
  "spoofing",
  "malware",
  "other",
] as const;

export type TaxonomyLabel = (typeof TAXONOMY)[number];

/** Label granularity of a loaded dataset: the dataset's own labels, the taxonomy, or benign/attack. */
export const LABEL_LEVELS = ["fine", "taxonomy", "binary"] as const;
export type LabelLevel = (typeof LABEL_LEVELS)[number];

export const BINARY_CLASSES = ["benign", "attack"] as const;

export function isTaxonomyLabel(s: string): s is TaxonomyLabel {
  return (TAXONOMY as readonly string[]).includes(s);
}

/**
 * A fine-label → taxonomy mapper from a table keyed by lower-cased fine label. Unknown fine labels
 * map to "other" (and are listed by `unmapped` so specs can be checked in tests).
 */
export function taxonomyMapper(table: Record<string, TaxonomyLabel>): (fine: string) => TaxonomyLabel {
  const lower = new Map(Object.entries(table).map(([k, v]) => [k.toLowerCase(), v]));
  return (fine) => lower.get(fine.toLowerCase()) ?? "other";
}
