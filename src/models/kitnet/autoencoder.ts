/**
 * One KitNET autoencoder (Kitsune's dA): tied weights W (nVisible x nHidden, row-major) and W^T,
 * sigmoid hidden and output units, hidden = ceil(hiddenRatio * nVisible), plain SGD with learning
 * rate lr, and a running min-max normalisation of its inputs that only training updates:
 *   x' = (x - min) / (max - min + 1e-16)
 *   y = sigmoid(x' W + hbias),  z = sigmoid(y W^T + vbias),  score = RMSE(x', z).
 * Training step (from the reconstruction error e = x' - z):
 *   dh = (e W) * y * (1 - y);  W += lr (x'^T dh + e^T y);  hbias += lr dh;  vbias += lr e.
 * (Some older Kitsune-py revisions add lr * mean(dh) to every bias; the reference run, 7c8ea51, uses
 * the per-unit gradient above, and so does this port.) The RMSE is summed in numpy's pairwise order.
 * Weights start uniform in [-1/nVisible, 1/nVisible) from numpy RandomState(seed) (see ./mt19937.ts).
 */
import { Mt19937 } from "./mt19937.js";
import { npSum } from "./np-sum.js";

export interface AutoencoderState {
  nVisible: number;
  nHidden: number;
  w: Float64Array;
  hbias: Float64Array;
  vbias: Float64Array;
  normMin: Float64Array;
  normMax: Float64Array;
  nTrained: number;
}

export class Autoencoder {
  readonly nVisible: number;
  readonly nHidden: number;
  readonly w: Float64Array;
  readonly hbias: Float64Array;
  readonly vbias: Float64Array;
  readonly normMin: Float64Array;
  readonly normMax: Float64Array;
  nTrained = 0;
  // scratch, reused by every call
  private readonly xn: Float64Array;
  private readonly y: Float64Array;
  private readonly z: Float64Array;
  private readonly err: Float64Array;
  private readonly dh: Float64Array;
  private readonly sq: Float64Array;

  constructor(
    nVisible: number,
    hiddenRatio: number,
    private readonly lr: number,
    seed: number,
    state?: AutoencoderState,
  ) {
    this.nVisible = nVisible;
    this.nHidden = Math.ceil(nVisible * hiddenRatio);
    if (state) {
      this.w = state.w;
      this.hbias = state.hbias;
      this.vbias = state.vbias;
      this.normMin = state.normMin;
      this.normMax = state.normMax;
      this.nTrained = state.nTrained;
    } else {
      const a = 1 / nVisible;
      this.w = new Mt19937(seed).uniform(-a, a, nVisible * this.nHidden);
      this.hbias = new Float64Array(this.nHidden);
      this.vbias = new Float64Array(nVisible);
      this.normMin = new Float64Array(nVisible).fill(Number.POSITIVE_INFINITY);
      this.normMax = new Float64Array(nVisible).fill(Number.NEGATIVE_INFINITY);
    }
    this.xn = new Float64Array(nVisible);
    this.y = new Float64Array(this.nHidden);
    this.z = new Float64Array(nVisible);
    this.err = new Float64Array(nVisible);
    this.dh = new Float64Array(this.nHidden);
    this.sq = new Float64Array(Math.max(nVisible, this.nHidden));
  }

  state(): AutoencoderState {
    return {
      nVisible: this.nVisible,
      nHidden: this.nHidden,
      w: this.w,
      hbias: this.hbias,
      vbias: this.vbias,
      normMin: this.normMin,
      normMax: this.normMax,
      nTrained: this.nTrained,
    };
  }

  /** One SGD step on x (values gathered through `map` from the full vector); returns the training RMSE. */
  train(x: Float64Array, map: Int32Array | null): number {
    this.nTrained++;
    const nv = this.nVisible;
    const nh = this.nHidden;
    for (let i = 0; i < nv; i++) {
      const v = map ? x[map[i]] : x[i];
      if (v > this.normMax[i]) this.normMax[i] = v;
      if (v < this.normMin[i]) this.normMin[i] = v;
    }
    this.forward(x, map);
    const { xn, y, z, err, dh, w } = this;
    for (let i = 0; i < nv; i++) err[i] = xn[i] - z[i];
    for (let j = 0; j < nh; j++) {
      let s = 0;
      for (let i = 0; i < nv; i++) s += err[i] * w[i * nh + j];
      dh[j] = s * y[j] * (1 - y[j]);
    }
    const lr = this.lr;
    for (let i = 0; i < nv; i++) {
      const o = i * nh;
      for (let j = 0; j < nh; j++) w[o + j] += lr * (xn[i] * dh[j] + err[i] * y[j]);
    }
    for (let j = 0; j < nh; j++) this.hbias[j] += lr * dh[j];
    for (let i = 0; i < nv; i++) this.vbias[i] += lr * err[i];
    return this.rmse();
  }

  /** Reconstruction RMSE of x without learning. */
  execute(x: Float64Array, map: Int32Array | null): number {
    this.forward(x, map);
    const { xn, z, err } = this;
    for (let i = 0; i < this.nVisible; i++) err[i] = xn[i] - z[i];
    return this.rmse();
  }

  /** After execute()/train(): the normalised input minus its reconstruction, per visible unit. */
  lastErrors(): Float64Array {
    return this.err;
  }

  private forward(x: Float64Array, map: Int32Array | null): void {
    const nv = this.nVisible;
    const nh = this.nHidden;
    const { xn, y, z, w, normMin, normMax } = this;
    if (map) {
      for (let i = 0; i < nv; i++) xn[i] = (x[map[i]] - normMin[i]) / (normMax[i] - normMin[i] + 1e-16);
    } else {
      for (let i = 0; i < nv; i++) xn[i] = (x[i] - normMin[i]) / (normMax[i] - normMin[i] + 1e-16);
    }
    // Encoder sums run over i in order for every j, as before, but row by row through W (contiguous
    // memory): the same additions in the same order, so the same bits.
    y.fill(0);
    for (let i = 0; i < nv; i++) {
      const xi = xn[i];
      const o = i * nh;
      for (let j = 0; j < nh; j++) y[j] += xi * w[o + j];
    }
    const hbias = this.hbias;
    for (let j = 0; j < nh; j++) y[j] = 1 / (1 + Math.exp(-(y[j] + hbias[j])));
    const vbias = this.vbias;
    for (let i = 0; i < nv; i++) {
      let s = 0;
      const o = i * nh;
      for (let j = 0; j < nh; j++) s += y[j] * w[o + j];
      z[i] = 1 / (1 + Math.exp(-(s + vbias[i])));
    }
  }

  private rmse(): number {
    const nv = this.nVisible;
    const sq = this.sq;
    const err = this.err;
    for (let i = 0; i < nv; i++) sq[i] = err[i] * err[i];
    return Math.sqrt(npSum(sq, nv) / nv);
  }
}
