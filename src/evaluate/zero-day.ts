/**
 * Zero-day protocol (leave-one-attack-family-out).
 * Rows: optional stratified sample, then a stratified train/test split (testFraction), then the
 * training side split again into fit / validation rows (validationFraction), all seeded.
 * - Anomaly detectors see benign fit rows only, so they are the same for every held-out family: each is
 *   fitted once, its threshold set on benign validation rows at the target FPR (1% by default), and its
 *   detection rate measured on every attack family's test rows (plus the benign test FPR it really has).
 * - The supervised model is refitted per family F on the fit rows of every class but F. On test rows of
 *   F (a class it never saw) each row is, at the model's operating point:
 *     "unknown"  when its largest class probability is below tau, tau set so that targetFpr of the
 *                known-class validation rows (every class but F, benign included) fall below it;
 *     "attack"   when not unknown and predicted as some (other) attack class;
 *     "missed"   when not unknown and predicted benign.
 *   flagged = attack + unknown = 1 - missed. The benign test rows' flagged share is reported too.
 * Detector inputs are median-imputed and standardised with statistics of the benign fit rows ("scaled"),
 * or only median-imputed ("raw", for the rule detector, whose items then read in the data's units).
 */
import { stratifiedTrainTestSplit } from "../datasets/splits.js";
import { VigilError } from "../errors.js";
import type { Classifier, Detector, Transformer } from "../models/base.js";
import { createModel } from "../models/registry.js";
import { Rng } from "../models/tree/random.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import { stratifiedSample } from "./compare.js";
import { factoryOf, type ModelSpec, padProba } from "./crossval.js";
import { rocAuc } from "./ranking.js";
import { type DetectorSpec, flaggedRate, operatingPoint } from "./zero-day-detectors.js";

export interface ZeroDayInput {
  X: Matrix;
  y: Int32Array;
  classes: string[];
  benignClass: number;
  featureNames: string[];
}

export interface ZeroDayOptions {
  detectors: DetectorSpec[];
  /** Supervised model spec (e.g. resolveLearner("random-forest")); omitted = no supervised column. */
  supervised?: { name: string; spec: ModelSpec; maxFitRows?: number };
  targetFpr?: number;
  seed?: number;
  testFraction?: number;
  validationFraction?: number;
  /** Stratified sample of this many rows before splitting. */
  sample?: number;
  /** Families to hold out (default every non-benign class). */
  families?: string[];
  log?: (line: string) => void;
}

export interface DetectorResult {
  name: string;
  kind: string;
  params: Record<string, unknown>;
  fitRows: number;
  fitSeconds: number;
  threshold: number;
  /** Benign test rows above the threshold. */
  benignTestFpr: number;
  /** ROC-AUC, benign test rows vs every attack test row. */
  rocAucAllAttacks: number;
  /** Set when the detector failed (fit or score): its cells are null. */
  error?: string;
}

export interface SupervisedFamilyResult {
  fitRows: number;
  fitSeconds: number;
  /** Max-probability floor below which a row is "unknown". */
  unknownBelow: number;
  attack: number;
  unknown: number;
  missed: number;
  flagged: number;
  benignTestFlagged: number;
}

export interface FamilyResult {
  family: string;
  testRows: number;
  /** Detection rate at the detector's threshold, by detector name (null when the detector failed). */
  detection: Record<string, number | null>;
  supervised?: SupervisedFamilyResult;
}

