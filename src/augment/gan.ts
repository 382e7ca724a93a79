/**
 * GAN oversampling: a class-conditional tabular GAN (registry kind "tabular-gan", src/models/neural) is
 * fitted on the training rows it is given (all classes, so minority classes borrow structure), then each
 * minority class gets `sample(n, class)` rows up to `ratio` x the majority count. Generated rows are
 * kept inside the domain the class occupies in the training rows: each column is clipped to the class's
 * observed [min, max] (so counts stay non-negative), integral columns are rounded, and the binary
 * columns (flags, one-hot levels: only 0/1 in the input) are copied from the nearest real row of the
 * class (standardized distance on the other columns), so one-hot groups keep exactly one level. The GAN is built
 * through the registry; importing its module here registers the kind.
 */
import { z } from "zod";
import { VigilError } from "../errors.js";
import { type Estimator, parseParams } from "../models/base.js";
import { TABULAR_GAN_KIND } from "../models/neural/gan.js";
import { createModel } from "../models/registry.js";
import type { Matrix } from "../table/matrix.js";
import {
  allRows,
  assemble,
  checkResampleInput,
  integralColumns,
  oversampleDeficits,
  type ResampleResult,
  rowsByClass,
  type Sampler,
} from "./sampler.js";

/** What the sampler needs of the GAN: fit on labelled rows, then class-conditional samples. */
export interface ConditionalGenerator extends Estimator {
  fit(X: Matrix, y: Int32Array): unknown;
  sample(n: number, classIndex: number, seed?: number): Matrix;
}

export const ganSamplerParamsSchema = z
  .object({
    ratio: z.number().gt(0).max(1).default(1),
    /** Params handed to the tabular GAN (its own schema checks them). */
    gan: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type GanSamplerParams = z.infer<typeof ganSamplerParamsSchema>;

export class GanOverSampler implements Sampler {
  readonly name = "gan";
  readonly params: GanSamplerParams;

  constructor(params: Partial<GanSamplerParams> = {}) {
    this.params = parseParams(ganSamplerParamsSchema, params, "gan");
  }

  resample(X: Matrix, y: Int32Array, seed: number): ResampleResult {
    const nClasses = checkResampleInput(X, y, this.name);
    const byClass = rowsByClass(y, nClasses);
    const deficit = oversampleDeficits(byClass, this.params.ratio);
    const total = deficit.reduce((a, b) => a + b, 0);
    const out = new Float32Array(total * X.cols);
    const newY = new Int32Array(total);
    if (total > 0) {
      const gan = createModel<ConditionalGenerator>(TABULAR_GAN_KIND, { seed, ...this.params.gan });
      if (typeof gan.sample !== "function") {
        throw new VigilError("E_INTERNAL", `model kind "${TABULAR_GAN_KIND}" has no sample()`, {
          field: "augment",
        });
      }
      gan.fit(X, y);
      const integral = integralColumns(X);
      const binary = binaryColumns(X);
      let at = 0;
      for (let c = 0; c < nClasses; c++) {
        if (deficit[c] === 0) continue;
        const s = gan.sample(deficit[c], c, seed + c);
        const { lo, hi } = classRange(X, byClass[c]);
        const start = at;
        for (let r = 0; r < deficit[c]; r++, at++) {
          newY[at] = c;
          for (let j = 0; j < X.cols; j++) {
            let v = s.data[r * s.cols + j];
            if (Number.isNaN(v) || Number.isNaN(lo[j])) v = lo[j];
            else v = Math.min(hi[j], Math.max(lo[j], v));
            out[at * X.cols + j] = integral[j] === 1 && Number.isFinite(v) ? Math.round(v) : v;
          }
        }
        snapBinaryColumns(X, byClass[c], binary, out, start, at);
      }
    }
    return assemble(X, y, allRows(X.rows), out, newY);
  }
}

/** True per column whose finite input values are all 0 or 1. */
function binaryColumns(X: Matrix): Uint8Array {
  const out = new Uint8Array(X.cols).fill(1);
  for (let i = 0; i < X.data.length; i++) {
    const v = X.data[i];
    if (Number.isFinite(v) && v !== 0 && v !== 1) out[i % X.cols] = 0;
  }
  return out;
}

/**
 * For generated rows [from, to) of `out`, copies the binary columns from the nearest row among `rows`
 * (Euclidean on the non-binary columns, each scaled by its standard deviation among `rows`).
 */
function snapBinaryColumns(
  X: Matrix,
  rows: Int32Array,
  binary: Uint8Array,
  out: Float32Array,
  from: number,
  to: number,
): void {
  const cols = X.cols;
  const cont: number[] = [];
  const bin: number[] = [];
  for (let j = 0; j < cols; j++) (binary[j] === 1 ? bin : cont).push(j);
  if (bin.length === 0) return;
  const mean = new Float64Array(cols);
  const inv = new Float64Array(cols);
  for (const j of cont) {
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (const r of rows) {
      const v = X.data[r * cols + j];
      if (!Number.isFinite(v)) continue;
      s += v;
      s2 += v * v;
      n++;
    }
    mean[j] = n > 0 ? s / n : 0;
    const variance = n > 0 ? s2 / n - mean[j] * mean[j] : 0;
    inv[j] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  for (let g = from; g < to; g++) {
    let best = rows[0];
    let bestD = Number.POSITIVE_INFINITY;
    for (const r of rows) {
      let d = 0;
      for (const j of cont) {
        const a = X.data[r * cols + j];
        const b = out[g * cols + j];
        const diff = Number.isFinite(a) && Number.isFinite(b) ? (a - b) * inv[j] : 0;
        d += diff * diff;
        if (d >= bestD) break;
      }
      if (d < bestD) {
        bestD = d;
        best = r;
      }
    }
    for (const j of bin) out[g * cols + j] = X.data[best * cols + j];
  }
}

/** Per-column min and max of the finite values among `rows` (NaN when a column has none). */
function classRange(X: Matrix, rows: Int32Array): { lo: Float32Array; hi: Float32Array } {
  const lo = new Float32Array(X.cols).fill(Number.NaN);
  const hi = new Float32Array(X.cols).fill(Number.NaN);
  for (const r of rows) {
    for (let j = 0; j < X.cols; j++) {
      const v = X.data[r * X.cols + j];
      if (!Number.isFinite(v)) continue;
      if (!(v >= lo[j])) lo[j] = v;
      if (!(v <= hi[j])) hi[j] = v;
    }
  }
  return { lo, hi };
}
