/**
 * FlowDetector in process: a non-tree model (logistic regression) gets KernelSHAP explanations whose
 * attributions add up; a model without a benign class is refused.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../test/helpers/shared.js";
import type { TrainingInfo } from "../evaluate/model-file.js";
import { FLOW_NUMERIC_FEATURES, flowRecordsFromCapture, flowToVector } from "../features/flows/index.js";
import { LogisticRegression } from "../models/linear/logistic.js";
import { FlowDetector } from "./flow-detector.js";

const fixtures = join(PROJECT_ROOT, "test/fixtures/testbed");
const ATTACKER = "10.77.0.66";

function info(classes: string[], rows: number): TrainingInfo {
  return {
    dataset: "testbed udp-flood",
    labelLevel: "fine",
    classes,
    featureNames: FLOW_NUMERIC_FEATURES,
    testFraction: 0,
    seed: 0,
    trainRows: rows,
    fitSeconds: 0,
    model: "logistic",
  };
}

describe("FlowDetector with a non-tree model", async () => {
  const recs = await flowRecordsFromCapture(join(fixtures, "udp-flood.pcap"));
  const M = FLOW_NUMERIC_FEATURES.length;
  const X = { rows: recs.length, cols: M, data: new Float32Array(recs.length * M) };
  const y = new Int32Array(recs.length);
  recs.forEach((r, i) => {
    flowToVector(r, X.data, i * M);
    y[i] = r["id.orig_h"] === ATTACKER || r["id.resp_h"] === ATTACKER ? 1 : 0;
  });
  const model = new LogisticRegression({ maxIter: 200 }).fit(X, y);

  it("explains an attack flow with KernelSHAP (local accuracy) and words", () => {
    const det = new FlowDetector(model, info(["benign", "udp-flood"], X.rows), { budget: 128 });
    expect(det.explainerName).toBe("kernel");
    let explained = 0;
    for (const r of recs) {
      const v = det.classify(r);
      if (!v.isAttack || explained >= 2 || det.flows < 40) continue;
      const ex = det.explainLast(r, v.classIndex);
      explained++;
      expect(ex.method).toBe("kernel");
      expect(ex.value).toBeCloseTo(v.score, 5);
      expect(ex.features.length).toBeGreaterThan(0);
      expect(ex.reason.startsWith("flow ")).toBe(true);
      expect(ex.rule).toBeUndefined();
    }
    expect(explained).toBe(2);
    expect(det.attacks).toBeGreaterThan(100);
  });

  it("refuses a model whose classes have no benign class", () => {
    expect(() => new FlowDetector(model, info(["a", "b"], X.rows))).toThrow(/no benign class/);
  });
});