export interface ZeroDayResult {
  protocol: {
    targetFpr: number;
    seed: number;
    testFraction: number;
    validationFraction: number;
    sample: number | null;
    rows: { fit: number; validation: number; test: number; benignFit: number; benignValidation: number };
    supervised: string | null;
  };
  detectors: DetectorResult[];
  families: FamilyResult[];
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

function rowsWhere(idx: Int32Array, pred: (i: number) => boolean): Int32Array {
  return idx.filter((i) => pred(i));
}

function subsample(idx: Int32Array, max: number | undefined, seed: number): Int32Array {
  if (max === undefined || idx.length <= max) return idx;
  const a = Int32Array.from(idx);
  const rng = new Rng(seed);
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.slice(0, max).sort();
}

export function runZeroDay(input: ZeroDayInput, o: ZeroDayOptions): ZeroDayResult {
  const seed = o.seed ?? 0;
  const targetFpr = o.targetFpr ?? 0.01;
  const testFraction = o.testFraction ?? 0.25;
  const validationFraction = o.validationFraction ?? 0.2;
  const log = o.log ?? (() => {});
  const { X, y, classes, benignClass } = input;
  const base = o.sample !== undefined ? stratifiedSample(y, o.sample, seed) : Int32Array.from(y.keys());
  const s1 = stratifiedTrainTestSplit(
    Int32Array.from(base, (i) => y[i]),
    { testFraction, seed },
  );
  const train = Int32Array.from(s1.train, (i) => base[i]);
  const test = Int32Array.from(s1.test, (i) => base[i]);
  const s2 = stratifiedTrainTestSplit(
    Int32Array.from(train, (i) => y[i]),
    { testFraction: validationFraction, seed: seed + 1 },
  );
  const fit = Int32Array.from(s2.train, (i) => train[i]);
  const val = Int32Array.from(s2.test, (i) => train[i]);
  const benignFit = rowsWhere(fit, (i) => y[i] === benignClass);
  const benignVal = rowsWhere(val, (i) => y[i] === benignClass);
  if (benignFit.length < 10 || benignVal.length < 10) {
    throw new VigilError(
      "E_CONFIG",
      `zero-day: too few benign rows (${benignFit.length} fit, ${benignVal.length} validation)`,
      {
        field: "dataset",
      },
    );
  }
  const families = (o.families ?? classes.filter((_, c) => c !== benignClass)).map((f) => {
    const c = classes.indexOf(f);
    if (c < 0 || c === benignClass) {
      throw new VigilError("E_CONFIG", `zero-day: "${f}" is not an attack class (${classes.join(", ")})`, {
        field: "families",
      });
    }
    return c;
  });
  const yTest = Int32Array.from(test, (i) => y[i]);
  const benignTest: number[] = [];
  yTest.forEach((v, k) => {
    if (v === benignClass) benignTest.push(k);
  });
  const testOf = families.map((c) => {
    const out: number[] = [];
    yTest.forEach((v, k) => {
      if (v === c) out.push(k);
    });
    return out;
  });

  // detector inputs: statistics from benign fit rows only
  const inputs = new Map<string, Transformer>();
  const prepare = (kind: "scaled" | "raw"): Transformer => {
    let t = inputs.get(kind);
    if (t === undefined) {
      const steps: { kind: string; params: Record<string, unknown> }[] = [
        { kind: "simple-imputer", params: { strategy: "median" } },
      ];
      if (kind === "scaled") steps.push({ kind: "standard-scaler", params: {} });
      t = createModel<Transformer>("pipeline", { steps });
      t.fit(takeRows(X, benignFit));
      inputs.set(kind, t);
    }
    return t;
  };

  const transformed = new Map<string, { val: Matrix; test: Matrix }>();
  const inputsFor = (kind: "scaled" | "raw") => {
    let v = transformed.get(kind);
    if (v === undefined) {
      const t = prepare(kind);
      v = { val: t.transform(takeRows(X, benignVal)), test: t.transform(takeRows(X, test)) };
      transformed.set(kind, v);
    }
    return v;
  };
  const isAttack = Int32Array.from(yTest, (v) => (v === benignClass ? 0 : 1));

  const detectors: DetectorResult[] = [];
  const detection = new Map<string, (number | null)[]>();
  for (const spec of o.detectors) {
    const t = prepare(spec.input);
    const fitRows = subsample(benignFit, spec.maxFitRows, seed + 7);
    const params = spec.kind === "rules" ? { featureNames: input.featureNames, ...spec.params } : spec.params;
    const res: DetectorResult = {
      name: spec.name,
      kind: spec.kind,
      params: spec.params,
      fitRows: fitRows.length,
      fitSeconds: Number.NaN,
      threshold: Number.NaN,
      benignTestFpr: Number.NaN,
      rocAucAllAttacks: Number.NaN,
    };
    try {
      const m = createModel<Detector>(spec.kind, params);
      const t0 = now();
      m.fit(t.transform(takeRows(X, fitRows)));
      res.fitSeconds = now() - t0;
      const mats = inputsFor(spec.input);
      const op = operatingPoint(m.score(mats.val), targetFpr);
      res.threshold = op.threshold;
      const scores = m.score(mats.test);
      res.benignTestFpr = flaggedRate(scores, op.threshold, benignTest);
      res.rocAucAllAttacks = rocAuc(isAttack, scores);
      detection.set(
        spec.name,
        testOf.map((rows) => flaggedRate(scores, op.threshold, rows)),
      );
      log(
        `zero-day: ${spec.name} fitted in ${res.fitSeconds.toFixed(2)} s, benign test FPR ${res.benignTestFpr.toFixed(4)}`,
      );
    } catch (e) {
      res.error = e instanceof Error ? e.message : String(e);
      detection.set(
        spec.name,
        testOf.map(() => null),
      );
      log(`zero-day: ${spec.name} failed: ${res.error}`);
    }
    detectors.push(res);
  }

  const familyResults: FamilyResult[] = families.map((c, f) => {
    const det: Record<string, number | null> = {};
    for (const [name, rates] of detection) det[name] = rates[f];
    const out: FamilyResult = { family: classes[c], testRows: testOf[f].length, detection: det };
    if (o.supervised !== undefined) {
      out.supervised = supervisedFor(
        input,
        o.supervised,
        c,
        fit,
        val,
        test,
        testOf[f],
        benignTest,
        targetFpr,
        seed,
      );
      log(
        `zero-day: ${o.supervised.name} without ${classes[c]}: flagged ${out.supervised.flagged.toFixed(3)}, unknown ${out.supervised.unknown.toFixed(3)}`,
      );
    }
    return out;
  });

  return {
    protocol: {
      targetFpr,
      seed,
      testFraction,
      validationFraction,
      sample: o.sample ?? null,
      rows: {
        fit: fit.length,
        validation: val.length,
        test: test.length,
        benignFit: benignFit.length,
        benignValidation: benignVal.length,
      },
      supervised: o.supervised?.name ?? null,
    },
    detectors,
    families: familyResults,
  };
}

function supervisedFor(
  input: ZeroDayInput,
  sup: NonNullable<ZeroDayOptions["supervised"]>,
  family: number,
  fit: Int32Array,
  val: Int32Array,
  test: Int32Array,
  familyTest: number[],
  benignTest: number[],
  targetFpr: number,
  seed: number,
): SupervisedFamilyResult {
  const { X, y, classes, benignClass } = input;
  const k = classes.length;
  const known = subsample(
    rowsWhere(fit, (i) => y[i] !== family),
    sup.maxFitRows,
    seed + 11,
  );
  const model = factoryOf(sup.spec)();
  const t0 = now();
  (model as Classifier).fit(
    takeRows(X, known),
    Int32Array.from(known, (i) => y[i]),
  );
  const fitSeconds = now() - t0;
  const knownVal = rowsWhere(val, (i) => y[i] !== family);
  const pv = padProba(model.predictProba(takeRows(X, knownVal)), k);
  const negMax = new Float64Array(knownVal.length);
  for (let r = 0; r < knownVal.length; r++) negMax[r] = -maxOf(pv.data, r * k, k);
  const { threshold } = operatingPoint(negMax, targetFpr);
  const unknownBelow = -threshold;
  const testRows = Int32Array.from([...familyTest, ...benignTest], (j) => test[j]);
  const pt = padProba(model.predictProba(takeRows(X, testRows)), k);
  let attack = 0;
  let unknown = 0;
  let missed = 0;
  let benignFlagged = 0;
  for (let r = 0; r < testRows.length; r++) {
    let arg = 0;
    for (let c = 1; c < k; c++) if (pt.data[r * k + c] > pt.data[r * k + arg]) arg = c;
    const isUnknown = pt.data[r * k + arg] < unknownBelow;
    if (r < familyTest.length) {
      if (isUnknown) unknown++;
      else if (arg === benignClass) missed++;
      else attack++;
    } else if (isUnknown || arg !== benignClass) benignFlagged++;
  }
  const nF = familyTest.length || Number.NaN;
  return {
    fitRows: known.length,
    fitSeconds,
    unknownBelow,
    attack: attack / nF,
    unknown: unknown / nF,
    missed: missed / nF,
    flagged: (attack + unknown) / nF,
    benignTestFlagged: benignTest.length === 0 ? Number.NaN : benignFlagged / benignTest.length,
  };
}

function maxOf(a: Float32Array, o: number, k: number): number {
  let m = a[o];
  for (let c = 1; c < k; c++) if (a[o + c] > m) m = a[o + c];
  return m;
}
