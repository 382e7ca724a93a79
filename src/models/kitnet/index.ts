export {
  KITNET_ARTIFACT_VERSION,
  KitNET,
  type KitNETExplanation,
  type KitNETParams,
  type KitNETPhase,
} from "./kitnet.js";
