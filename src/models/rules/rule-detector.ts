/**
 * Association-rule detector (kind "rules"): transparent detection over discretised columns
 * (./discretise.ts), two modes chosen by the labels given to fit:
 * - "class-rules" (fit with y holding attack rows): per attack class c, the itemsets frequent among c's
 *   rows (support >= minSupport within c) become rules "A and B => class=c" with support P(A, c),
 *   confidence P(c | A) and lift P(c | A) / P(c) over all training rows; kept when confidence >=
 *   minConfidence, most confident then shortest first, dropping a rule whose confidence does not beat
 *   every more general rule of the same class by 0.01 (Bayardo et al.'s minimum improvement), at most
 *   maxRules / (number of attack classes) rules per class. score = highest confidence among the attack rules a row matches
 *   (0 when none); the explanation is that rule.
 * - "fpof" (fit without y, or on benign rows only): the frequent itemsets of the training rows are the
 *   normal patterns; score = (number of the row's items rarer than `rareSupport` in training, e.g. a
 *   value outside the training range) + (1 - FPOF), with FPOF(x) = sum of the supports of the patterns
 *   x contains / number of patterns (He, Xu & Deng 2005, Frequent Pattern Outlier Factor). So a row with
 *   a value (almost) never seen in training outranks every row without one, and among those, rows
 *   matching few or rare normal patterns score high. The explanation lists the rare items.
 * When mining finds more than maxPatterns itemsets, maxLength is lowered until it does not.
 */
import { z } from "zod";
import { VigilError } from "../../errors.js";
import type { Matrix } from "../../table/matrix.js";
import type { ModelArtifact } from "../base.js";
import { BaseDetector } from "../cluster/detector-base.js";
import { artifactState, checkFitInput, stateField } from "../linear/support.js";
import { registerModel } from "../registry.js";
import { type Discretiser, encodeItems, fitDiscretiser, itemNames } from "./discretise.js";
import { type Itemset, itemBitsets, popcount, type Rule } from "./itemsets.js";
import { minePatterns, pruneClassRules, type RuleSet } from "./rule-mining.js";
import { decodeRuleState, encodeRuleState } from "./rule-state.js";

export const RULES_KIND = "rules";
const VERSION = 1;

export const ruleDetectorParamsSchema = z
  .object({
    nBins: z.number().int().min(2).default(10),
    /** Smallest support of a frequent itemset (within the class for class rules). */
    minSupport: z.number().gt(0).max(1).default(0.1),
    maxLength: z.number().int().positive().default(3),
    /** fpof mode: an item with training support below this counts as rare (adds 1 to the score). */
    rareSupport: z.number().min(0).max(1).default(0.001),
    minConfidence: z.number().min(0).max(1).default(0.9),
    /** Label of benign rows in y. */
    benignLabel: z.number().int().nonnegative().default(0),
    maxPatterns: z.number().int().positive().default(20_000),
    /** Most rules kept, shared evenly by the attack classes. */
    maxRules: z.number().int().positive().default(500),
    /** Column names for readable items (default x0, x1, ...). */
    featureNames: z.array(z.string()).optional(),
    /** Class names for readable consequents (default the label number). */
    classNames: z.array(z.string()).optional(),
    seed: z.number().int().default(0),
  })
  .strict();
export type RuleDetectorParams = z.infer<typeof ruleDetectorParamsSchema>;

export interface RuleDetectorState {
  nFeatures: number;
  mode: "class-rules" | "fpof";
  disc: Discretiser;
  names: string[];
  /** Training support of every single item. */
  itemSupport: Float64Array;
  /** fpof: the frequent patterns; class-rules: the rules' antecedents. */
  set: RuleSet;
  /** Longest itemset length actually mined (after any lowering). */
  minedLength: number;
}

export interface RuleExplanation {
  score: number;
  /** class-rules: the most confident matching rule (undefined when none matches). */
  rule?: Rule;
  /** Items of the row rare in training (support < rareSupport), e.g. out-of-range values. */
  rareItems: string[];
}

export class RuleDetector extends BaseDetector<RuleDetectorParams, RuleDetectorState> {
  readonly kind = RULES_KIND;

  constructor(params: Partial<RuleDetectorParams> = {}) {
    super(RULES_KIND, ruleDetectorParamsSchema, params, VERSION);
  }

  clone(): RuleDetector {
    return new RuleDetector(this.getParams());
  }

  get mode(): "class-rules" | "fpof" {
    return this.fittedState().mode;
  }

  fit(X: Matrix, y?: Int32Array): this {
    checkFitInput(this.kind, X, y ?? new Int32Array(X.rows));
    const p = this.params;
    const { rows: n, cols: d } = X;
    if (p.featureNames !== undefined && p.featureNames.length !== d) {
      throw new VigilError("E_CONFIG", `rules: ${p.featureNames.length} feature names for ${d} columns`, {
        field: "featureNames",
      });
    }
    const disc = fitDiscretiser(X, p.nBins);
    const items = encodeItems(disc, X);
    const names = itemNames(disc, p.featureNames ?? [], X);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const { bits, words } = itemBitsets(items, d, disc.nItems, all);
    const itemSupport = new Float64Array(disc.nItems);
    for (let it = 0; it < disc.nItems; it++) {
      let c = 0;
      for (let w = 0; w < words; w++) c += popcount(bits[it * words + w]);
      itemSupport[it] = c / n;
    }
    const supervised = y?.some((v) => v !== p.benignLabel) === true;
    let set: RuleSet;
    let minedLength: number;
    if (!supervised) {
      const mined = minePatterns(bits, words, disc.nItems, Math.ceil(p.minSupport * n - 1e-9), p);
      minedLength = mined.length;
      set = patternSet(mined.sets, n);
    } else {
      const r = pruneClassRules(items, d, disc.nItems, bits, words, y as Int32Array, p);
      set = r.set;
      minedLength = r.length;
    }
    this.state = {
      nFeatures: d,
      mode: supervised ? "class-rules" : "fpof",
      disc,
      names,
      itemSupport,
      set,
      minedLength,
    };
    return this;
  }

