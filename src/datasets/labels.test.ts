import { describe, expect, it } from "vitest";
import { categoricalFromStrings } from "../table/column.js";
import { classCounts, encodeLabels } from "./labels.js";
import { type TaxonomyLabel, taxonomyMapper } from "./taxonomy.js";

const fine = categoricalFromStrings("type", ["xss", "normal", "ddos", "xss", "password", "normal"]);
const map = taxonomyMapper({ normal: "benign", xss: "injection", ddos: "ddos", password: "bruteforce" });
const tax = (r: number): TaxonomyLabel => map(fine.dictionary[fine.codes[r]]);

describe("encodeLabels", () => {
  it("fine: benign first, then alphabetical", () => {
    const e = encodeLabels(fine, tax, "fine", "t");
    expect(e.classes).toEqual(["normal", "ddos", "password", "xss"]);
    expect(classCounts(e.y, e.classes)).toEqual({ normal: 2, ddos: 1, password: 1, xss: 2 });
  });

  it("taxonomy: classes present, in taxonomy order; fine labels kept", () => {
    const e = encodeLabels(fine, tax, "taxonomy", "t");
    expect(e.classes).toEqual(["benign", "ddos", "bruteforce", "injection"]);
    expect(Array.from(e.y, (c) => e.classes[c])).toEqual([
      "injection",
      "benign",
      "ddos",
      "injection",
      "bruteforce",
      "benign",
    ]);
    expect(Array.from(e.fine.codes, (c) => e.fine.names[c])).toEqual([
      "xss",
      "normal",
      "ddos",
      "xss",
      "password",
      "normal",
    ]);
  });

  it("binary: benign vs attack", () => {
    const e = encodeLabels(fine, tax, "binary", "t");
    expect(e.classes).toEqual(["benign", "attack"]);
    expect(Array.from(e.y)).toEqual([1, 0, 1, 1, 1, 0]);
  });

  it("maps unknown fine labels to other, and rejects rows without a label", () => {
    expect(map("zero-day")).toBe("other");
    const missing = categoricalFromStrings("type", ["normal", undefined]);
    expect(() => encodeLabels(missing, () => "benign", "fine", "t")).toThrow(/row 1 has no label/);
  });
});
