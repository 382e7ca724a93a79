/**
 * `vigil fed client`: one site. It holds its rows (never sent), joins with its token, polls for tasks,
 * trains the global model locally (ParameterVector.partialFit), and posts the parameter delta, its
 * example count and the confusion matrix of the received global model on its local test rows. When the
 * server is unreachable (restarting from its checkpoint) it retries until `reconnectMs` has passed.
 */
import { VigilError } from "../errors.js";
import { ackSchema, type ModelSpec, type TaskResponse, taskResponseSchema } from "../schemas/federated.js";
import type { Matrix } from "../table/matrix.js";
import { type Attack, poisonData, poisonUpdate } from "./attacks.js";
import { evaluateLocal } from "./evaluate.js";
import { type FederatedModel, instantiate, modelSha } from "./model.js";
import { FedHttpClient } from "./transport/http-client.js";
import { decodeVector, encodeVector } from "./vector.js";

export interface ClientData {
  X: Matrix;
  y: Int32Array;
  Xtest: Matrix;
  ytest: Int32Array;
}

export interface FedClientOptions {
  url: string;
  ca: string | Buffer;
  clientId: string;
  token: string;
  data: ClientData;
  attack?: Attack;
  maxMessageBytes: number;
  /** Give up after the server has been unreachable this long (default 60 s). */
  reconnectMs?: number;
  log?: (event: Record<string, unknown>) => void;
}

export class FedClient {
  private readonly http: FedHttpClient;
  private model: { sha: string; m: FederatedModel } | null = null;
  private readonly log: (e: Record<string, unknown>) => void;

  constructor(private readonly o: FedClientOptions) {
    this.http = new FedHttpClient(o.url, o.ca, o.token, o.maxMessageBytes);
    this.log = o.log ?? ((e) => process.stdout.write(`${JSON.stringify({ client: o.clientId, ...e })}\n`));
  }

  async run(): Promise<{ roundsTrained: number }> {
    let trained = 0;
    await this.retrying(() => this.http.post("/v1/join", { clientId: this.o.clientId }, ackSchema));
    this.log({ event: "joined" });
    for (;;) {
      const task = await this.retrying(() =>
        this.http.post("/v1/task", { clientId: this.o.clientId }, taskResponseSchema),
      );
      if (task.action === "done") break;
      if (task.action === "wait") {
        await sleep(task.retryAfterMs);
        continue;
      }
      if (task.action === "train") {
        await this.train(task);
        trained++;
      } else await this.evaluate(task);
    }
    this.http.close();
    this.log({ event: "done", roundsTrained: trained });
    return { roundsTrained: trained };
  }

  private modelFor(spec: ModelSpec, parameters: Float32Array): FederatedModel {
    const d = this.o.data;
    if (spec.nFeatures !== d.X.cols) {
      throw new VigilError(
        "E_CONFIG",
        `server model expects ${spec.nFeatures} features, this client has ${d.X.cols}`,
        { field: "model.nFeatures" },
      );
    }
    const sha = modelSha(spec);
    if (this.model === null || this.model.sha !== sha) this.model = { sha, m: instantiate(spec) };
    this.model.m.setParameters(parameters);
    return this.model.m;
  }

  private async train(task: Extract<TaskResponse, { action: "train" }>): Promise<void> {
    const t0 = performance.now();
    this.log({ event: "train-start", round: task.round });
    const global = decodeVector(task.parameters, "parameters");
    const m = this.modelFor(task.model, global);
    const d = this.o.data;
    const evaluation = evaluateLocal(m, d.Xtest, d.ytest, task.model.nClasses);
    const { X, y } = this.o.attack
      ? poisonData(this.o.attack, d.X, d.y, task.model.nClasses, task.config.seed)
      : d;
    m.partialFit(X, y, {
      epochs: task.config.localEpochs,
      proximalMu: task.config.proximalMu,
      seed: task.config.seed,
    });
    const delta = m.getParameters();
    for (let i = 0; i < delta.length; i++) delta[i] -= global[i];
    if (this.o.attack) poisonUpdate(this.o.attack, delta);
    const msg = {
      clientId: this.o.clientId,
      round: task.round,
      delta: encodeVector(delta),
      numExamples: d.X.rows,
      evaluation,
      trainSeconds: (performance.now() - t0) / 1000,
    };
    const ack = await this.retrying(() => this.http.post("/v1/update", msg, ackSchema));
    this.log({ event: "update-sent", round: task.round, accepted: ack.accepted, reason: ack.reason });
  }

  private async evaluate(task: Extract<TaskResponse, { action: "evaluate" }>): Promise<void> {
    const m = this.modelFor(task.model, decodeVector(task.parameters, "parameters"));
    const d = this.o.data;
    const evaluation = evaluateLocal(m, d.Xtest, d.ytest, task.model.nClasses);
    await this.retrying(() =>
      this.http.post(
        "/v1/evaluation",
        { clientId: this.o.clientId, round: task.round, evaluation },
        ackSchema,
      ),
    );
    this.log({ event: "evaluated", round: task.round });
  }

  /** Retries network failures (server restarting) with backoff; other errors pass through. */
  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    const limit = this.o.reconnectMs ?? 60_000;
    const start = Date.now();
    let wait = 100;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof VigilError && e.code === "E_NETWORK") || Date.now() - start > limit) throw e;
        this.http.close();
        await sleep(wait);
        wait = Math.min(wait * 2, 2000);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
