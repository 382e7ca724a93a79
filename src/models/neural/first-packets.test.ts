/**
 * The recurrent models on what they are for: a flow's first packets. Each testbed flow (vigil's flow
 * table over the committed captures) becomes the sequence of its first 8 packets' IP sizes, signed by
 * direction (+ originator, − responder: the last 8 values of FLOW_NUMERIC_FEATURES), and the LSTM and
 * GRU learn benign vs the attack scenarios from that sequence alone, trained on some captures and tested
 * on demo.pcap, a capture not used for training (benign traffic, then a port scan).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../test/helpers/shared.js";
import { confusionMatrix, precisionRecallF1 } from "../../evaluate/metrics.js";
import {
  FLOW_NUMERIC_FEATURES,
  FLOW_VECTOR_FIRST_PACKETS,
  flowRecordsFromCapture,
  flowToVector,
} from "../../features/flows/index.js";
import type { Matrix } from "../../table/matrix.js";
import { GruClassifier, LstmClassifier } from "./recurrent.js";

const fixtures = join(PROJECT_ROOT, "test/fixtures/testbed");
const manifest = JSON.parse(readFileSync(join(fixtures, "MANIFEST.json"), "utf8"));
const attacker: string = manifest.hosts.find((h: { role: string }) => h.role === "attacker").ip;
const N = FLOW_VECTOR_FIRST_PACKETS;

/** Rows: first-N signed sizes / 1000 (kB); label 1 = a flow of the scenario's attack, 0 = benign. */
async function sequences(scenarios: string[]): Promise<{ X: Matrix; y: Int32Array }> {
  const rows: number[][] = [];
  const labels: number[] = [];
  const M = FLOW_NUMERIC_FEATURES.length;
  const v = new Float32Array(M);
  for (const name of scenarios) {
    const s = manifest.scenarios[name];
    for (const r of await flowRecordsFromCapture(join(fixtures, s.pcap))) {
      const isAttack =
        s.window !== null &&
        (r["id.orig_h"] === attacker || r["id.resp_h"] === attacker) &&
        r.ts + (r.duration ?? 0) >= s.window.start;
      flowToVector(r, v);
      rows.push(Array.from(v.subarray(M - N), (x) => x / 1000));
      labels.push(isAttack ? 1 : 0);
    }
  }
  const data = new Float32Array(rows.length * N);
  rows.forEach((r, i) => {
    data.set(r, i * N);
  });
  return { X: { rows: rows.length, cols: N, data }, y: Int32Array.from(labels) };
}

describe("LSTM and GRU over a flow's first packets (testbed captures)", () => {
  it("tell the port scan's flows from benign ones on a capture not used for training", async () => {
    const train = await sequences(["benign", "port-scan", "syn-flood", "host-scan", "mqtt-brute-force"]);
    const test = await sequences(["demo"]);
    expect(train.X.rows).toBeGreaterThan(1000);
    const attacks = test.y.reduce((a, b) => a + b, 0);
    expect(attacks).toBeGreaterThan(500);
    expect(test.y.length - attacks).toBeGreaterThan(100);
    const params = { seqLen: N, inputSize: 1, hiddenSize: 16, epochs: 8, batchSize: 64, learningRate: 3e-3 };
    for (const model of [
      new LstmClassifier({ ...params, seed: 1 }),
      new GruClassifier({ ...params, seed: 1 }),
    ]) {
      model.fit(train.X, train.y);
      const pred = model.predict(test.X);
      const scores = precisionRecallF1(confusionMatrix(test.y, pred, 2));
      if (process.env.VIGIL_PRINT)
        console.log(model.kind, scores.macro.f1, scores.recall[1], 1 - scores.recall[0]);
      // macro-F1 over benign / attack, and the attack recall and benign false-positive rate behind it
      expect(scores.macro.f1, model.kind).toBeGreaterThan(0.9);
      expect(scores.recall[1], model.kind).toBeGreaterThan(0.9);
      expect(1 - scores.recall[0], model.kind).toBeLessThan(0.1);
    }
  }, 120_000);
});
