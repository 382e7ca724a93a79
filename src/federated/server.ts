/**
 * `vigil fed server`: the federation's coordinator over HTTP/2 + TLS (node:http2). Clients authenticate
 * with their bearer token, poll /v1/task, and post /v1/update (a delta, never rows) or /v1/evaluation.
 * Each round samples live clients (Poisson-sampled under DP), waits for their updates until the round
 * timeout, aggregates when at least minClients answered (otherwise retries the same round: dropouts
 * never cost a round), writes the checkpoint and one metrics line. After the last round every live
 * client evaluates the final model, then receives "done".
 * With `secureAggregation` a training round runs the secure-aggregation protocol instead
 * (privacy/secagg-round.ts: /v1/secagg/{advertise,shares,masked,unmask}) and the server sees only the
 * sum of the survivors' example-weighted deltas and example counts; robust strategies and server-side
 * DP need the individual updates and are refused.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import {
  createSecureServer,
  type Http2SecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { z } from "zod";
import { VigilError } from "../errors.js";
import {
  type ackSchema,
  type Evaluation,
  evaluationMessageSchema,
  joinRequestSchema,
  type RoundMetrics,
  type ServerConfig,
  secAggAdvertiseMessageSchema,
  secAggMaskedMessageSchema,
  secAggShareMessageSchema,
  secAggUnmaskMessageSchema,
  type TaskResponse,
  taskRequestSchema,
  updateMessageSchema,
} from "../schemas/federated.js";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { macroF1Of, presentClassMacroF1, sumConfusions } from "./evaluate.js";
import { instantiate, modelSha, scheduledSpec } from "./model.js";
import { DpAggregator } from "./privacy/dp.js";
import { SecAggRound } from "./privacy/secagg-round.js";
import { Rng, shuffle } from "./random.js";
import { assertSecureAggregable, createStrategy } from "./strategies/index.js";
import type { ClientUpdate, Strategy } from "./strategies/strategy.js";
import { TokenTable } from "./transport/auth.js";
import { BodyTooLarge, parseMessage, readBody } from "./transport/body.js";
import { decodeVector, encodeVector } from "./vector.js";

type Ack = z.infer<typeof ackSchema>;

interface RoundState {
  round: number;
  kind: "train" | "evaluate";
  sampled: Set<string>;
  updates: Map<string, ClientUpdate>;
  evaluations: Map<string, Evaluation>;
  bytesUp: number;
  bytesDown: number;
  /** Set when the round aggregates through secure aggregation. */
  secagg?: SecAggRound;
}

export interface FedServerDebug {
  /**
   * Write each secure-aggregation round's unmasked sum (JSON, Float64 values: P example-weighted delta
   * sums, then the example count) to DIR/secagg-sum-rROUND.json, for end-to-end checks against the
   * clients' plain deltas. Off in production: the sum is what the server learns anyway.
   */
  dumpAggregatesDir?: string;
}

export type ServerLog = (event: Record<string, unknown>) => void;

export class FedServer {
  private readonly tokens: TokenTable;
  private readonly strategy: Strategy;
  private readonly dp: DpAggregator | null;
  private readonly sha: string;
  private readonly rng: Rng;
  private http: Http2SecureServer | null = null;
  private params: Float32Array;
  private nextRound = 1;
  private current: RoundState | null = null;
  private finished = false;
  private readonly lastSeen = new Map<string, number>();
  private readonly toldDone = new Set<string>();

