/** A JSON-safe summary of a loaded dataset (what `vigil dataset load` prints). */
import type { Dataset } from "./index.js";
import { classCounts } from "./labels.js";

export interface DatasetSummary {
  id: string;
  rows: number;
  features: number;
  featureNames: string[];
  labelLevel: string;
  classCounts: Record<string, number>;
  taxonomyCounts: Record<string, number>;
  groups?: { kind: string; count: number };
  timeRange?: { first: number; last: number };
  missingValues: number;
}

export function summarizeDataset(d: Dataset): DatasetSummary {
  let missing = 0;
  const data = d.X.data;
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) missing++;
  const out: DatasetSummary = {
    id: d.id,
    rows: d.X.rows,
    features: d.X.cols,
    featureNames: d.featureNames,
    labelLevel: d.labelLevel,
    classCounts: classCounts(d.y, d.classes),
    taxonomyCounts: classCounts(d.taxonomyLabels.codes, d.taxonomyLabels.names),
    missingValues: missing,
  };
  if (d.groups !== undefined && d.groupNames !== undefined) {
    out.groups = { kind: d.groupKind ?? "group", count: d.groupNames.length };
  }
  if (d.time !== undefined && d.time.length > 0) {
    let first = Infinity;
    let last = -Infinity;
    for (const t of d.time) {
      if (t < first) first = t;
      if (t > last) last = t;
    }
    out.timeRange = { first, last };
  }
  return out;
}
