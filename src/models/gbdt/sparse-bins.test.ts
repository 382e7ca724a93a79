import { describe, expect, it } from "vitest";
import { boosterBins as data, growOnFixture } from "../../../test/helpers/booster-bins.js";
import { MISSING_BIN } from "../tree/binning.js";
import { BoosterWorkspace } from "./grow-booster-tree.js";
import { buildSparseBins, SPARSE_MIN_DEFAULT_SHARE } from "./sparse-bins.js";

describe("sparse bins", () => {
  it("stores only the mostly-one-bin features, with their non-default entries", () => {
    const d = data(5000, 1);
    const sb = buildSparseBins(d.bins, d.n, d.nBins);
    expect(sb).not.toBeNull();
    if (sb === null) return;
    expect(Array.from(sb.isSparse)).toEqual([0, 0, 1, 1, 1, 1, 1, 0]);
    expect(sb.defaultBin[5]).toBe(3);
    expect(sb.defaultBin[6]).toBe(MISSING_BIN);
    let nonDefault = 0;
    for (let f = 0; f < d.F; f++) {
      if (sb.isSparse[f] === 0) continue;
      for (let i = 0; i < d.n; i++) if (d.bins[f * d.n + i] !== sb.defaultBin[f]) nonDefault++;
    }
    expect(sb.rowPtr[d.n]).toBe(nonDefault);
    expect(SPARSE_MIN_DEFAULT_SHARE).toBeGreaterThan(0.5);
  });

  it("gives no sparse part when every feature is spread over its bins", () => {
    const n = 1000;
    const bins = new Uint8Array(2 * n);
    for (let i = 0; i < 2 * n; i++) bins[i] = i % 7;
    expect(buildSparseBins(bins, n, Int32Array.of(7, 7))).toBeNull();
  });

  it("grows the same tree as the column-by-column histograms (splits equal, leaf values within 1e-9)", () => {
    const d = data(20_000, 2);
    const sb = buildSparseBins(d.bins, d.n, d.nBins);
    const opts = {
      maxDepth: 6,
      maxLeaves: 64,
      lambda: 1,
      minChildWeight: 1e-3,
      minSplitGain: 0,
      learningRate: 0.1,
    };
    const features = Int32Array.from({ length: d.F }, (_, f) => f);
    const grow = (sparse: typeof sb) => {
      const idx = Int32Array.from({ length: d.n }, (_, i) => i);
      const imp = new Float64Array(d.F);
      const ws = new BoosterWorkspace(d.F, opts.maxLeaves, d.n);
      const t = growOnFixture(d, d.gh, idx, features, opts, ws, imp, sparse);
      return { t, imp };
    };
    const a = grow(null);
    const b = grow(sb);
    expect(a.t.n).toBeGreaterThan(20);
    expect(b.t.n).toBe(a.t.n);
    // the sparse features are actually split on (else the check would not cover their histograms)
    const usedSparse = Array.from(a.t.feature.subarray(0, a.t.n)).filter((f) => f >= 2 && f <= 6);
    expect(usedSparse.length).toBeGreaterThan(0);
    for (let nd = 0; nd < a.t.n; nd++) {
      expect(b.t.feature[nd]).toBe(a.t.feature[nd]);
      expect(b.t.binThreshold[nd]).toBe(a.t.binThreshold[nd]);
      expect(Math.abs(b.t.value[nd] - a.t.value[nd])).toBeLessThan(1e-9);
    }
    for (let f = 0; f < d.F; f++) expect(Math.abs(b.imp[f] - a.imp[f])).toBeLessThan(1e-6 * (1 + a.imp[f]));
  });
});