  constructor(
    private readonly config: ServerConfig,
    private readonly log: ServerLog = (e) => process.stdout.write(`${JSON.stringify(e)}\n`),
    private readonly debug: FedServerDebug = {},
  ) {
    if (config.secureAggregation) {
      assertSecureAggregable(config.strategy.name, config.dp !== undefined);
      if (config.strategy.params.clipNorm !== undefined) {
        throw new VigilError(
          "E_CONFIG",
          "strategy.params.clipNorm clips each client's update, which secure aggregation hides from the server: remove it (or run without secure aggregation)",
          { field: "strategy.params.clipNorm" },
        );
      }
      if (config.secureAggregation.threshold > config.clientsPerRound) {
        throw new VigilError(
          "E_CONFIG",
          `secureAggregation.threshold ${config.secureAggregation.threshold} exceeds clientsPerRound ${config.clientsPerRound}: no round could unmask`,
          { field: "secureAggregation.threshold" },
        );
      }
    }
    scheduledSpec(config.model, config.clientLrDecay, 1); // a schedule without a learning rate fails here
    this.tokens = new TokenTable(config.clients);
    this.strategy = createStrategy(config.strategy);
    this.sha = modelSha(config.model);
    this.rng = new Rng(config.seed);
    const n = config.clients.length;
    this.dp = config.dp ? new DpAggregator(config.dp, n, Math.min(1, config.clientsPerRound / n)) : null;
    this.params = instantiate(config.model).getParameters();
    const ck = readCheckpoint(config.checkpoint);
    if (ck !== null) {
      if (ck.modelSha !== this.sha || ck.parameters.length !== this.params.length) {
        throw new VigilError("E_CONFIG", "checkpoint belongs to a different model", {
          file: config.checkpoint,
        });
      }
      if (ck.strategy !== this.strategy.name) {
        throw new VigilError(
          "E_CONFIG",
          `checkpoint used strategy ${ck.strategy}, config says ${this.strategy.name}`,
          {
            file: config.checkpoint,
          },
        );
      }
      this.params = ck.parameters;
      this.nextRound = ck.nextRound;
      this.strategy.setState(ck.strategyState);
      this.dp?.accountant.step(ck.dpRounds);
      this.log({ event: "resumed", nextRound: ck.nextRound, checkpoint: config.checkpoint });
    }
  }

  /** Listens; resolves with the bound port. */
  listen(): Promise<number> {
    const tls = this.config.tls;
    const server = createSecureServer({
      key: readFileSync(tls.key),
      cert: readFileSync(tls.cert),
      allowHTTP1: false,
    });
    server.on("stream", (stream, headers) => {
      this.handle(stream, headers).catch((e) =>
        this.reply(stream, 500, { accepted: false, reason: String(e) }),
      );
    });
    server.on("sessionError", () => {});
    this.http = server;
    return new Promise((resolve, reject) => {
      server.once("error", (e) =>
        reject(new VigilError("E_NETWORK", `cannot listen: ${e.message}`, { field: "port" }, { cause: e })),
      );
      server.listen(this.config.port, this.config.host, () =>
        resolve((server.address() as AddressInfo).port),
      );
    });
  }

  /** Runs the remaining rounds and the final evaluation; resolves when clients were told "done". */
  async run(): Promise<{ rounds: number; parameters: Float32Array }> {
    const c = this.config;
    while (this.nextRound <= c.rounds) {
      const r = await this.runRound("train", this.nextRound);
      const aggregate = this.aggregateOf(r);
      if (aggregate !== null) this.finishTrainRound(r, aggregate);
      else
        this.log({
          event: "round-retry",
          round: r.round,
          updates: r.secagg ? r.secagg.survivors().length : r.updates.size,
          minClients: c.minClients,
          ...(r.secagg ? { secaggFailure: r.secagg.failure } : {}),
        });
    }
    const ev = await this.runRound("evaluate", c.rounds + 1);
    this.writeMetrics(ev, true);
    this.finished = true;
    const until = Date.now() + c.livenessMs;
    while (Date.now() < until && this.live().some((id) => !this.toldDone.has(id))) await sleep(50);
    this.log({ event: "done", rounds: c.rounds });
    return { rounds: c.rounds, parameters: this.params };
  }

  close(): void {
    this.http?.close();
  }

  private live(): string[] {
    const now = Date.now();
    const training = this.current?.sampled ?? new Set<string>();
    return [...this.lastSeen.entries()]
      .filter(
        ([id, t]) =>
          now - t <= this.config.livenessMs || (training.has(id) && !this.current?.updates.has(id)),
      )
      .map(([id]) => id)
      .sort();
  }

