/** NetFlow v5 / v9 / IPFIX collection into flow records. */
export { NetflowCollector, type NetflowCollectorOptions } from "./collector.js";
export { NetflowDecoder, type NetflowDecoderCounters } from "./decode.js";
export { type NetflowFlow, netflowToFlowRecord } from "./netflow-flow.js";
