/**
 * Mining steps of the rule detector: frequent patterns with an automatic cap (lower maxLength until at
 * most maxPatterns itemsets), and class association rules ("A => class=c") with redundancy pruning.
 */
import { VigilError } from "../../errors.js";
import { type Itemset, itemBitsets, mineItemsets, popcount } from "./itemsets.js";

/** Itemsets (patterns or rule antecedents) as flat arrays; label -1 = a pattern, else the rule's class. */
export interface RuleSet {
  items: Int32Array;
  /** Set r's items are items[start[r] .. start[r+1]). */
  start: Int32Array;
  support: Float64Array;
  confidence: Float64Array;
  lift: Float64Array;
  label: Int32Array;
}

export interface MiningParams {
  minSupport: number;
  maxLength: number;
  minConfidence: number;
  benignLabel: number;
  maxPatterns: number;
  maxRules: number;
}

/** Frequent itemsets, lowering the length limit while there are more than maxPatterns. */
export function minePatterns(
  bits: Uint32Array,
  words: number,
  nItems: number,
  minCount: number,
  p: MiningParams,
): { sets: Itemset[]; length: number } {
  for (let len = p.maxLength; len >= 1; len--) {
    try {
      return {
        sets: mineItemsets(bits, words, nItems, { minCount, maxLength: len, maxItemsets: p.maxPatterns }),
        length: len,
      };
    } catch (e) {
      if (!(e instanceof VigilError) || e.code !== "E_CONFIG" || len === 1) throw e;
    }
  }
  throw new VigilError("E_INTERNAL", "unreachable");
}

interface Candidate {
  items: Int32Array;
  label: number;
  countClass: number;
  countAll: number;
}

/** Class association rules for every attack class in y (see rule-detector.ts for the definitions). */
export function pruneClassRules(
  items: Int32Array,
  d: number,
  nItems: number,
  bitsAll: Uint32Array,
  wordsAll: number,
  y: Int32Array,
  p: MiningParams,
): { set: RuleSet; length: number } {
  const n = y.length;
  let k = 0;
  for (const v of y) if (v + 1 > k) k = v + 1;
  const rowsOf: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) rowsOf[y[i]].push(i);
  const tmp = new Uint32Array(wordsAll);
  const candidates: Candidate[] = [];
  let length = p.maxLength;
  for (let c = 0; c < k; c++) {
    if (c === p.benignLabel || rowsOf[c].length === 0) continue;
    const { bits, words } = itemBitsets(items, d, nItems, rowsOf[c]);
    const minCount = Math.ceil(p.minSupport * rowsOf[c].length - 1e-9);
    const mined = minePatterns(bits, words, nItems, minCount, p);
    length = Math.min(length, mined.length);
    for (const s of mined.sets) {
      // a rule can reach minConfidence only if countAll <= countClass / minConfidence
      const limit = p.minConfidence > 0 ? s.count / p.minConfidence : Number.POSITIVE_INFINITY;
      tmp.set(bitsAll.subarray(s.items[0] * wordsAll, (s.items[0] + 1) * wordsAll));
      for (let t = 1; t < s.items.length; t++) {
        const o = s.items[t] * wordsAll;
        for (let w = 0; w < wordsAll; w++) tmp[w] &= bitsAll[o + w];
      }
      let all = 0;
      for (let w = 0; w < wordsAll && all <= limit; w++) all += popcount(tmp[w]);
      if (all > limit || all === 0) continue;
      candidates.push({ items: s.items, label: c, countClass: s.count, countAll: all });
    }
  }
  candidates.sort(
    (a, b) =>
      b.countClass / b.countAll - a.countClass / a.countAll ||
      a.items.length - b.items.length ||
      b.countClass - a.countClass,
  );
  // maxRules shared evenly by the attack classes, so one easy class cannot crowd out the others
  let nAttack = 0;
  for (let c = 0; c < k; c++) if (c !== p.benignLabel && rowsOf[c].length > 0) nAttack++;
  const perClass = Math.max(1, Math.floor(p.maxRules / Math.max(1, nAttack)));
  // a rule must beat each of its generalisations (same class, subset antecedent, itself a rule) by
  // MIN_IMPROVEMENT in confidence (Bayardo, Agrawal & Gunopulos 2000), or it says nothing new
  const confOf = new Map<string, number>();
  for (const c of candidates) confOf.set(`${c.label}:${c.items.join(",")}`, c.countClass / c.countAll);
  const keptOf = new Int32Array(k);
  const kept: Candidate[] = [];
  for (const cand of candidates) {
    if (keptOf[cand.label] >= perClass) continue;
    const conf = cand.countClass / cand.countAll;
    if (!improves(cand, conf, confOf)) continue;
    kept.push(cand);
    keptOf[cand.label]++;
  }
  let total = 0;
  for (const r of kept) total += r.items.length;
  const set: RuleSet = {
    items: new Int32Array(total),
    start: new Int32Array(kept.length + 1),
    support: new Float64Array(kept.length),
    confidence: new Float64Array(kept.length),
    lift: new Float64Array(kept.length),
    label: new Int32Array(kept.length),
  };
  kept.forEach((r, i) => {
    set.items.set(r.items, set.start[i]);
    set.start[i + 1] = set.start[i] + r.items.length;
    set.support[i] = r.countClass / n;
    set.confidence[i] = r.countClass / r.countAll;
    set.lift[i] = set.confidence[i] / (rowsOf[r.label].length / n);
    set.label[i] = r.label;
  });
  return { set, length };
}

const MIN_IMPROVEMENT = 0.01;

/** Whether the rule's confidence beats every generalisation that is itself a candidate rule. */
function improves(cand: Candidate, conf: number, confOf: Map<string, number>): boolean {
  const m = cand.items.length;
  for (let mask = 1; mask < (1 << m) - 1; mask++) {
    const sub: number[] = [];
    for (let i = 0; i < m; i++) if ((mask >> i) & 1) sub.push(cand.items[i]);
    const c = confOf.get(`${cand.label}:${sub.join(",")}`);
    if (c !== undefined && c >= conf - MIN_IMPROVEMENT) return false;
  }
  return true;
}
