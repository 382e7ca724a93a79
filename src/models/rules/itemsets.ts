/**
 * Frequent itemsets and association rules.
 * Mining is depth-first over vertical bitsets (Eclat, Zaki 2000): each item keeps the set of rows
 * holding it as a bitset, an itemset's rows are the AND of its items', and an itemset is extended only
 * while it stays frequent (the Apriori property: no superset of an infrequent set is frequent). It
 * returns exactly the itemsets Apriori or FP-Growth return; memory is one bitset per depth.
 * Items are small integers; `mineTransactions` maps string transactions onto them.
 * Rule measures (Agrawal et al. 1993; Brin et al. 1997): support(A => C) = P(A and C),
 * confidence = P(A and C) / P(A), lift = confidence / P(C).
 */
import { VigilError } from "../../errors.js";

export interface Itemset {
  /** Item ids, ascending. */
  items: Int32Array;
  /** Rows holding every item. */
  count: number;
}

export interface MineOptions {
  /** Smallest count kept (absolute). */
  minCount: number;
  /** Longest itemset kept. */
  maxLength: number;
  /** Items that may appear (default all); others are skipped. */
  allowed?: Uint8Array;
  /** Stop (with E_CONFIG) past this many itemsets. Default 1e6. */
  maxItemsets?: number;
}

/** Row bitsets of every item from one-item-per-column encoded rows (rows x cols), over selected rows. */
export function itemBitsets(
  items: Int32Array,
  cols: number,
  nItems: number,
  rows: ArrayLike<number>,
): { bits: Uint32Array; words: number } {
  const words = (rows.length + 31) >>> 5;
  const bits = new Uint32Array(nItems * words);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const w = k >>> 5;
    const m = 1 << (k & 31);
    for (let j = 0; j < cols; j++) bits[items[r * cols + j] * words + w] |= m;
  }
  return { bits, words };
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Every itemset with count >= minCount and length <= maxLength, over item bitsets. */
export function mineItemsets(bits: Uint32Array, words: number, nItems: number, o: MineOptions): Itemset[] {
  const cap = o.maxItemsets ?? 1_000_000;
  const frequent: number[] = [];
  const counts = new Int32Array(nItems);
  for (let it = 0; it < nItems; it++) {
    if (o.allowed !== undefined && o.allowed[it] === 0) continue;
    let c = 0;
    for (let w = 0; w < words; w++) c += popcount(bits[it * words + w]);
    counts[it] = c;
    if (c >= o.minCount && c > 0) frequent.push(it);
  }
  const out: Itemset[] = [];
  const stack = new Uint32Array(o.maxLength * words);
  const prefix: number[] = [];
  const push = (count: number) => {
    if (out.length >= cap) {
      throw new VigilError(
        "E_CONFIG",
        `more than ${cap} frequent itemsets: raise minSupport or lower maxLength`,
        {
          field: "minSupport",
        },
      );
    }
    out.push({ items: Int32Array.from(prefix), count });
  };
  const extend = (depth: number, from: number) => {
    // stack[depth-1] holds the rows of `prefix` (length depth)
    if (depth >= o.maxLength) return;
    const base = (depth - 1) * words;
    for (let f = from; f < frequent.length; f++) {
      const it = frequent[f];
      const ib = it * words;
      const nb = depth * words;
      let c = 0;
      for (let w = 0; w < words; w++) {
        const v = stack[base + w] & bits[ib + w];
        stack[nb + w] = v;
        c += popcount(v);
      }
      if (c < o.minCount || c === 0) continue;
      prefix.push(it);
      push(c);
      extend(depth + 1, f + 1);
      prefix.pop();
    }
  };
  for (let f = 0; f < frequent.length; f++) {
    const it = frequent[f];
    stack.set(bits.subarray(it * words, (it + 1) * words), 0);
    prefix.push(it);
    push(counts[it]);
    extend(1, f + 1);
    prefix.pop();
  }
  return out;
}

export interface NamedItemset {
  items: string[];
  count: number;
  /** count / transactions. */
  support: number;
}

export interface Rule {
  antecedent: string[];
  consequent: string[];
  support: number;
  confidence: number;
  lift: number;
  /** "A and B => C  (support 0.40, confidence 0.80, lift 1.33)". */
  text: string;
}

/** Frequent itemsets of string transactions (duplicates within a transaction are ignored). */
export function mineTransactions(
  transactions: readonly (readonly string[])[],
  options: { minSupport: number; maxLength?: number },
): NamedItemset[] {
  const n = transactions.length;
  if (n === 0) throw new VigilError("E_CONFIG", "no transactions to mine", { field: "transactions" });
  const vocab = [...new Set(transactions.flat())].sort();
  const id = new Map(vocab.map((v, i) => [v, i]));
  const words = (n + 31) >>> 5;
  const bits = new Uint32Array(vocab.length * words);
  transactions.forEach((t, k) => {
    for (const item of t) bits[(id.get(item) as number) * words + (k >>> 5)] |= 1 << (k & 31);
  });
  const sets = mineItemsets(bits, words, vocab.length, {
    minCount: Math.ceil(options.minSupport * n - 1e-9),
    maxLength: options.maxLength ?? vocab.length,
  });
  return sets.map((s) => ({
    items: Array.from(s.items, (i) => vocab[i]),
    count: s.count,
    support: s.count / n,
  }));
}

const keyOf = (items: readonly string[]): string => [...items].sort().join("\u0000");

/**
 * Rules A => C from frequent itemsets (every non-empty proper subset as antecedent), kept when
 * confidence >= minConfidence; `consequentFilter` restricts the consequents (e.g. class items).
 * Sorted by confidence, then lift, then support, descending.
 */
export function associationRules(
  itemsets: readonly NamedItemset[],
  options: { minConfidence: number; consequentFilter?: (items: string[]) => boolean },
): Rule[] {
  const support = new Map(itemsets.map((s) => [keyOf(s.items), s.support]));
  const rules: Rule[] = [];
  for (const s of itemsets) {
    const k = s.items.length;
    if (k < 2) continue;
    for (let mask = 1; mask < (1 << k) - 1; mask++) {
      const ante = s.items.filter((_, i) => (mask >> i) & 1);
      const cons = s.items.filter((_, i) => !((mask >> i) & 1));
      if (options.consequentFilter !== undefined && !options.consequentFilter(cons)) continue;
      const sa = support.get(keyOf(ante));
      const sc = support.get(keyOf(cons));
      if (sa === undefined || sc === undefined) continue;
      const confidence = s.support / sa;
      if (confidence < options.minConfidence) continue;
      rules.push(makeRule(ante, cons, s.support, confidence, confidence / sc));
    }
  }
  return rules.sort((a, b) => b.confidence - a.confidence || b.lift - a.lift || b.support - a.support);
}

const f2 = (v: number): string => v.toFixed(v >= 0.995 || v === 0 ? 2 : 3);

export function makeRule(
  antecedent: string[],
  consequent: string[],
  support: number,
  confidence: number,
  lift: number,
): Rule {
  const text = `${antecedent.join(" and ")} => ${consequent.join(" and ")}  (support ${f2(support)}, confidence ${f2(confidence)}, lift ${lift.toFixed(2)})`;
  return { antecedent, consequent, support, confidence, lift, text };
}
