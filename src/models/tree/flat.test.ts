import { describe, expect, it } from "vitest";
import { randomTree, rowsWithNaN } from "../../../test/helpers/random-trees.js";
import { accumulateWalk, buildEnsemble, leafOf } from "./flat.js";
import { Rng } from "./random.js";

describe("pointer-walk inference (block layout)", () => {
  it("adds each tree's leaf, as a plain walk of the source nodes finds it (deep multi-output trees, NaN)", () => {
    const rng = new Rng(21);
    const F = 6;
    // 19 trees: the one-row walk takes eight at a time and then the rest; depths up to 13 span several
    // four-level blocks
    const trees = Array.from({ length: 19 }, (_, t) => randomTree(rng, F, 3 + (t % 11), 2));
    const e = buildEnsemble(trees, 2);
    for (const rows of [1, 2, 3, 4, 9, 257]) {
      const x = rowsWithNaN(rng, rows, F);
      const got = new Float64Array(rows * 2);
      accumulateWalk(e, x, rows, F, got, 0.5);
      const want = new Float64Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const row = x.subarray(r * F, (r + 1) * F);
        for (let t = 0; t < e.nTrees; t++) {
          const leaf = leafOf(e, t, row);
          for (let k = 0; k < 2; k++) want[r * 2 + k] += e.value[leaf * 2 + k] * 0.5;
        }
      }
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });
});
