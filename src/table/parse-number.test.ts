import { describe, expect, it } from "vitest";
import { parseNumberRange } from "./parse-number.js";

const p = (s: string) => parseNumberRange(s, 0, s.length);

describe("parseNumberRange", () => {
  it("reads integers, decimals, signs, exponents and surrounding spaces like Number()", () => {
    for (const s of [
      "0",
      "42",
      "-7",
      "+3",
      "3.25",
      "-0.5",
      ".5",
      "5.",
      "1e3",
      "1.5E-7",
      "2.5e+10",
      " 12 ",
      "\t9",
    ]) {
      expect(p(s)).toBe(Number(s.trim()));
    }
  });

  it("rounds exactly: the fast path matches Number() on many decimals", () => {
    for (let i = 0; i < 2000; i++) {
      const s = (i * 0.0137 - 11.3).toFixed(i % 9) + (i % 5 === 0 ? "e-3" : "");
      expect(p(s)).toBe(Number(s));
    }
    expect(p("0.0050487043")).toBe(0.0050487043);
    expect(p("12345678901234567890")).toBe(Number("12345678901234567890"));
    expect(p("1e-300")).toBe(1e-300);
  });

  it("reads the range only, without slicing", () => {
    expect(parseNumberRange("a,17.5,b", 2, 6)).toBe(17.5);
  });

  it("gives NaN for what is not a number", () => {
    for (const s of ["", " ", "-", "abc", "1.2.3", "12a", "0x10", "1e", "--1", "e5", "1_0", "NaN"]) {
      expect(p(s)).toBeNaN();
    }
  });

  it("reads infinities", () => {
    expect(p("inf")).toBe(Infinity);
    expect(p("-Infinity")).toBe(-Infinity);
  });
});