  private async runRound(kind: "train" | "evaluate", round: number): Promise<RoundState> {
    const c = this.config;
    // startClients applies to a new federation's first round only (a resumed one goes on with minClients)
    const need = kind === "evaluate" ? 1 : round === 1 ? (c.startClients ?? c.minClients) : c.minClients;
    while (this.live().length < need) await sleep(100);
    const live = this.live();
    let sampled: string[];
    if (kind === "evaluate") sampled = live;
    else if (this.dp) sampled = live.filter(() => this.rng.float() < this.dp!.samplingRate);
    else
      sampled = [...shuffle(Int32Array.from(live.keys()), this.rng).slice(0, c.clientsPerRound)].map(
        (i) => live[i],
      );
    const state: RoundState = {
      round,
      kind,
      sampled: new Set(sampled),
      updates: new Map(),
      evaluations: new Map(),
      bytesUp: 0,
      bytesDown: 0,
    };
    this.current = state;
    this.log({ event: "round-start", round, kind, sampled });
    if (kind === "train" && c.secureAggregation) return this.runSecAggRound(state);
    const deadline = Date.now() + c.roundTimeoutMs;
    const answered = (): number => (kind === "train" ? state.updates.size : state.evaluations.size);
    while (answered() < state.sampled.size && Date.now() < deadline) await sleep(20);
    this.current = null;
    const missing = sampled.filter((id) =>
      kind === "train" ? !state.updates.has(id) : !state.evaluations.has(id),
    );
    this.log({ event: "round-end", round, kind, answered: answered(), missing });
    return state;
  }

  /** Secure aggregation: each phase waits for its clients or roundTimeoutMs, then closes. */
  private async runSecAggRound(state: RoundState): Promise<RoundState> {
    const c = this.config;
    const sa = c.secureAggregation as NonNullable<ServerConfig["secureAggregation"]>;
    const round = new SecAggRound(state.sampled, {
      round: state.round,
      threshold: sa.threshold,
      fractionalBits: sa.fractionalBits,
      parameters: this.params.length,
      minSurvivors: c.minClients,
    });
    state.secagg = round;
    while (round.phase !== "done" && round.phase !== "failed") {
      const phase = round.phase;
      const deadline = Date.now() + c.roundTimeoutMs;
      while (!round.complete() && Date.now() < deadline) await sleep(20);
      const missing = round.expected().filter((id) => !round.answered(id));
      round.close();
      this.log({
        event: "secagg-phase",
        round: state.round,
        phase,
        missing,
        next: round.phase,
        ...round.sets(),
      });
    }
    for (const [id, e] of round.evaluations) state.evaluations.set(id, e);
    this.current = null;
    this.log({
      event: "round-end",
      round: state.round,
      kind: "train",
      answered: round.survivors().length,
      missing: [...state.sampled].filter((id) => !round.survivors().includes(id)),
      ...(round.phase === "failed" ? { secaggFailure: round.failure } : {}),
    });
    return state;
  }

