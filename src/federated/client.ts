/**
 * `vigil fed client`: one site. It holds its rows (never sent), joins with its token, polls for tasks,
 * trains the global model locally (ParameterVector.partialFit), and posts the parameter delta, its
 * example count and the confusion matrix of the received global model on its local test rows. When the
 * server is unreachable (restarting from its checkpoint) it retries until `reconnectMs` has passed.
 * Under secure aggregation (the server's secagg-* tasks) it advertises fresh X25519 keys, shares its
 * secrets with its peers, then trains and posts only its masked input [numExamples * delta,
 * numExamples], and finally helps unmask the sum (privacy/secagg.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VigilError } from "../errors.js";
import { ackSchema, type ModelSpec, type TaskResponse, taskResponseSchema } from "../schemas/federated.js";
import type { Matrix } from "../table/matrix.js";
import { type Attack, poisonData, poisonUpdate } from "./attacks.js";
import { evaluateLocal } from "./evaluate.js";
import { type FederatedModel, instantiate, modelSha } from "./model.js";
import { SecAggClient } from "./privacy/secagg.js";
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
  /**
   * Debugging/testing: write each round's received global parameters, delta and example count to
   * DIR/CLIENT-rROUND.json (the rows never leave the client either way; the delta does, into that file).
   */
  dumpDeltasDir?: string;
  log?: (event: Record<string, unknown>) => void;
}

export class FedClient {
  private readonly http: FedHttpClient;
  private model: { sha: string; m: FederatedModel } | null = null;
  /** The secure-aggregation state of the round in progress (fresh keys every round). */
  private secagg: { round: number; client: SecAggClient } | null = null;
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
      } else if (task.action === "evaluate") await this.evaluate(task);
      else if (await this.secAggStep(task)) trained++;
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

  /** Local training: the delta, the evaluation of the received model, the example count. */
  private localUpdate(task: Extract<TaskResponse, { action: "train" | "secagg-train" }>) {
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
    if (this.o.dumpDeltasDir) {
      mkdirSync(this.o.dumpDeltasDir, { recursive: true });
      writeFileSync(
        join(this.o.dumpDeltasDir, `${this.o.clientId}-r${task.round}.json`),
        JSON.stringify({
          round: task.round,
          numExamples: d.X.rows,
          global: encodeVector(global),
          delta: encodeVector(delta),
        }),
      );
    }
    return { delta, evaluation, numExamples: d.X.rows };
  }

  private async train(task: Extract<TaskResponse, { action: "train" }>): Promise<void> {
    const t0 = performance.now();
    const { delta, evaluation } = this.localUpdate(task);
    const d = this.o.data;
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

  /** One secure-aggregation phase; true when it trained (secagg-train). */
  private async secAggStep(task: Extract<TaskResponse, { action: `secagg-${string}` }>): Promise<boolean> {
    const id = this.o.clientId;
    const post = (path: string, body: Record<string, unknown>) =>
      this.retrying(() => this.http.post(path, { clientId: id, round: task.round, ...body }, ackSchema));
    if (task.action === "secagg-advertise") {
      const client = new SecAggClient(id, { round: task.round, ...task.secAgg });
      this.secagg = { round: task.round, client };
      const { cPk, sPk } = client.advertise();
      const ack = await post("/v1/secagg/advertise", { cPk, sPk });
      this.log({ event: "secagg-advertised", round: task.round, accepted: ack.accepted, reason: ack.reason });
      return false;
    }
    const sa = this.secagg;
    if (sa === null || sa.round !== task.round) {
      // keys of another round (this client restarted, or the server retried the round): sit this one out
      this.log({ event: "secagg-skipped", round: task.round, phase: task.action });
      await sleep(200);
      return false;
    }
    if (task.action === "secagg-share") {
      let shares: ReturnType<SecAggClient["share"]>["shares"];
      try {
        shares = sa.client.share(task.roster).shares;
      } catch (e) {
        // a roster that lists other keys for this client, or too few clients: sit the round out
        this.log({ event: "secagg-error", round: task.round, reason: (e as Error).message });
        this.secagg = null;
        return false;
      }
      const ack = await post("/v1/secagg/shares", { shares });
      this.log({ event: "secagg-shared", round: task.round, accepted: ack.accepted, reason: ack.reason });
      return false;
    }
    if (task.action === "secagg-train") {
      const t0 = performance.now();
      const { delta, evaluation, numExamples } = this.localUpdate(task);
      // x = [numExamples * delta, numExamples]: the sum's last value divides out FedAvg's weighted mean
      const x = new Float64Array(delta.length + 1);
      for (let i = 0; i < delta.length; i++) x[i] = numExamples * delta[i];
      x[delta.length] = numExamples;
      let masked: string;
      try {
        masked = sa.client.mask(x, task.inbox).masked;
      } catch (e) {
        // an update outside the fixed-point range (or a forged share): this client drops out of the round
        this.log({ event: "secagg-error", round: task.round, reason: (e as Error).message });
        this.secagg = null;
        return false;
      }
      const ack = await post("/v1/secagg/masked", {
        masked: { length: x.length, base64: masked },
        evaluation,
        trainSeconds: (performance.now() - t0) / 1000,
      });
      this.log({ event: "secagg-masked", round: task.round, accepted: ack.accepted, reason: ack.reason });
      return true;
    }
    const { bShares, sShares } = sa.client.unmask(task.survivors);
    const ack = await post("/v1/secagg/unmask", { bShares, sShares });
    this.secagg = null;
    this.log({ event: "secagg-unmasked", round: task.round, accepted: ack.accepted, reason: ack.reason });
    return false;
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
