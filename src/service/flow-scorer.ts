/**
 * The flow-model detector (detect/flow-detector.ts, as `vigil detect --flow-model` uses it) behind the
 * service's FlowScorer seam: classify each flow, rate-limit per host pair, explain and build the alert
 * (detect/flow-alert.ts). Scores are the probability of the predicted class.
 */
import { AlertLimiter } from "../detect/alert-limiter.js";
import { buildFlowAlert } from "../detect/flow-alert.js";
import { FlowDetector } from "../detect/flow-detector.js";
import "../evaluate/learners.js";
import { readModelFile } from "../evaluate/model-file.js";
import type { Alert } from "../schemas/alert.js";
import type { FlowRecord } from "../schemas/flow.js";
import type { FlowScorer } from "./flow-stage.js";

export async function loadFlowScorer(path: string, alertIntervalS = 1): Promise<FlowScorer> {
  const { model, training } = await readModelFile(path);
  const det = new FlowDetector(model, training);
  const limiter = new AlertLimiter(alertIntervalS);
  return {
    name: model.kind,
    score(rec: FlowRecord, index: number): { score: number; alert: Alert | null } {
      const v = det.classify(rec);
      const attackScore = 1 - v.benignProbability;
      if (!v.isAttack) return { score: attackScore, alert: null };
      const a = rec["id.orig_h"];
      const b = rec["id.resp_h"];
      const d = limiter.offer(a < b ? `${a}|${b}` : `${b}|${a}`, rec.ts + (rec.duration ?? 0));
      if (!d.emit) return { score: attackScore, alert: null };
      const alert = buildFlowAlert({
        rec,
        flowIndex: index,
        className: v.className,
        score: v.score,
        threshold: v.benignProbability,
        flowsFlagged: d.packetsOverThreshold,
        modelKind: model.kind,
        explanation: det.explainLast(rec, v.classIndex),
      });
      return { score: attackScore, alert };
    },
    info() {
      return {
        detector: model.kind,
        kind: model.kind,
        input: "flow records (vigil flow features)",
        classes: training.classes,
        explainer: det.explainerName,
        flows: det.flows,
        attack_flows: det.attacks,
        state: `classifying (${training.classes.length} classes)`,
        threshold: null,
        file: path,
      };
    },
  };
}
