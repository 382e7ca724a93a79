import { describe, expect, it } from "vitest";
import { singleLinkage, splitDendrogram } from "./single-linkage.js";

describe("single linkage as scipy 1.10", () => {
  it("matches scipy's to_tree pre-order splits on a 5-point example", () => {
    // D = [[0,.5,.2,.9,.4],[.5,0,.6,.3,.7],[.2,.6,0,.8,.2],[.9,.3,.8,0,.5],[.4,.7,.2,.5,0]]
    // /usr/bin/python3: Z = linkage(D[np.triu_indices(5,1)]) -> [[0,2,.2,2],[4,5,.2,3],[1,3,.3,2],[6,7,.5,5]];
    // to_tree(Z).pre_order() == [4,0,2,1,3]; left [4,0,2], right [1,3]
    const y = Float64Array.from([0.5, 0.2, 0.9, 0.4, 0.6, 0.3, 0.7, 0.8, 0.2, 0.5]);
    const z = singleLinkage(y, 5);
    expect(splitDendrogram(z, 5, 5)).toEqual([[4, 0, 2, 1, 3]]);
    expect(splitDendrogram(z, 5, 3)).toEqual([
      [4, 0, 2],
      [1, 3],
    ]);
    expect(splitDendrogram(z, 5, 1)).toEqual([[4], [0], [2], [1], [3]]);
  });
});
