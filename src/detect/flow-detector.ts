/**
 * Flow-model detection: each finished flow becomes the feature vector a trained classifier saw
 * (FLOW_NUMERIC_FEATURES via flowToVector; the model file must name exactly those features), the model
 * predicts its class, and a flow predicted as anything but the benign class is an attack. Each alert is
 * explained: TreeSHAP (path-dependent) for tree models, KernelSHAP otherwise, with the usual value of each
 * feature taken as the median of the flows predicted benign so far in this run (a bounded reservoir).
 */
import { VigilError } from "../errors.js";
import { checkFeatureNames, type TrainingInfo } from "../evaluate/model-file.js";
import { findBenignClass } from "../evaluate/report.js";
import "../explain/index.js";
import { alertExplanation } from "../explain/alert-explanation.js";
import { createExplainer, type Explainer } from "../explain/explainer.js";
import { columnMedians } from "../explain/reason.js";
import { isTreeModel, type TreeModelView, treeModelView } from "../explain/tree-view.js";
import { FLOW_NUMERIC_FEATURES, flowToVector } from "../features/flows/vector.js";
import type { Classifier } from "../models/base.js";
import { Rng } from "../models/tree/random.js";
import type { AlertExplanation } from "../schemas/alert.js";
import type { FlowRecord } from "../schemas/flow.js";

export interface FlowDetectorOptions {
  /** Features listed per alert. Default 5. */
  topK?: number;
  /** KernelSHAP coalitions per alert (non-tree models). Default 256. */
  budget?: number;
  /** Flows kept to estimate the usual (benign) values. Default 2048. */
  reservoir?: number;
  seed?: number;
}

export interface FlowVerdict {
  classIndex: number;
  className: string;
  /** Probability of the predicted class. */
  score: number;
  /** Probability of the benign class. */
  benignProbability: number;
  isAttack: boolean;
}

export class FlowDetector {
  readonly M = FLOW_NUMERIC_FEATURES.length;
  readonly benignClass: number;
  private readonly x: Float32Array;
  private readonly res: Float32Array;
  private resRows = 0;
  private seen = 0;
  private medians: Float64Array | null = null;
  private mediansAt = 0;
  private readonly rng: Rng;
  private readonly view: TreeModelView | null;
  private explainer: Explainer | null = null;
  flows = 0;
  attacks = 0;

  constructor(
    readonly model: Classifier,
    readonly training: TrainingInfo,
    private readonly o: FlowDetectorOptions = {},
  ) {
    try {
      checkFeatureNames(FLOW_NUMERIC_FEATURES, training.featureNames);
    } catch (e) {
      throw new VigilError(
        "E_MODEL",
        `--flow-model: the model was not trained on vigil's flow features (${(e as Error).message})`,
        { field: "training.featureNames" },
        { cause: e },
      );
    }
    const b = findBenignClass(training.classes);
    if (b === undefined) {
      throw new VigilError("E_MODEL", `--flow-model: no benign class among ${training.classes.join(", ")}`, {
        field: "training.classes",
      });
    }
    this.benignClass = b;
    this.x = new Float32Array(this.M);
    this.res = new Float32Array((o.reservoir ?? 2048) * this.M);
    this.rng = new Rng(o.seed ?? 0);
    this.view = isTreeModel(model) ? treeModelView(model) : null;
  }

  /** The explainer in use ("tree-path" or "kernel"). */
  get explainerName(): string {
    return this.view !== null ? "tree-path" : "kernel";
  }

  /** Classifies one finished flow; the flow's vector stays in this.vector until the next call. */
  classify(rec: FlowRecord): FlowVerdict {
    flowToVector(rec, this.x);
    this.flows++;
    const p = this.model.predictProba({ rows: 1, cols: this.M, data: this.x }).data;
    let k = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[k]) k = c;
    const isAttack = k !== this.benignClass;
    if (isAttack) this.attacks++;
    else this.keep();
    return {
      classIndex: k,
      className: this.training.classes[k] ?? `class ${k}`,
      score: p[k],
      benignProbability: p[this.benignClass] ?? 0,
      isAttack,
    };
  }

  get vector(): Float32Array {
    return this.x;
  }

  /** Explains the latest classified flow's predicted class. */
  explainLast(rec: FlowRecord, classIndex: number): AlertExplanation {
    const X = { rows: 1, cols: this.M, data: this.x };
    const ex = this.getExplainer().explain(X, Int32Array.of(classIndex));
    return alertExplanation({
      explanation: ex,
      row: 0,
      x: this.x,
      featureNames: FLOW_NUMERIC_FEATURES,
      classNames: this.training.classes,
      usual: this.usual() ?? undefined,
      treeView: this.view ?? undefined,
      context: {
        destPort: rec.proto === "icmp" ? undefined : rec["id.resp_p"],
        durationS: rec.duration ?? 0,
      },
      topK: this.o.topK ?? 5,
    });
  }

  private getExplainer(): Explainer {
    if (this.explainer !== null) return this.explainer;
    if (this.view !== null) this.explainer = createExplainer("tree-path", this.model);
    else {
      const n = Math.min(this.resRows, 50);
      const bg =
        n > 0
          ? { rows: n, cols: this.M, data: this.res.slice(0, n * this.M) }
          : { rows: 1, cols: this.M, data: new Float32Array(this.M) };
      this.explainer = createExplainer("kernel", this.model, {
        background: bg,
        budget: this.o.budget ?? 256,
        seed: this.o.seed ?? 0,
      });
    }
    return this.explainer;
  }

  /** Reservoir sampling (Algorithm R) of benign-predicted flows. */
  private keep(): void {
    const cap = this.res.length / this.M;
    this.seen++;
    let slot = -1;
    if (this.resRows < cap) slot = this.resRows++;
    else {
      const j = this.rng.int(this.seen);
      if (j < cap) slot = j;
    }
    if (slot >= 0) this.res.set(this.x, slot * this.M);
  }

  /** Median per feature of the kept benign flows (recomputed when the reservoir has grown by 1/8). */
  private usual(): Float64Array | null {
    if (this.resRows === 0) return null;
    if (this.medians === null || this.seen > this.mediansAt * 1.125 + 8) {
      this.medians = columnMedians(this.res, this.resRows, this.M);
      this.mediansAt = this.seen;
    }
    return this.medians;
  }
}
