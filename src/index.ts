/** vigil's public API: re-exports only. */
export * from "./errors.js";
export * from "./decode/packet.js";
export * from "./capture/source.js";
export * from "./table/matrix.js";
export * from "./models/base.js";
