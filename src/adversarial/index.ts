/** Adversarial robustness: threat models, evasion attacks, defences, poisoning, pcap mutation, reports. */
export { type AdversarialTrainingOptions, adversarialTraining } from "./adversarial-training.js";
export type { AttackOptions, AttackResult, EvasionAttack } from "./attack.js";
export {
  type Control,
  controlledFeatures,
  type FeatureRule,
  featureBox,
  isFeasible,
  projectMatrix,
  projectRow,
  type ThreatModel,
} from "./constraints.js";
export { DecisionAttack } from "./decision-attack.js";
export { Fgsm, Pgd } from "./gradient-attacks.js";
export { type MutationStats, mutateCapture, type PcapMutation } from "./pcap-mutate.js";
export { flowMatrix, type RescoreResult, rescoreCapture } from "./pcap-rescore.js";
export { detectByCrossValidation, detectLabelNoise, flagQuality, flipLabels } from "./poisoning.js";
export { poisoningStudy } from "./poisoning-study.js";
export { suiteToMarkdown } from "./report.js";
export { evaluateRobustness, type RobustnessOptions, type RobustnessResult } from "./robustness.js";
export { StandardizedClassifier } from "./scaled.js";
export { FeatureSqueezer } from "./squeeze.js";
export { runRobustnessSuite, type SuiteInput, type SuiteResult } from "./suite.js";
export { THREAT_MODEL_DATASETS, threatModelFor } from "./threat-models.js";
