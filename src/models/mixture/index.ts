/** Mixture models; importing this registers "gmm". */
export * from "./gmm.js";
