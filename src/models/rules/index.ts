/** Association rules: itemset mining, discretisation, and the rule detector ("rules"). */
export * from "./discretise.js";
export * from "./itemsets.js";
export * from "./rule-detector.js";
