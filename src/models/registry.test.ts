import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import { makeBlobs } from "./conformance.js";
import { RandomForestClassifier } from "./forest/random-forest.js";
import { createModel, getModelKind, isRegistered, listModelKinds, loadModel } from "./registry.js";

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof VigilError ? e.code : "not a VigilError";
  }
  return "no error";
};

describe("model registry", () => {
  it("lists registered kinds by role", () => {
    expect(isRegistered("random-forest")).toBe(true);
    expect(listModelKinds("classifier")).toContain("random-forest");
    expect(listModelKinds("detector")).not.toContain("random-forest");
  });

  it("creates unfitted models by kind with params, rejecting unknown kinds and bad params", () => {
    const m = createModel<RandomForestClassifier>("random-forest", { nEstimators: 3 });
    expect(m).toBeInstanceOf(RandomForestClassifier);
    expect(m.fitted).toBe(false);
    expect(m.getParams().nEstimators).toBe(3);
    expect(code(() => createModel("no-such-model"))).toBe("E_CONFIG");
    expect(code(() => createModel("random-forest", { nEstimators: "many" }))).toBe("E_CONFIG");
    expect(code(() => getModelKind("nope"))).toBe("E_CONFIG");
  });

  it("loads artifacts (object or JSON text) and checks the envelope", () => {
    const { X, y } = makeBlobs({ rows: 100, cols: 3, classes: 2 });
    const a = new RandomForestClassifier({ nEstimators: 3 }).fit(X, y).toArtifact();
    expect(loadModel(a).kind).toBe("random-forest");
    expect(loadModel(JSON.stringify(a)).fitted).toBe(true);
    expect(code(() => loadModel("{not json"))).toBe("E_MODEL");
    expect(code(() => loadModel({ ...a, kind: "martian" }))).toBe("E_MODEL");
    expect(code(() => loadModel({ ...a, version: 2 }))).toBe("E_MODEL");
    expect(code(() => loadModel({ ...a, params: 5 }))).toBe("E_MODEL");
    const broken = { ...a, state: { ...a.state, ensemble: { nTrees: 1 } } };
    expect(code(() => loadModel(broken))).toBe("E_MODEL");
  });
});
