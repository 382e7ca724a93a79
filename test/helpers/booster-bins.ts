import {
  type BoosterTreeOptions,
  type BoosterWorkspace,
  growBoosterTree,
} from "../../src/models/gbdt/grow-booster-tree.js";
import type { SparseBins } from "../../src/models/gbdt/sparse-bins.js";
import { MISSING_BIN } from "../../src/models/tree/binning.js";
import { Rng } from "../../src/models/tree/random.js";

/**
 * Column-major bins: dense features with many values, one-hot-like features (mostly bin 0), a feature
 * mostly bin 3 (the default need not be 0) and one mostly missing; rows enough that the top nodes take
 * the four-partial path and the deep ones the plain path.
 */
export function boosterBins(n: number, seed: number) {
  const rng = new Rng(seed);
  const F = 8;
  const nBins = Int32Array.of(200, 60, 2, 2, 3, 5, 4, 2);
  const bins = new Uint8Array(n * F);
  const gh = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    bins[0 * n + i] = Math.floor(rng.float() * 200);
    bins[1 * n + i] = rng.float() < 0.1 ? MISSING_BIN : Math.floor(rng.float() * 60);
    bins[2 * n + i] = rng.float() < 0.1 ? 1 : 0;
    bins[3 * n + i] = rng.float() < 0.02 ? 1 : 0;
    bins[4 * n + i] = rng.float() < 0.85 ? 0 : 1 + Math.floor(rng.float() * 2);
    bins[5 * n + i] = rng.float() < 0.8 ? 3 : Math.floor(rng.float() * 5);
    bins[6 * n + i] = rng.float() < 0.9 ? MISSING_BIN : Math.floor(rng.float() * 4);
    bins[7 * n + i] = rng.float() < 0.5 ? 1 : 0; // balanced: stays dense
    const signal =
      (bins[2 * n + i] === 1 ? 1 : 0) + (bins[0 * n + i] > 120 ? 0.8 : 0) - (bins[6 * n + i] === 2 ? 1 : 0);
    gh[2 * i] = signal - 0.5 + 0.3 * rng.normal();
    gh[2 * i + 1] = 0.1 + 0.2 * rng.float();
  }
  return { F, n, bins, nBins, gh };
}

/** One tree grown on a boosterBins() fixture's rows idx[0..n) (thresholds: f * 1000 + bin). */
export function growOnFixture(
  d: ReturnType<typeof boosterBins>,
  gh: Float64Array,
  idx: Int32Array,
  features: Int32Array,
  opts: BoosterTreeOptions,
  ws: BoosterWorkspace,
  imp: Float64Array,
  sparse: SparseBins | null,
) {
  return growBoosterTree(
    d.bins,
    d.n,
    gh,
    idx,
    d.n,
    features,
    d.nBins,
    (f, b) => f * 1000 + b,
    opts,
    ws,
    imp,
    sparse,
  );
}