  /** The updates to aggregate, or null when the round has too few (it is retried). */
  private aggregateOf(r: RoundState): ClientUpdate[] | null {
    if (r.secagg === undefined) {
      if (r.updates.size < this.config.minClients) return null;
      return [...r.updates.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    }
    const sum = r.secagg.sum();
    if (sum === null) return null;
    const p = this.params.length;
    const examples = sum[p];
    if (!(examples >= 1)) {
      this.log({
        event: "aggregate-rejected",
        round: r.round,
        reason: `secure sum of example counts ${examples}`,
      });
      return null;
    }
    if (this.debug.dumpAggregatesDir) {
      mkdirSync(this.debug.dumpAggregatesDir, { recursive: true });
      writeFileSync(
        join(this.debug.dumpAggregatesDir, `secagg-sum-r${r.round}.json`),
        JSON.stringify({ round: r.round, survivors: r.secagg.survivors(), sum: Array.from(sum) }),
      );
    }
    const mean = new Float32Array(p);
    for (let i = 0; i < p; i++) mean[i] = sum[i] / examples;
    // one pseudo-update: FedAvg's example-weighted mean (mean-based strategies take it as is)
    return [{ clientId: "secure-sum", delta: mean, numExamples: Math.round(examples) }];
  }

  private finishTrainRound(r: RoundState, updates: ClientUpdate[]): void {
    const t0 = performance.now();
    const next = this.dp
      ? this.dp.aggregate(this.params, updates)
      : this.strategy.aggregate(this.params, updates, r.round);
    if (!next.every(Number.isFinite)) {
      // never checkpoint or broadcast a blown-up model: the round is retried (a robust strategy avoids this)
      this.log({ event: "aggregate-rejected", round: r.round, reason: "non-finite parameters" });
      return;
    }
    this.params = next;
    this.nextRound = r.round + 1;
    writeCheckpoint(this.config.checkpoint, {
      nextRound: this.nextRound,
      parameters: this.params,
      strategy: this.strategy.name,
      strategyState: this.strategy.getState(),
      dpRounds: this.dp?.accountant.rounds ?? 0,
      modelSha: this.sha,
    });
    // the round's metrics line is written (synchronously) before the checkpoint is announced, so a
    // server killed after "checkpoint" has both; killed in between, it has the checkpoint only
    this.writeMetrics(r, false);
    this.log({ event: "checkpoint", nextRound: this.nextRound, aggregateMs: performance.now() - t0 });
  }

  private writeMetrics(r: RoundState, final: boolean): void {
    const k = this.config.model.nClasses;
    const evals = [...r.evaluations.values()];
    const perClientF1: Record<string, number> = {};
    for (const [id, e] of r.evaluations) perClientF1[id] = presentClassMacroF1(e.confusion, k);
    const spent = this.dp?.spent();
    const m: RoundMetrics & { final: boolean } = {
      round: r.round,
      final,
      globalMacroF1: evals.length > 0 ? macroF1Of(sumConfusions(evals, k), k) : null,
      perClientF1,
      clientsSampled: r.sampled.size,
      clientsAggregated: r.secagg ? r.secagg.survivors().length : r.updates.size,
      bytesUp: r.bytesUp,
      bytesDown: r.bytesDown,
      epsilon: spent?.epsilon ?? null,
      delta: spent?.delta ?? null,
      seconds: 0,
    };
    this.log({ event: "metrics", ...m });
    if (this.config.metricsOut) appendFileSync(this.config.metricsOut, `${JSON.stringify(m)}\n`);
  }

  private async handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<void> {
    const id = this.tokens.identify(headers.authorization);
    if (id === null) return this.reply(stream, 401, { accepted: false, reason: "unknown token" });
    if (headers[":method"] !== "POST")
      return this.reply(stream, 405, { accepted: false, reason: "POST only" });
    let body: Buffer;
    try {
      body = await readBody(stream, this.config.maxMessageBytes);
    } catch (e) {
      return this.reply(stream, e instanceof BodyTooLarge ? 413 : 400, {
        accepted: false,
        reason: String((e as Error).message),
      });
    }
    const path = headers[":path"];
    const parse = <T>(schema: z.ZodType<T>): T | null => {
      try {
        const msg = parseMessage(schema, body, String(path));
        if ((msg as { clientId?: string }).clientId !== id)
          throw new VigilError("E_SCHEMA", `clientId does not match the token's client ${id}`, {
            field: "clientId",
          });
        return msg;
      } catch (e) {
        this.reply(stream, 400, { accepted: false, reason: (e as Error).message });
        return null;
      }
    };
    /** A secure-aggregation message: parsed, handed to the running round, answered. */
    const viaSecAgg = <T>(schema: z.ZodType<T>, fn: (sa: SecAggRound, msg: T) => Ack): void => {
      const msg = parse(schema);
      if (msg !== null)
        this.reply(
          stream,
          200,
          this.withSecAgg(body.length, (sa) => fn(sa, msg)),
        );
    };
    this.lastSeen.set(id, Date.now());
    if (path === "/v1/join") {
      if (parse(joinRequestSchema) !== null) this.reply(stream, 200, { accepted: true });
    } else if (path === "/v1/task") {
      if (parse(taskRequestSchema) !== null) this.reply(stream, 200, this.task(id));
    } else if (path === "/v1/update") {
      const msg = parse(updateMessageSchema);
      if (msg !== null) this.reply(stream, 200, this.acceptUpdate(id, msg, body.length));
    } else if (path === "/v1/secagg/advertise") {
      viaSecAgg(secAggAdvertiseMessageSchema, (sa, msg) => sa.acceptAdvertise(id, msg));
    } else if (path === "/v1/secagg/shares") {
      viaSecAgg(secAggShareMessageSchema, (sa, msg) => sa.acceptShares(id, msg));
    } else if (path === "/v1/secagg/masked") {
      const k2 = this.config.model.nClasses ** 2;
      viaSecAgg(secAggMaskedMessageSchema, (sa, msg) =>
        msg.evaluation.confusion.length !== k2
          ? {
              accepted: false,
              reason: `confusion has ${msg.evaluation.confusion.length} cells, expected ${k2}`,
            }
          : sa.acceptMasked(id, msg),
      );
    } else if (path === "/v1/secagg/unmask") {
      viaSecAgg(secAggUnmaskMessageSchema, (sa, msg) => sa.acceptUnmask(id, msg));
    } else if (path === "/v1/evaluation") {
      const msg = parse(evaluationMessageSchema);
      if (msg !== null)
        this.reply(stream, 200, this.acceptEvaluation(id, msg.round, msg.evaluation, body.length));
    } else this.reply(stream, 404, { accepted: false, reason: `no route ${String(path)}` });
  }

  private withSecAgg(bytes: number, fn: (s: SecAggRound) => Ack): Ack {
    const r = this.current;
    if (r?.secagg === undefined) return { accepted: false, reason: "no secure-aggregation round is running" };
    const ack = fn(r.secagg);
    if (ack.accepted) r.bytesUp += bytes;
    return ack;
  }

  /** What a client trains with in `round` (plain or secure-aggregation training task). */
  private training(round: number, parameters: ReturnType<typeof encodeVector>) {
    return {
      round,
      model: scheduledSpec(this.config.model, this.config.clientLrDecay, round),
      parameters,
      config: {
        localEpochs: this.config.localEpochs,
        proximalMu: this.strategy.clientConfig().proximalMu,
        seed: this.config.seed * 7919 + round,
      },
    };
  }

  private secAggTask(r: RoundState & { secagg: SecAggRound }, id: string): TaskResponse {
    const t = r.secagg.task(id);
    if (t === null) return { action: "wait", retryAfterMs: 100 };
    let out: TaskResponse;
    if (t.action === "secagg-train") {
      out = { action: "secagg-train", ...this.training(r.round, encodeVector(this.params)), inbox: t.inbox };
    } else out = { ...t, round: r.round };
    r.bytesDown += Buffer.byteLength(JSON.stringify(out));
    return out;
  }

  private task(id: string): TaskResponse {
    const r = this.current;
    if (this.finished) {
      this.toldDone.add(id);
      return { action: "done", rounds: this.config.rounds };
    }
    if (r?.secagg !== undefined) return this.secAggTask(r as RoundState & { secagg: SecAggRound }, id);
    if (r === null || !r.sampled.has(id) || r.updates.has(id) || r.evaluations.has(id))
      return { action: "wait", retryAfterMs: 200 };
    const parameters = encodeVector(this.params);
    const t: TaskResponse =
      r.kind === "train"
        ? { action: "train", ...this.training(r.round, parameters) }
        : { action: "evaluate", round: r.round, model: this.config.model, parameters };
    r.bytesDown += parameters.base64.length;
    return t;
  }

  private acceptUpdate(id: string, msg: z.infer<typeof updateMessageSchema>, bytes: number): Ack {
    const r = this.current;
    if (r === null || r.kind !== "train" || msg.round !== r.round || !r.sampled.has(id))
      return { accepted: false, reason: "not a round this client was sampled for (late?)" };
    const k = this.config.model.nClasses;
    if (msg.evaluation.confusion.length !== k * k)
      return {
        accepted: false,
        reason: `confusion has ${msg.evaluation.confusion.length} cells, expected ${k * k}`,
      };
    let delta: Float32Array;
    try {
      delta = decodeVector(msg.delta, "delta", this.params.length);
    } catch (e) {
      return { accepted: false, reason: (e as Error).message };
    }
    r.updates.set(id, { clientId: id, delta, numExamples: msg.numExamples });
    r.evaluations.set(id, msg.evaluation);
    r.bytesUp += bytes;
    return { accepted: true };
  }

  private acceptEvaluation(id: string, round: number, e: Evaluation, bytes: number): Ack {
    const r = this.current;
    if (r === null || r.kind !== "evaluate" || round !== r.round || !r.sampled.has(id))
      return { accepted: false, reason: "no evaluation round" };
    if (e.confusion.length !== this.config.model.nClasses ** 2)
      return { accepted: false, reason: "confusion of the wrong size" };
    r.evaluations.set(id, e);
    r.bytesUp += bytes;
    return { accepted: true };
  }

  private reply(stream: ServerHttp2Stream, status: number, body: unknown): void {
    if (stream.destroyed || stream.closed) return;
    try {
      stream.respond({ ":status": status, "content-type": "application/json" });
      stream.end(JSON.stringify(body));
    } catch {
      // the client went away
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
