/**
 * The `vigil serve` configuration (vigil.yaml) as a zod schema: every object is strict, so an unknown
 * key is an error that names it (and, through load.ts, its line). Sizes are counts of items, times
 * carry their unit in the key name (`_s`, `_ms`), byte sizes end in `_bytes`.
 */
import { z } from "zod";

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();

/** pcap/pcapng replay: `speed: max` reads as fast as the pipeline takes it, `recorded` keeps the
 * capture's inter-packet gaps, a number multiplies the recorded rate (2 = twice as fast). */
export const PcapSourceSchema = z.strictObject({
  type: z.literal("pcap"),
  path: z.string().min(1),
  speed: z.union([z.literal("max"), z.literal("recorded"), z.number().positive()]).default("max"),
  /** Replay the file this many times (each pass renumbers packets after the previous one). */
  loops: positiveInt.default(1),
});
export const LiveSourceSchema = z.strictObject({
  type: z.literal("live"),
  interface: z.string().min(1),
  bpf: z.string().optional(),
  netns: z.string().optional(),
});
export const NetflowSourceSchema = z.strictObject({
  type: z.literal("netflow"),
  host: z.string().default("127.0.0.1"),
  port: port.default(2055),
});
/** A Zeek conn.log that keeps growing (Zeek writing it): new lines are read as they appear. */
export const ZeekSourceSchema = z.strictObject({
  type: z.literal("zeek"),
  path: z.string().min(1),
  /** Keep reading new lines after the end of the file (tail -f); false reads it once. */
  follow: z.boolean().default(true),
  poll_ms: positiveInt.default(250),
});
/** Flow records (JSON, FlowRecordSchema) published on an MQTT topic. */
export const MqttSourceSchema = z.strictObject({
  type: z.literal("mqtt"),
  url: z.string().min(1),
  topic: z.string().min(1),
});
/** Flow records (JSON) from NATS: `jetstream` consumes a durable work-queue consumer shared by every
 * worker (each record goes to one worker, redelivered if unacked); otherwise a plain subscription
 * with an optional queue group. */
export const NatsSourceSchema = z.strictObject({
  type: z.literal("nats"),
  servers: z.string().min(1),
  subject: z.string().min(1),
  jetstream: z
    .strictObject({
      stream: z.string().min(1),
      consumer: z.string().min(1),
      ack_wait_ms: positiveInt.default(5000),
      /** Records fetched at a time (in flight per worker). */
      batch: positiveInt.default(100),
    })
    .optional(),
  queue_group: z.string().optional(),
});

export const SourceSchema = z.discriminatedUnion("type", [
  PcapSourceSchema,
  LiveSourceSchema,
  NetflowSourceSchema,
  ZeekSourceSchema,
  MqttSourceSchema,
  NatsSourceSchema,
]);
export type SourceConfig = z.infer<typeof SourceSchema>;

export const PacketDetectorConfigSchema = z.strictObject({
  /** A saved detector (`vigil detect --save-model`); without it the detector trains on the first packets. */
  model: z.string().optional(),
  /** Packets used before detection when training online: 10% mapping, 70% training, 20% calibration. */
  train_packets: positiveInt.default(60_000),
  target_fpr: z.number().gt(0).lt(1).default(0.001),
  /** At most one alert per host pair per this many capture seconds. */
  alert_interval_s: z.number().nonnegative().default(1),
  /** Top contributors attached to each alert's explanation. */
  explain_top: positiveInt.default(5),
});
export const FlowDetectorConfigSchema = z.strictObject({
  /** A flow-model detector file (as `vigil detect --flow-model`). */
  model: z.string().min(1),
});

/** The device inventory (src/devices) over the packet source: MACs, IPs, first/last seen, ARP/IP
 * conflicts and Sybil checks always; device types and unknown devices with a `vigil devices
 * --save-model` file. */
export const DevicesConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  model: z.string().min(1).optional(),
});

export const DetectorsSchema = z.strictObject({
  packet: PacketDetectorConfigSchema.optional(),
  flow: FlowDetectorConfigSchema.optional(),
  devices: DevicesConfigSchema.default({ enabled: true }),
});

