/**
 * `vigil fed simulate`: many clients in one process (experiments): each round samples clients, each
 * trains the global model on its own rows (ParameterVector.partialFit), attackers poison their data or
 * their update, and the server aggregates with a strategy, with client-level DP, or through secure
 * aggregation. Per-round metrics: macro-F1 of the global model on the union of the clients' test rows,
 * per-client F1 (over the classes present in each client's test rows), and the bytes the update messages
 * would take on the wire (their JSON encoding, as the transport sends them).
 */
import { VigilError } from "../errors.js";
import type { DpConfig, ModelSpec, RoundMetrics } from "../schemas/federated.js";
import { type Matrix, takeRows } from "../table/matrix.js";
import { type Attack, poisonData, poisonUpdate } from "./attacks.js";
import { evaluateLocal, macroF1Of, presentClassMacroF1, sumConfusions } from "./evaluate.js";
import { type ClientLrDecay, type FederatedModel, instantiate, scheduledSpec } from "./model.js";
import { DpAggregator } from "./privacy/dp.js";
import { secureSum } from "./privacy/secagg.js";
import { Rng, shuffle } from "./random.js";
import { assertSecureAggregable, createStrategy } from "./strategies/index.js";
import type { ClientUpdate } from "./strategies/strategy.js";
import { encodeVector } from "./vector.js";

export interface SimulationData {
  /** Feature matrix (already transformed) and labels of all rows. */
  X: Matrix;
  y: Int32Array;
  nClasses: number;
  /** Per client: its training rows and its test rows (indices into X). */
  clients: { train: Int32Array; test: Int32Array }[];
}

export interface SimulationOptions {
  model: { kind: string; params?: Record<string, unknown> };
  strategy: { name: string; params?: Record<string, unknown> };
  rounds: number;
  clientsPerRound: number;
  localEpochs: number;
  /**
   * Client learning-rate schedule: round r's local training uses model.params.learningRate times
   * decay^(r - 1), never below minFactor times it (FedAvg with a decaying client step, as a Flower
   * user would set through on_fit_config_fn). Absent: a constant rate.
   */
  clientLrDecay?: ClientLrDecay;
  /** Overrides the strategy's FedProx mu. */
  proximalMu?: number;
  attack?: Attack;
  /** Share of clients that attack (the first ones of a seeded shuffle). */
  attackFraction?: number;
  /** The clients attackFraction picks sit out instead of attacking (the clean reference without their data). */
  attackersAbstain?: boolean;
  dp?: DpConfig;
  /** Secure aggregation (mean of the survivors' deltas); `dropoutRate`: share of sampled clients that vanish after sharing keys. */
  secureAggregation?: { thresholdFraction?: number; dropoutRate?: number };
  seed: number;
  onRound?: (m: RoundMetrics) => void;
}

export interface SimulationResult {
  rounds: RoundMetrics[];
  parameters: Float32Array;
  finalMacroF1: number;
  attackers: number[];
  /** Round whose aggregate had non-finite parameters (the run stops there; its metrics say diverged). */
  divergedAtRound?: number;
}

function emptyMetrics(round: number): RoundMetrics {
  return {
    round,
    globalMacroF1: null,
    perClientF1: {},
    clientsSampled: 0,
    clientsAggregated: 0,
    bytesUp: 0,
    bytesDown: 0,
    epsilon: null,
    delta: null,
    seconds: 0,
  };
}

