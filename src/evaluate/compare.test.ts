import { describe, expect, it } from "vitest";
import { makeBlobs } from "../models/conformance.js";
import { runComparison, stratifiedSample } from "./compare.js";
import { barChart, compareToHtml, compareToJson, compareToMarkdown } from "./compare-report.js";
import { resolveLearner } from "./learners.js";

describe("runComparison and its reports", () => {
  const { X, y } = makeBlobs({ rows: 400, cols: 3, classes: 3, seed: 9, spread: 2 });
  const classes = ["benign", "flood", "scan"];

  it("compares learners on one split and renders Markdown, JSON and HTML", () => {
    const res = runComparison(
      { X, y, classes },
      {
        learners: ["gaussian-nb", "logistic-regression", "decision-tree"].map((n) => ({
          name: n,
          spec: resolveLearner(n),
        })),
        seed: 1,
      },
    );
    expect(res.trainRows + res.testRows).toBe(400);
    expect(res.benignClass).toBe("benign");
    expect(res.results).toHaveLength(3);
    for (const r of res.results) {
      expect(r.error).toBeUndefined();
      expect(r.report.macroF1).toBeGreaterThan(0.5);
      expect(r.timing.artifactBytes).toBeGreaterThan(0);
    }
    const md = compareToMarkdown(res);
    expect(md).toContain("| gaussian-nb |");
    expect(md).toContain("Per-class recall");
    const html = compareToHtml(res);
    expect(html).toContain("<svg");
    expect(html).not.toContain("<script");
    expect(JSON.parse(compareToJson(res)).results).toHaveLength(3);
  });

  it("records a failing learner instead of aborting, and cross-validates when asked", () => {
    const res = runComparison(
      { X, y, classes },
      {
        learners: [
          { name: "bad", spec: { kind: "knn", params: { k: -1 } } },
          { name: "nb", spec: resolveLearner("gaussian-nb") },
        ],
        folds: 3,
      },
    );
    expect(res.results[0].error).toMatch(/k/);
    expect(res.results[1].cv?.macroF1?.mean).toBeGreaterThan(0.5);
    expect(compareToMarkdown(res)).toContain("CV macro-F1");
  });

  it("subsamples keeping every class", () => {
    const yy = Int32Array.from({ length: 1000 }, (_, i) => (i < 990 ? 0 : 1));
    const idx = stratifiedSample(yy, 100, 0);
    expect(idx.length).toBe(100);
    expect(Array.from(idx).filter((i) => yy[i] === 1).length).toBe(1);
    expect(() => resolveLearner("nope")).toThrow(/unknown model/);
    expect(barChart("t", ["a"], [Number.NaN])).toContain("–");
  });
});
