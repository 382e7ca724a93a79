export { AfterImage, type AfterImageParams, type AfterImageStats } from "./after-image.js";
export {
  emptyKitsuneKeys,
  epochSecondsFromParts,
  type KitsuneKeys,
  kitsuneKeysFromPacket,
} from "./kitsune-keys.js";
export { KITSUNE_TSV_FIELDS, kitsuneKeysFromRow, readKitsuneTsv } from "./kitsune-tsv.js";
export { packetFromKitsuneRow } from "./kitsune-tsv-packet.js";
export { LAMBDA_TEXT, LAMBDAS } from "./lambdas.js";
export { type AfterImageVariant, afterImageFeatureNames } from "./names.js";
