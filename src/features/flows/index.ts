/** Flows: the flow table, its records, their numeric features and writers. */

export {
  CONN_STATES,
  type ConnState,
  type FlowRecord,
  FlowRecordSchema,
  type FlowStats,
  FlowStatsSchema,
} from "../../schemas/flow.js";
export { FlowTable, type FlowTableCounters } from "./flow-table.js";
export { csvHeader, csvLine, zeekFooter, zeekHeader, zeekLine } from "./format.js";
export { type FlowRunResult, flowRecordsFromCapture, flowsFromSource } from "./from-capture.js";
export { type FlowTableOptions, type FlowTableOptionsInput, FlowTableOptionsSchema } from "./options.js";
export { FLOW_NUMERIC_FEATURES, FLOW_VECTOR_FIRST_PACKETS, flowToVector } from "./vector.js";
