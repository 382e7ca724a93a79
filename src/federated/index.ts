/** Federated learning: public surface (server, client, simulation, strategies, privacy, partitions, attacks). */
export { type Attack, attackSchema, parseAttack, poisonData, poisonUpdate, stampTrigger } from "./attacks.js";
export { type CheckpointState, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
export { type ClientData, FedClient, type FedClientOptions } from "./client.js";
export { type FederatedData, federate, loadFederatedData, unionRows } from "./data.js";
export { evaluateLocal, macroF1Of, presentClassMacroF1, sumConfusions } from "./evaluate.js";
export { type FederatedModel, instantiate, modelSha, signedLog1p } from "./model.js";
export { type PartitionSpec, parsePartitionSpec, partitionRows } from "./partitions.js";
export { DpAggregator } from "./privacy/dp.js";
export { epsilonFromRdp, RdpAccountant, rdpSampledGaussian } from "./privacy/rdp.js";
export { SecAggClient, SecAggServer, secureSum } from "./privacy/secagg.js";
export { combineShares, splitSecret } from "./privacy/shamir.js";
export { FedServer } from "./server.js";
export {
  runSimulation,
  type SimulationData,
  type SimulationOptions,
  type SimulationResult,
} from "./simulate.js";
export { createStrategy, STRATEGY_NAMES } from "./strategies/index.js";
export type { ClientUpdate, Strategy } from "./strategies/strategy.js";
export { makeCerts } from "./transport/certs.js";
export { FederatedBagging, federatedForest } from "./trees/bagging.js";
