/** The detection service: config, daemon, sinks, sources, API (public entry points). */
export { loadServiceConfig, parseServiceConfig } from "./config/load.js";
export {
  type ServiceConfig,
  ServiceConfigSchema,
  type SinkConfig,
  type SourceConfig,
} from "./config/schema.js";
export { Daemon, type DaemonOptions } from "./daemon.js";
export type { FlowScorer } from "./flow-stage.js";
export { buildApi, startHttp } from "./http/api.js";
export { LatencyHistogram, MetricsRegistry } from "./metrics.js";
export { EveFileSink, MqttSink, NatsSink, type Sink, SqliteSink, WebhookSink } from "./sinks/index.js";
export { type ServiceAlert, ServiceAlertSchema, type SinkStats } from "./sinks/sink.js";
export { Suppressor } from "./suppression.js";
