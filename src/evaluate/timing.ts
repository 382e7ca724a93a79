/**
 * Cost of a model: fit time, batch inference throughput (rows/s of predictProba over a whole test
 * matrix, repeated until at least `minSeconds` have passed), single-row latency (median microseconds
 * of predictProba on one row, over `latencyRows` different rows after a short warm-up) and artifact
 * size (bytes of the JSON artifact, UTF-8). Wall-clock via process.hrtime.bigint.
 */
import type { Classifier, FitOptions } from "../models/base.js";
import { type Matrix, takeRows } from "../table/matrix.js";

export interface ModelTiming {
  fitSeconds: number;
  batchRowsPerSecond: number;
  singleRowMicros: number;
  artifactBytes: number;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

/** Fits `model` and returns the fit time in seconds. */
export function timeFit(model: Classifier, X: Matrix, y: Int32Array, options?: FitOptions): number {
  const t0 = now();
  model.fit(X, y, options);
  return now() - t0;
}

/** Inference costs of a fitted model. */
export function timeInference(
  model: Classifier,
  X: Matrix,
  opts: { minSeconds?: number; latencyRows?: number } = {},
): Omit<ModelTiming, "fitSeconds"> {
  const minSeconds = opts.minSeconds ?? 0.2;
  let rowsDone = 0;
  const t0 = now();
  let elapsed = 0;
  do {
    model.predictProba(X);
    rowsDone += X.rows;
    elapsed = now() - t0;
  } while (elapsed < minSeconds);
  const nLat = Math.min(opts.latencyRows ?? 200, X.rows);
  const singles = Array.from({ length: nLat }, (_, i) => takeRows(X, [Math.floor((i * X.rows) / nLat)]));
  for (let i = 0; i < Math.min(20, nLat); i++) model.predictProba(singles[i]);
  const lat = new Float64Array(nLat);
  for (let i = 0; i < nLat; i++) {
    const s = now();
    model.predictProba(singles[i]);
    lat[i] = (now() - s) * 1e6;
  }
  lat.sort();
  return {
    batchRowsPerSecond: rowsDone / elapsed,
    singleRowMicros: nLat === 0 ? Number.NaN : lat[nLat >> 1],
    artifactBytes: Buffer.byteLength(JSON.stringify(model.toArtifact()), "utf8"),
  };
}
