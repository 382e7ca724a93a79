/**
 * From attributions to what an alert carries: the top features (name, value, attribution, direction)
 * and a one-line reason in words built from the features that pushed hardest towards the explained
 * class, each compared with its usual value (a reference median, e.g. of benign traffic):
 * "flow sent 40x the usual packets (120 vs 3) to port 1883 within 2 s".
 */
import { compareClause, indicatorClause } from "./flow-words.js";

export interface TopFeature {
  name: string;
  value: number;
  attribution: number;
  /** "raises": pushes the explained output up (towards the alerted class); "lowers": against it. */
  direction: "raises" | "lowers";
  /** The reference (usual) value, when known. */
  usual?: number;
}

/** The k features with the largest |attribution|, largest first (ties: lower index first). */
export function topFeatures(
  names: readonly string[],
  x: ArrayLike<number>,
  attributions: ArrayLike<number>,
  k: number,
  usual?: ArrayLike<number>,
): TopFeature[] {
  const idx = Array.from({ length: names.length }, (_, i) => i).filter((i) => attributions[i] !== 0);
  idx.sort((a, b) => Math.abs(attributions[b]) - Math.abs(attributions[a]) || a - b);
  return idx.slice(0, k).map((i) => ({
    name: names[i],
    value: round(x[i]),
    attribution: attributions[i],
    direction: attributions[i] > 0 ? "raises" : "lowers",
    ...(usual !== undefined && Number.isFinite(usual[i]) ? { usual: round(usual[i]) } : {}),
  }));
}

function round(v: number): number {
  return Number.isInteger(v) ? v : Math.round(v * 1e6) / 1e6;
}

export interface FlowContext {
  destPort?: number;
  durationS?: number;
}

/**
 * The reason: the (up to) two strongest features raising the explained output, in words with their
 * usual values, then where and how fast. Falls back to the strongest feature when none raises it.
 */
export function reasonLine(top: readonly TopFeature[], ctx: FlowContext = {}, subject = "flow"): string {
  if (top.length === 0) return `${subject}: no feature moved the output away from its expected value`;
  const raising = top.filter((t) => t.direction === "raises").slice(0, 2);
  const chosen = raising.length > 0 ? raising : top.slice(0, 1);
  // verb phrases ("sent 40x the usual packets") follow the subject; whole clauses about flags and
  // states ("the originator sent no RST") follow "where"
  const verbs = chosen
    .filter((t) => indicatorClause(t.name) === null)
    .map((t) => compareClause(t.name, t.value, t.usual));
  const facts = chosen
    .filter((t) => indicatorClause(t.name) !== null)
    .map((t) => compareClause(t.name, t.value, t.usual));
  let line = subject;
  if (verbs.length > 0) line += ` ${verbs.join(" and ")}`;
  if (facts.length > 0) line += `${verbs.length > 0 ? "," : ""} where ${facts.join(" and ")}`;
  if (facts.length > 0 && (ctx.destPort !== undefined || ctx.durationS !== undefined)) line += ",";
  if (ctx.destPort !== undefined && ctx.destPort >= 0) line += ` to port ${ctx.destPort}`;
  if (ctx.durationS !== undefined && Number.isFinite(ctx.durationS)) {
    const d = ctx.durationS;
    line += ` within ${d >= 10 ? Math.round(d) : d >= 1 ? d.toFixed(1) : d.toPrecision(2)} s`;
  }
  return line;
}

/** Per-feature medians of a row-major matrix (NaN ignored; NaN when a column has no value). */
export function columnMedians(data: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  const col = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + c];
      if (!Number.isNaN(v)) col[n++] = v;
    }
    if (n === 0) {
      out[c] = Number.NaN;
      continue;
    }
    const s = col.subarray(0, n).sort();
    out[c] = n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
  return out;
}
