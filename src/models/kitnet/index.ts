export { type KitNETExplanation, type KitNETParams, type KitNETPhase, KITNET_ARTIFACT_VERSION, KitNET } from "./kitnet.js";
