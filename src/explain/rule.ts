/**
 * A tree's decision path for one row as a readable rule: the splits the row passed, folded per feature
 * into one interval ("12 < orig_pkts <= 40"), then the leaf's verdict:
 * "orig_pkts > 35 and duration_s <= 2.1 ⇒ port-scan (0.97)". A missing value (NaN) goes right and reads
 * "x is missing". For an ensemble, the tree whose leaf gives the explained class the most weight is shown
 * (named "tree t of N"), as one readable witness of the vote, not the whole model.
 */
import type { TreeModelView } from "./tree-view.js";

function num(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toPrecision(3);
  return String(Math.round(v * 1000) / 1000);
}

/** The conditions on tree t's path for row x, folded per feature, in path order. */
export function pathConditions(
  view: TreeModelView,
  t: number,
  x: ArrayLike<number>,
  names: readonly string[],
): { conditions: string[]; leaf: number } {
  const e = view.ensemble;
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  const missing = new Set<number>();
  const order: number[] = [];
  let n = e.roots[t];
  while (e.feature[n] >= 0) {
    const f = e.feature[n];
    const th = e.threshold[n];
    if (!order.includes(f)) order.push(f);
    if (Number.isNaN(x[f])) {
      missing.add(f);
      n = e.right[n];
    } else if (x[f] <= th) {
      hi.set(f, Math.min(hi.get(f) ?? Number.POSITIVE_INFINITY, th));
      n = e.left[n];
    } else {
      lo.set(f, Math.max(lo.get(f) ?? Number.NEGATIVE_INFINITY, th));
      n = e.right[n];
    }
  }
  const conditions = order.map((f) => {
    const name = names[f] ?? `x${f}`;
    if (missing.has(f)) return `${name} is missing`;
    const l = lo.get(f);
    const h = hi.get(f);
    if (l !== undefined && h !== undefined) return `${num(l)} < ${name} <= ${num(h)}`;
    if (l !== undefined) return `${name} > ${num(l)}`;
    return `${name} <= ${num(h as number)}`;
  });
  return { conditions, leaf: n };
}

/** The rule for the explained class k of row x (see the module comment). */
export function decisionRule(
  view: TreeModelView,
  x: ArrayLike<number>,
  names: readonly string[],
  k: number,
  classNames?: readonly string[],
): string {
  const e = view.ensemble;
  const { col, sign } = view.column(k);
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < e.nTrees; t++) {
    const oo = e.outputOffset[t];
    if (col < oo || col >= oo + e.nOutputs) continue;
    const { leaf } = pathConditions(view, t, x, names);
    const v = sign * e.value[leaf * e.nOutputs + (col - oo)];
    if (v > bestValue) {
      bestValue = v;
      best = t;
    }
  }
  if (best < 0) return "";
  const { conditions } = pathConditions(view, best, x, names);
  const label = classNames?.[k] ?? `class ${k}`;
  const what = e.nOutputs > 1 ? `${label} (${num(bestValue)})` : `${label} (leaf ${num(bestValue)})`;
  const where = e.nTrees > 1 ? ` [tree ${best + 1} of ${e.nTrees}]` : "";
  return `${conditions.length > 0 ? conditions.join(" and ") : "always"} ⇒ ${what}${where}`;
}
