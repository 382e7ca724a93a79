/**
 * Federated-learning messages, server config and checkpoints (zod; types come from z.infer).
 * Every message that crosses the network is parsed with these schemas after a byte-limit check
 * (src/federated/transport/body.ts). A client's update carries a parameter delta, an example count and
 * an evaluation confusion matrix: there is no field that could hold raw rows, and unknown keys are
 * rejected (strict objects).
 */
import { z } from "zod";

/** Largest request or response body any federated endpoint accepts, in bytes (64 MiB). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Largest parameter vector carried in one message (values). */
export const MAX_VECTOR_LENGTH = 16 * 1024 * 1024;

const clientId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, "client ids are [A-Za-z0-9_.-]");

/** A Float32 vector: little-endian IEEE-754 bytes in base64. */
export const vectorSchema = z
  .object({
    dtype: z.literal("f32"),
    length: z.number().int().min(0).max(MAX_VECTOR_LENGTH),
    base64: z
      .string()
      .max(Math.ceil((MAX_VECTOR_LENGTH * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64"),
  })
  .strict();
export type EncodedVector = z.infer<typeof vectorSchema>;

export const modelSpecSchema = z
  .object({
    /** Registry kind of a model with the ParameterVector capability ("logistic-regression", "mlp"). */
    kind: z.string().min(1).max(64),
    params: z.record(z.string(), z.unknown()).default({}),
    /** Input width (columns of the feature matrix after the federation's transform). */
    nFeatures: z.number().int().positive().max(1_000_000),
    nClasses: z.number().int().min(2).max(10_000),
  })
  .strict();
export type ModelSpec = z.infer<typeof modelSpecSchema>;

export const trainConfigSchema = z
  .object({
    localEpochs: z.number().int().positive().max(1000),
    /** FedProx proximal weight mu (0: plain local training). */
    proximalMu: z.number().min(0).max(1e6),
    seed: z.number().int(),
  })
  .strict();
export type TrainConfig = z.infer<typeof trainConfigSchema>;

export const joinRequestSchema = z.object({ clientId }).strict();

export const taskRequestSchema = z.object({ clientId }).strict();

/** Secure aggregation: an X25519 public key, raw 32 bytes in base64url (43 characters). */
const x25519Key = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a base64url X25519 public key");
/** A Shamir share's y: a GF(2^521 - 1) element in hex (at most 131 digits). */
const shareY = z.string().regex(/^[0-9a-f]{1,131}$/, "not a hex field element");
/** AES-256-GCM sealed share pair: base64 of iv | tag | ciphertext (a few hundred bytes). */
const sealedBox = z
  .string()
  .min(40)
  .max(2048)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64");

export const secAggAdvertisementSchema = z.object({ id: clientId, cPk: x25519Key, sPk: x25519Key }).strict();
export const sealedShareSchema = z.object({ from: clientId, to: clientId, box: sealedBox }).strict();
const revealedShareSchema = z
  .object({ of: clientId, x: z.number().int().min(1).max(10_000), y: shareY })
  .strict();

/** Masked input: Z_2^32 words, little-endian, base64 (length = parameters + 1: the example count). */
export const maskedVectorSchema = z
  .object({
    length: z
      .number()
      .int()
      .min(1)
      .max(MAX_VECTOR_LENGTH + 1),
    base64: z
      .string()
      .max(Math.ceil(((MAX_VECTOR_LENGTH + 1) * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64"),
  })
  .strict();

/** Secure-aggregation settings the server sends with each phase's task. */
export const secAggParamsSchema = z
  .object({
    threshold: z.number().int().min(2).max(10_000),
    fractionalBits: z.number().int().min(0).max(30),
  })
  .strict();

export const taskResponseSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("wait"), retryAfterMs: z.number().int().min(1).max(60_000) }).strict(),
  z.object({ action: z.literal("done"), rounds: z.number().int().min(0) }).strict(),
  z
    .object({
      action: z.literal("train"),
      round: z.number().int().positive(),
      model: modelSpecSchema,
      parameters: vectorSchema,
      config: trainConfigSchema,
    })
    .strict(),
  z
    .object({
      action: z.literal("evaluate"),
      round: z.number().int().positive(),
      model: modelSpecSchema,
      parameters: vectorSchema,
    })
    .strict(),
  // secure aggregation, one task per phase (privacy/secagg.ts): advertise keys, share, train + mask, unmask
  z
    .object({
      action: z.literal("secagg-advertise"),
      round: z.number().int().positive(),
      secAgg: secAggParamsSchema,
    })
    .strict(),
  z
    .object({
      action: z.literal("secagg-share"),
      round: z.number().int().positive(),
      roster: z.array(secAggAdvertisementSchema).min(2).max(10_000),
    })
    .strict(),
  z
    .object({
      action: z.literal("secagg-train"),
      round: z.number().int().positive(),
      model: modelSpecSchema,
      parameters: vectorSchema,
      config: trainConfigSchema,
      /** The sealed shares addressed to this client by the clients that shared (U2). */
      inbox: z.array(sealedShareSchema).max(10_000),
    })
    .strict(),
  z
    .object({
      action: z.literal("secagg-unmask"),
      round: z.number().int().positive(),
      /** Clients whose masked input arrived (U3). */
      survivors: z.array(clientId).min(1).max(10_000),
    })
    .strict(),
]);
export type TaskResponse = z.infer<typeof taskResponseSchema>;

/** Counts of a confusion matrix (true class major), nClasses^2 non-negative integers. */
const confusionSchema = z.array(z.number().int().min(0)).max(10_000 * 10_000);

export const evaluationSchema = z
  .object({
    /** Rows of the client's local test split. */
    rows: z.number().int().min(0),
    confusion: confusionSchema,
  })
  .strict();
export type Evaluation = z.infer<typeof evaluationSchema>;

export const updateMessageSchema = z
  .object({
    clientId,
    round: z.number().int().positive(),
    /** Local parameters minus the round's global parameters. */
    delta: vectorSchema,
    /** Local training rows used (FedAvg weight). */
    numExamples: z.number().int().positive(),
    /** The round's global model evaluated on the client's local test split before training. */
    evaluation: evaluationSchema,
    trainSeconds: z.number().min(0),
  })
  .strict();
export type UpdateMessage = z.infer<typeof updateMessageSchema>;

export const secAggAdvertiseMessageSchema = z
  .object({ clientId, round: z.number().int().positive(), cPk: x25519Key, sPk: x25519Key })
  .strict();

export const secAggShareMessageSchema = z
  .object({ clientId, round: z.number().int().positive(), shares: z.array(sealedShareSchema).max(10_000) })
  .strict();

/** A client's masked input x = [numExamples * delta, numExamples] (the server only ever learns their sum). */
export const secAggMaskedMessageSchema = z
  .object({
    clientId,
    round: z.number().int().positive(),
    masked: maskedVectorSchema,
    /** As in an update: the round's global model on the client's local test split. */
    evaluation: evaluationSchema,
    trainSeconds: z.number().min(0),
  })
  .strict();

export const secAggUnmaskMessageSchema = z
  .object({
    clientId,
    round: z.number().int().positive(),
    bShares: z.array(revealedShareSchema).max(10_000),
    sShares: z.array(revealedShareSchema).max(10_000),
  })
  .strict();

export const evaluationMessageSchema = z
  .object({ clientId, round: z.number().int().positive(), evaluation: evaluationSchema })
  .strict();
export type EvaluationMessage = z.infer<typeof evaluationMessageSchema>;

export const ackSchema = z.object({ accepted: z.boolean(), reason: z.string().max(500).optional() }).strict();

export const strategySpecSchema = z
  .object({
    name: z.string().min(1).max(32),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const dpConfigSchema = z
  .object({
    /** L2 bound each client's delta is clipped to. */
    clipNorm: z.number().positive(),
    /** Noise standard deviation / clipNorm. */
    noiseMultiplier: z.number().positive(),
    delta: z.number().positive().lt(1).default(1e-5),
  })
  .strict();
export type DpConfig = z.infer<typeof dpConfigSchema>;

export const serverConfigSchema = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8443),
    tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).strict(),
    /** One bearer token per client (at least 16 characters). */
    clients: z
      .array(z.object({ id: clientId, token: z.string().min(16).max(256) }).strict())
      .min(1)
      .max(10_000),
    model: modelSpecSchema,
    rounds: z.number().int().positive().max(100_000),
    /** Clients sampled per round (capped at the number of live clients). */
    clientsPerRound: z.number().int().positive(),
    /** Live clients required before round 1 starts (default minClients). */
    startClients: z.number().int().positive().optional(),
    /** A round aggregates when at least this many sampled clients answered. */
    minClients: z.number().int().positive().default(1),
    roundTimeoutMs: z.number().int().positive().default(30_000),
    /** A client is live when it polled within this many milliseconds. */
    livenessMs: z.number().int().positive().default(5_000),
    localEpochs: z.number().int().positive().default(1),
    /**
     * Client learning-rate schedule: round r trains with model.params.learningRate x
     * max(minFactor, decay^(r - 1)) (the task's model spec carries the round's rate).
     */
    clientLrDecay: z
      .object({ decay: z.number().gt(0).max(1), minFactor: z.number().min(0).max(1).default(0) })
      .strict()
      .optional(),
    strategy: strategySpecSchema.default({ name: "fedavg", params: {} }),
    dp: dpConfigSchema.optional(),
    /**
     * Secure aggregation (Bonawitz et al. 2017): the server learns only the sum of the survivors'
     * example-weighted deltas. `threshold`: Shamir threshold, survivors needed to unmask;
     * `fractionalBits`: fixed-point precision of the Z_2^32 ring (each |numExamples * delta| must stay
     * below 2^(31 - bits) / clients). Mean-based strategies only, no server DP.
     */
    secureAggregation: z
      .object({
        threshold: z.number().int().min(2).max(10_000),
        fractionalBits: z.number().int().min(0).max(30).default(12),
      })
      .strict()
      .optional(),
    checkpoint: z.string().min(1),
    metricsOut: z.string().optional(),
    seed: z.number().int().default(0),
    maxMessageBytes: z.number().int().positive().max(MAX_MESSAGE_BYTES).default(MAX_MESSAGE_BYTES),
  })
  .strict();
