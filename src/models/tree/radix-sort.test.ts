import { describe, expect, it } from "vitest";
import { radixSortFloat32 } from "./radix-sort.js";

describe("radixSortFloat32", () => {
  it("sorts as TypedArray sort does: negatives, +-Infinity, denormals, ties, large and small magnitudes", () => {
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (const n of [0, 5, 255, 256, 1000, 50_000]) {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rand();
        a[i] =
          u < 0.1
            ? Math.floor(rand() * 5) - 2 // ties around 0 (+0 only)
            : u < 0.12
              ? rand() < 0.5
                ? Number.POSITIVE_INFINITY
                : Number.NEGATIVE_INFINITY
              : u < 0.14
                ? (rand() - 0.5) * 1e-40 // denormals
                : (rand() - 0.5) * 10 ** Math.floor(rand() * 20 - 10);
        if (Object.is(a[i], -0)) a[i] = 0;
      }
      const expected = a.slice().sort();
      expect(Array.from(radixSortFloat32(a))).toEqual(Array.from(expected));
    }
  });
});
