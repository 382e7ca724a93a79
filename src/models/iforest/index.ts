/** Isolation forest; importing this registers "isolation-forest". */
export * from "./isolation-forest.js";
export { averagePathLength } from "./isolation-tree.js";
