/**
 * The device-identification evaluation protocol (used by bench/devices.ts and the dataset test):
 * - time-disjoint split: per device, windows starting before firstTs + trainShare * (lastTs - firstTs)
 *   train, windows starting at or after it test; a window straddling the split point is dropped;
 * - identification: accuracy and macro-F1 of the closed-set prediction and of the open-set label
 *   (an "unknown" verdict on a known device counts as an error), and the false-unknown rate;
 * - leave-one-device-out: for each group of devices, a model trained without it; the share of the
 *   group's test windows flagged unknown (detection rate) and the share of the other devices' test
 *   windows flagged unknown (false-unknown rate) at the calibrated thresholds.
 */
import { confusionMatrix, precisionRecallF1 } from "../evaluate/metrics.js";
import { DeviceModel, type DeviceModelParams, type LabelledWindow } from "./model.js";

export interface DeviceSeries {
  /** Class label (device name or type). */
  label: string;
  windows: LabelledWindow[];
  /** First and last packet time of the device's capture, epoch seconds. */
  firstTs: number;
  lastTs: number;
  windowS: number;
}

export interface Split {
  train: LabelledWindow[];
  test: LabelledWindow[];
}

export function timeSplit(series: DeviceSeries[], trainShare: number): Split {
  const train: LabelledWindow[] = [];
  const test: LabelledWindow[] = [];
  for (const s of series) {
    const cut = s.firstTs + trainShare * (s.lastTs - s.firstTs);
    for (const w of s.windows) {
      if (w.startS + s.windowS <= cut) train.push(w);
      else if (w.startS >= cut) test.push(w);
    }
  }
  return { train, test };
}

export interface IdentificationReport {
  classes: string[];
  trainWindows: number;
  testWindows: number;
  closedSet: { accuracy: number; macroF1: number };
  openSet: { accuracy: number; macroF1: number; falseUnknownRate: number };
  perClass: Record<string, { test: number; recall: number; f1: number; unknownRate: number }>;
  thresholds: DeviceModel["thresholds"];
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export function evaluateIdentification(
  split: Split,
  params: Partial<DeviceModelParams>,
): IdentificationReport {
  const model = new DeviceModel(params).fit(split.train);
  const classes = model.classes;
  const test = split.test.filter((w) => classes.includes(w.label));
  const v = model.classify(test.map((w) => w.vector));
  const K = classes.length;
  const yTrue = test.map((w) => classes.indexOf(w.label));
  const closed = confusionMatrix(
    yTrue,
    v.map((x) => classes.indexOf(x.predicted)),
    K,
  );
  // Open set: "unknown" is an extra predicted column (index K) that is never a true class.
  const open = confusionMatrix(
    yTrue,
    v.map((x) => (x.unknown ? K : classes.indexOf(x.predicted))),
    K + 1,
  );
  const prfClosed = precisionRecallF1(closed);
  const prfOpen = precisionRecallF1(open);
  const acc = (cm: { counts: Float64Array; nClasses: number }) => {
    let t = 0;
    for (let k = 0; k < K; k++) t += cm.counts[k * cm.nClasses + k];
    return test.length > 0 ? t / test.length : 0;
  };
  const perClass: IdentificationReport["perClass"] = {};
  classes.forEach((c, k) => {
    const n = yTrue.filter((y) => y === k).length;
    const unk = v.filter((x, i) => yTrue[i] === k && x.unknown).length;
    perClass[c] = {
      test: n,
      recall: round(prfOpen.recall[k]),
      f1: round(prfOpen.f1[k]),
      unknownRate: round(n > 0 ? unk / n : 0),
    };
  });
  // Macro over the true classes only (the "unknown" column has no support).
  const macroOpen = Array.from(prfOpen.f1.subarray(0, K)).reduce((a, b) => a + b, 0) / K;
  return {
    classes,
    trainWindows: split.train.length,
    testWindows: test.length,
    closedSet: { accuracy: round(acc(closed)), macroF1: round(prfClosed.macro.f1) },
    openSet: {
      accuracy: round(acc(open)),
      macroF1: round(macroOpen),
      falseUnknownRate: round(test.length > 0 ? v.filter((x) => x.unknown).length / test.length : 0),
    },
    perClass,
    thresholds: model.thresholds,
  };
}

export interface LeaveOutRow {
  withheld: string[];
  testWindows: number;
  /** Share of the withheld devices' test windows called unknown. */
  detectionRate: number;
  /** Share of the known devices' test windows called unknown. */
  falseUnknownRate: number;
  /** Class-balanced false-unknown rate (mean over known classes). */
  falseUnknownRateBalanced: number;
  /** What the withheld windows were called when not unknown (counts). */
  calledAs: Record<string, number>;
}

export function leaveOut(
  split: Split,
  groups: string[][],
  params: Partial<DeviceModelParams>,
): LeaveOutRow[] {
  const rows: LeaveOutRow[] = [];
  for (const g of groups) {
    const out = new Set(g);
    const model = new DeviceModel(params).fit(split.train.filter((w) => !out.has(w.label)));
    const held = split.test.filter((w) => out.has(w.label));
    const known = split.test.filter((w) => !out.has(w.label));
    const vh = model.classify(held.map((w) => w.vector));
    const vk = model.classify(known.map((w) => w.vector));
    const calledAs: Record<string, number> = {};
    for (const x of vh) if (!x.unknown) calledAs[x.predicted] = (calledAs[x.predicted] ?? 0) + 1;
    const perClass = new Map<string, [number, number]>();
    known.forEach((w, i) => {
      const c = perClass.get(w.label) ?? [0, 0];
      c[0]++;
      if (vk[i].unknown) c[1]++;
      perClass.set(w.label, c);
    });
    const balanced = [...perClass.values()].map(([n, u]) => u / n);
    rows.push({
      withheld: g,
      testWindows: held.length,
      detectionRate: round(held.length > 0 ? vh.filter((x) => x.unknown).length / held.length : 0),
      falseUnknownRate: round(known.length > 0 ? vk.filter((x) => x.unknown).length / known.length : 0),
      falseUnknownRateBalanced: round(balanced.reduce((a, b) => a + b, 0) / Math.max(1, balanced.length)),
      calledAs,
    });
  }
  return rows;
}
