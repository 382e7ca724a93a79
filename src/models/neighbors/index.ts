/** Nearest-neighbour learners; importing this registers them. */
export * from "./knn.js";