  /** The rules (class-rules mode) or normal patterns (fpof mode, consequent empty), readable. */
  rules(): Rule[] {
    const s = this.fittedState();
    const out: Rule[] = [];
    for (let r = 0; r < s.set.support.length; r++) out.push(this.ruleAt(s, r));
    return out;
  }

  private ruleAt(s: RuleDetectorState, r: number): Rule {
    const set = s.set;
    const ante = Array.from(set.items.subarray(set.start[r], set.start[r + 1]), (it) => s.names[it]);
    const cls = set.label[r];
    const consequent = cls < 0 ? [] : [`class=${this.params.classNames?.[cls] ?? cls}`];
    const f = (v: number) => v.toFixed(3);
    const text =
      cls < 0
        ? `${ante.join(" and ")}  (support ${f(set.support[r])})`
        : `${ante.join(" and ")} => ${consequent[0]}  (support ${f(set.support[r])}, confidence ${f(set.confidence[r])}, lift ${set.lift[r].toFixed(2)})`;
    return {
      antecedent: ante,
      consequent,
      support: set.support[r],
      confidence: set.confidence[r],
      lift: set.lift[r],
      text,
    };
  }

  /** Per row: score, plus for each row the best matching rule index (-1 when none). */
  private evaluate(X: Matrix, s: RuleDetectorState): { score: Float64Array; best: Int32Array } {
    const n = X.rows;
    const d = X.cols;
    const items = encodeItems(s.disc, X);
    const { bits, words } = itemBitsets(
      items,
      d,
      s.disc.nItems,
      Int32Array.from({ length: n }, (_, i) => i),
    );
    const acc = new Float64Array(n);
    const best = new Int32Array(n).fill(-1);
    const tmp = new Uint32Array(words);
    const set = s.set;
    const nSets = set.support.length;
    const fpof = s.mode === "fpof";
    for (let r = 0; r < nSets; r++) {
      const a = set.start[r];
      const b = set.start[r + 1];
      tmp.set(bits.subarray(set.items[a] * words, (set.items[a] + 1) * words));
      for (let k = a + 1; k < b; k++) {
        const o = set.items[k] * words;
        for (let w = 0; w < words; w++) tmp[w] &= bits[o + w];
      }
      const v = fpof ? set.support[r] : set.confidence[r];
      for (let w = 0; w < words; w++) {
        let m = tmp[w];
        while (m !== 0) {
          const low = m & -m;
          const row = (w << 5) + 31 - Math.clz32(low);
          m ^= low;
          if (fpof) acc[row] += v;
          else if (v > acc[row]) {
            acc[row] = v;
            best[row] = r;
          }
        }
      }
    }
    if (fpof) {
      const rare = this.params.rareSupport;
      for (let i = 0; i < n; i++) {
        let nRare = 0;
        for (let j = 0; j < d; j++) if (s.itemSupport[items[i * d + j]] < rare) nRare++;
        acc[i] = nRare + (nSets === 0 ? 1 : 1 - acc[i] / nSets);
      }
    }
    return { score: acc, best };
  }

  protected apply(X: Matrix, s: RuleDetectorState): Float64Array {
    return this.evaluate(X, s).score;
  }

  /** Score and reason of every row. */
  explain(X: Matrix): RuleExplanation[] {
    const score = this.score(X);
    const s = this.fittedState();
    const { best } = this.evaluate(X, s);
    const items = encodeItems(s.disc, X);
    const out: RuleExplanation[] = [];
    for (let i = 0; i < X.rows; i++) {
      const rareItems: string[] = [];
      for (let j = 0; j < X.cols; j++) {
        const it = items[i * X.cols + j];
        if (s.itemSupport[it] < this.params.rareSupport) rareItems.push(s.names[it]);
      }
      out.push({ score: score[i], rule: best[i] >= 0 ? this.ruleAt(s, best[i]) : undefined, rareItems });
    }
    return out;
  }

  protected encodeState(s: RuleDetectorState): Record<string, unknown> {
    return encodeRuleState(s);
  }

  static fromArtifact(a: ModelArtifact): RuleDetector {
    const m = new RuleDetector(a.params as Partial<RuleDetectorParams>);
    const st = artifactState(a, RULES_KIND, VERSION);
    stateField(st, "disc", RULES_KIND);
    m.state = decodeRuleState(st);
    return m;
  }
}

function patternSet(sets: Itemset[], n: number): RuleSet {
  let total = 0;
  for (const s of sets) total += s.items.length;
  const items = new Int32Array(total);
  const start = new Int32Array(sets.length + 1);
  const support = new Float64Array(sets.length);
  sets.forEach((s, r) => {
    items.set(s.items, start[r]);
    start[r + 1] = start[r] + s.items.length;
    support[r] = s.count / n;
  });
  return {
    items,
    start,
    support,
    confidence: new Float64Array(sets.length),
    lift: new Float64Array(sets.length),
    label: new Int32Array(sets.length).fill(-1),
  };
}

registerModel({
  kind: RULES_KIND,
  role: "detector",
  version: VERSION,
  create: (p) => new RuleDetector(p as Partial<RuleDetectorParams>),
  fromArtifact: (a) => RuleDetector.fromArtifact(a),
});