export function runSimulation(data: SimulationData, o: SimulationOptions): SimulationResult {
  const n = data.clients.length;
  if (o.clientsPerRound < 1 || o.clientsPerRound > n) {
    throw new VigilError("E_CONFIG", `clientsPerRound ${o.clientsPerRound} not in 1..${n}`, {
      field: "clientsPerRound",
    });
  }
  if (o.secureAggregation) assertSecureAggregable(o.strategy.name, o.dp !== undefined);

  const spec: ModelSpec = {
    kind: o.model.kind,
    params: o.model.params ?? {},
    nFeatures: data.X.cols,
    nClasses: data.nClasses,
  };
  const server = instantiate(spec);
  let global = server.getParameters();
  const strategy = createStrategy(o.strategy);
  const mu = o.proximalMu ?? strategy.clientConfig().proximalMu;
  const rng = new Rng(o.seed);
  const attackers = Array.from(
    shuffle(
      Int32Array.from({ length: n }, (_, i) => i),
      rng,
    ).slice(0, Math.round((o.attackFraction ?? 0) * n)),
  ).sort((a, b) => a - b);
  const isAttacker = new Set(attackers);
  const local = data.clients.map((c, k) => {
    const X = takeRows(data.X, c.train);
    const y = Int32Array.from(c.train, (r) => data.y[r]);
    const poisoned =
      isAttacker.has(k) && o.attack ? poisonData(o.attack, X, y, data.nClasses, o.seed + k) : { X, y };
    return { ...poisoned, Xtest: takeRows(data.X, c.test), ytest: Int32Array.from(c.test, (r) => data.y[r]) };
  });
  const models: (FederatedModel | null)[] = new Array(n).fill(null);
  const dp = o.dp ? new DpAggregator(o.dp, n, o.clientsPerRound / n, o.seed) : null;
  const history: RoundMetrics[] = [];
  let lastF1 = 0;
  for (let round = 1; round <= o.rounds; round++) {
    const t0 = performance.now();
    const drawn = dp
      ? Array.from({ length: n }, (_, k) => k).filter(() => dp.sample(() => rng.float()))
      : Array.from(
          shuffle(
            Int32Array.from({ length: n }, (_, i) => i),
            rng,
          ).slice(0, o.clientsPerRound),
        );
    const sampled = o.attackersAbstain ? drawn.filter((k) => !isAttacker.has(k)) : drawn;
    const roundSpec = scheduledSpec(spec, o.clientLrDecay, round);
    const updates: ClientUpdate[] = [];
    let bytesUp = 0;
    let bytesDown = 0;
    const downBytes = Buffer.byteLength(JSON.stringify(encodeVector(global))) + 200;
    for (const k of sampled) {
      let m = models[k];
      if (m === null || roundSpec !== spec) {
        m = instantiate(roundSpec);
        models[k] = m;
      }
      m.setParameters(global);
      const L = local[k];
      m.partialFit(L.X, L.y, {
        epochs: o.localEpochs,
        proximalMu: mu,
        seed: o.seed * 100_003 + round * 101 + k,
      });
      const delta = m.getParameters();
      for (let i = 0; i < delta.length; i++) delta[i] -= global[i];
      if (isAttacker.has(k) && o.attack && !o.attackersAbstain) poisonUpdate(o.attack, delta);
      updates.push({ clientId: `client-${k}`, delta, numExamples: L.X.rows });
      bytesDown += downBytes;
      const msg = {
        clientId: `client-${k}`,
        round,
        delta: encodeVector(delta),
        numExamples: L.X.rows,
        evaluation: { rows: L.Xtest.rows, confusion: new Array(data.nClasses ** 2).fill(0) },
        trainSeconds: 0,
      };
      bytesUp += Buffer.byteLength(JSON.stringify(msg));
    }
    if (updates.length > 0) {
      if (dp) global = dp.aggregate(global, updates);
      else if (o.secureAggregation) {
        const sa = o.secureAggregation;
        const drop = updates.filter(() => rng.float() < (sa.dropoutRate ?? 0)).map((u) => u.clientId);
        const threshold = Math.max(2, Math.ceil((sa.thresholdFraction ?? 0.5) * updates.length));
        const r = secureSum(new Map(updates.map((u) => [u.clientId, u.delta])), {
          round,
          threshold,
          dropAfterShare: drop,
        });
        bytesUp = r.bytesUp;
        bytesDown += r.bytesDown;
        const mean = Float32Array.from(r.sum, (v) => v / r.survivors.length);
        global = strategy.aggregate(global, [{ clientId: "secure-sum", delta: mean, numExamples: 1 }], round);
      } else global = strategy.aggregate(global, updates, round);
    }
    if (!global.every(Number.isFinite)) {
      // the aggregate blew up (an unbounded attack under a non-robust rule): the federation has collapsed
      for (let r = round; r <= o.rounds; r++) {
        const m = { ...emptyMetrics(r), clientsSampled: sampled.length, diverged: true } as RoundMetrics;
        history.push(m);
        o.onRound?.(m);
      }
      return { rounds: history, parameters: global, finalMacroF1: 0, attackers, divergedAtRound: round };
    }
    server.setParameters(global);
    const evals = local.map((L) => evaluateLocal(server, L.Xtest, L.ytest, data.nClasses));
    lastF1 = macroF1Of(sumConfusions(evals, data.nClasses), data.nClasses);
    const perClientF1: Record<string, number> = {};
    evals.forEach((e, k) => {
      perClientF1[`client-${k}`] = presentClassMacroF1(e.confusion, data.nClasses);
    });
    const spent = dp?.spent();
    const m: RoundMetrics = {
      round,
      globalMacroF1: lastF1,
      perClientF1,
      clientsSampled: sampled.length,
      clientsAggregated: updates.length,
      bytesUp,
      bytesDown,
      epsilon: spent?.epsilon ?? null,
      delta: spent?.delta ?? null,
      seconds: (performance.now() - t0) / 1000,
    };
    history.push(m);
    o.onRound?.(m);
  }
  return { rounds: history, parameters: global, finalMacroF1: lastF1, attackers };
}