export const EveSinkSchema = z.strictObject({
  type: z.literal("eve"),
  path: z.string().min(1),
  /** Rotate when the file would pass this size: eve.json -> eve.json.1 -> ... */
  rotate_bytes: positiveInt.default(100 * 1024 * 1024),
  /** Rotated files kept. */
  keep: z.number().int().nonnegative().default(5),
});
export const SqliteSinkSchema = z.strictObject({
  type: z.literal("sqlite"),
  path: z.string().min(1),
  /** Oldest alerts are deleted past this many rows (bounded disk). */
  max_alerts: positiveInt.default(1_000_000),
});
export const MqttSinkSchema = z.strictObject({
  type: z.literal("mqtt"),
  url: z.string().min(1),
  topic: z.string().min(1).default("vigil/alerts"),
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
});
export const NatsSinkSchema = z.strictObject({
  type: z.literal("nats"),
  servers: z.string().min(1),
  subject: z.string().min(1).default("vigil.alerts"),
  /** Publish through JetStream with the alert id as Nats-Msg-Id (the stream drops duplicates). */
  jetstream: z.boolean().default(false),
});
export const WebhookSinkSchema = z.strictObject({
  type: z.literal("webhook"),
  url: z.string().url(),
  /** Alerts per POST (a JSON array). */
  batch: positiveInt.default(100),
  retries: z.number().int().nonnegative().default(5),
  /** First retry delay; doubles each retry. */
  backoff_ms: positiveInt.default(200),
  timeout_ms: positiveInt.default(5000),
});
export const SinkSchema = z.discriminatedUnion("type", [
  EveSinkSchema,
  SqliteSinkSchema,
  MqttSinkSchema,
  NatsSinkSchema,
  WebhookSinkSchema,
]);
export type SinkConfig = z.infer<typeof SinkSchema>;

/** One suppression rule: every field given must match (host and subnet match either address). */
export const SuppressRuleSchema = z
  .strictObject({
    host: z.string().optional(),
    subnet: z.string().optional(),
    signature_id: z.number().int().optional(),
    /** Why (shown in the API). */
    comment: z.string().optional(),
  })
  .refine((r) => r.host !== undefined || r.subnet !== undefined || r.signature_id !== undefined, {
    message: "a suppression rule needs host, subnet or signature_id",
  });
export type SuppressRule = z.infer<typeof SuppressRuleSchema>;

export const QueuesSchema = z.strictObject({
  /** Frame ring between capture and detection, bytes of packet data. */
  frame_bytes: positiveInt.default(16 * 1024 * 1024),
  /** Alerts waiting for the sinks. */
  alerts: positiveInt.default(10_000),
  /** Flow records waiting for the flow stage. */
  flows: positiveInt.default(10_000),
  /** Per-sink pending alerts (network sinks: MQTT, NATS, webhook). */
  sink: positiveInt.default(10_000),
  /** Full queue: `block` slows the source (files; nothing lost), `drop` counts and drops (live). */
  overflow: z.enum(["block", "drop"]).optional(),
});

export const HttpSchema = z.strictObject({
  host: z.string().default("127.0.0.1"),
  /** 0 = any free port (the chosen one is logged). */
  port: port.default(8080),
  dashboard: z.boolean().default(true),
  /** The federated server's per-round metrics file (`vigil fed serve --metrics-out`), shown as round progress. */
  federated_metrics: z.string().optional(),
  /** `vigil compare`'s comparison.json, shown as the dashboard's model comparison table and chart. */
  comparison: z.string().optional(),
});

export const ServiceConfigSchema = z.strictObject({
  /** Directory for the checkpoint (resume without duplicates) and defaults. */
  state_dir: z.string().min(1).default("vigil-state"),
  /** Worker name in metrics and alerts (scale-out). */
  worker: z.string().min(1).default("vigil"),
  sources: z.array(SourceSchema).min(1),
  detectors: DetectorsSchema.default({ devices: { enabled: true } }),
  sinks: z.array(SinkSchema).default([]),
  suppress: z.array(SuppressRuleSchema).default([]),
  queues: QueuesSchema.default({
    frame_bytes: 16 * 1024 * 1024,
    alerts: 10_000,
    flows: 10_000,
    sink: 10_000,
  }),
  http: HttpSchema.optional(),
  /** Flows kept for the API (most recent). */
  keep_flows: positiveInt.default(10_000),
});
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;