export type ServerConfig = z.infer<typeof serverConfigSchema>;

export const checkpointSchema = z
  .object({
    format: z.literal("vigil-fed-checkpoint"),
    version: z.literal(1),
    /** The next round to run (rounds before it are aggregated and in `parameters`). */
    nextRound: z.number().int().positive(),
    parameters: vectorSchema,
    strategy: z.string(),
    strategyState: z.record(z.string(), vectorSchema),
    /** DP rounds accounted so far (the accountant recomputes epsilon from them). */
    dpRounds: z.number().int().min(0),
    modelSha: z.string(),
  })
  .strict();
export type Checkpoint = z.infer<typeof checkpointSchema>;

/** One line of --metrics-out (JSON lines). */
export const roundMetricsSchema = z
  .object({
    round: z.number().int(),
    /** Macro-F1 of the global model in force during this round (evaluated by clients on local tests). */
    globalMacroF1: z.number().nullable(),
    perClientF1: z.record(z.string(), z.number()),
    clientsSampled: z.number().int(),
    clientsAggregated: z.number().int(),
    bytesUp: z.number().int(),
    bytesDown: z.number().int(),
    epsilon: z.number().nullable(),
    delta: z.number().nullable(),
    seconds: z.number(),
  })
  .passthrough();
export type RoundMetrics = z.infer<typeof roundMetricsSchema>;
