import { describe, expect, it } from "vitest";
import { FLOW_NUMERIC_FEATURES } from "../features/flows/vector.js";
import { featureWords } from "./flow-words.js";
import { flatten, leaf, split, viewOf } from "./random-trees.test-data.js";
import { columnMedians, reasonLine, topFeatures } from "./reason.js";
import { decisionRule } from "./rule.js";

describe("readable reasons", () => {
  const names = ["duration_s", "orig_pkts", "conn_state_S0", "resp_bytes"];

  it("top features: largest |attribution| first, with value, direction and the usual value", () => {
    const top = topFeatures(names, [1.5, 120, 1, 0], [0.1, 0.5, 0.3, -0.2], 3, [10, 3, 0, 200]);
    expect(top.map((t) => t.name)).toEqual(["orig_pkts", "conn_state_S0", "resp_bytes"]);
    expect(top[0]).toEqual({
      name: "orig_pkts",
      value: 120,
      attribution: 0.5,
      direction: "raises",
      usual: 3,
    });
    expect(top[2].direction).toBe("lowers");
  });

  it("a reason line says how far from usual, where and how fast", () => {
    const top = topFeatures(names, [1.5, 120, 1, 0], [0.1, 0.5, 0.3, -0.2], 3, [10, 3, 0, 200]);
    expect(reasonLine(top, { destPort: 1883, durationS: 1.5 })).toBe(
      "flow sent 40x the usual packets (120 vs 3), where a connection attempt got no reply (S0), to port 1883 within 1.5 s",
    );
  });

  it("every flow feature has words (no raw underscores)", () => {
    for (const n of FLOW_NUMERIC_FEATURES) expect(featureWords(n)).not.toContain("_");
  });

  it("medians per column ignore NaN", () => {
    const m = columnMedians(Float32Array.of(1, Number.NaN, 3, 5, 2, Number.NaN), 3, 2);
    expect(Array.from(m)).toEqual([2, 5]);
  });
});

describe("decision rules", () => {
  it("folds repeated splits into one interval and names the verdict", () => {
    // x0 <= 10 ? leaf A : (x0 <= 40 ? (x1 <= 2 ? scan : benign) : benign)
    const t = split(
      0,
      10,
      leaf(5, 1, 0),
      split(0, 40, split(1, 2, leaf(3, 0, 1), leaf(2, 1, 0)), leaf(4, 1, 0)),
    );
    const view = viewOf(flatten([t], 2, 2), 2);
    const rule = decisionRule(view, [35, 1.5], ["orig_pkts", "duration_s"], 1, ["benign", "port-scan"]);
    expect(rule).toBe("10 < orig_pkts <= 40 and duration_s <= 2 ⇒ port-scan (1)");
    expect(decisionRule(view, [Number.NaN, 1], ["orig_pkts", "duration_s"], 0, ["benign", "scan"])).toBe(
      "orig_pkts is missing ⇒ benign (1)",
    );
  });
});
