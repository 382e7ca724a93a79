import { describe, expect, it } from "vitest";
import { fusedMultiplyAdd, libmExp2, libmSquare } from "./libm-pow.js";

// Printed by Python 3.11 math.pow on Debian 12 (glibc 2.36, x86-64 with FMA): [x, math.pow(2, x)].
// The first four are cases where glibc is NOT correctly rounded; Math.pow differs on several.
const EXP2: [number, number][] = [
  [-9.41013511305455, 0.00146982986600389],
  [-7.574196625566648, 0.005247345044931665],
  [-0.03519242097051234, 0.9759015901931952],
  [-71.35464494458958, 3.3121617823926026e-22],
  [-42.85, 1.2614344451183615e-13],
  [-0.5, 0.7071067811865476],
  [-1e-9, 0.9999999993068528],
  [-300.123456, 4.506478896727505e-91],
  // |x ln 2| >= 512: glibc's special-case path (results near and below the subnormal range)
  [-873.2885868963457, 1.2999913817899865e-263],
  [-1030.123, 7.9813761079144e-311],
  [-1060.5, 5.7238e-320],
  [-1073.9, 5e-324],
];
// [x, math.pow(x, 2), x * x]: glibc's square differs from the correctly rounded product.
const SQUARE: [number, number, number][] = [
  [477.7700812334873, 228264.25052185304, 228264.25052185307],
  [1786.4820086605432, 3191517.967267809, 3191517.9672678094],
  [1975.2105115350228, 3901456.5648784465, 3901456.564878446],
  [240.95404369342722, 58058.85117221404, 58058.85117221403],
  [1206.4650996136304, 1455558.0365857272, 1455558.036585727],
  [274.2169674494601, 75194.94523717827, 75194.94523717828],
];

describe("glibc pow reproduction", () => {
  it("2^x equals Python's math.pow(2, x) bit for bit", () => {
    for (const [x, want] of EXP2) expect(libmExp2(x)).toBe(want);
    expect(libmExp2(0)).toBe(1);
    expect(libmExp2(-5000)).toBe(0);
  });

  it("x^2 equals Python's math.pow(x, 2), not x * x", () => {
    for (const [x, want, product] of SQUARE) {
      expect(libmSquare(x)).toBe(want);
      expect(want).not.toBe(product);
    }
    expect(libmSquare(0)).toBe(0);
    expect(libmSquare(80)).toBe(6400);
    expect(libmSquare(-3)).toBe(9);
  });

  it("emulates a fused multiply-add with a single rounding", () => {
    // (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60 exactly; unfused it rounds to 0
    const a = 1 + 2 ** -30;
    const b = 1 - 2 ** -30;
    expect(a * b - 1).toBe(0);
    expect(fusedMultiplyAdd(a, b, -1)).toBe(-(2 ** -60));
    expect(fusedMultiplyAdd(3, 5, 7)).toBe(22);
  });
});
