/**
 * Threshold calibration from benign scores to a target false-positive rate.
 * Convention (the same as evaluate/ranking.ts detectionRateAtFpr): sort the n benign scores, let
 * k = floor(targetFpr * n); the threshold is the (n - k)-th smallest score and a score is an alert when
 * it is STRICTLY greater, so at most k of the calibration scores would have alerted. With too few
 * scores for the target (k = 0), the threshold is the largest score seen.
 * Optional "lognormal": fit a log-normal to the scores (as Kitsune's example does) and take its
 * (1 - targetFpr) quantile, which extrapolates past the largest score seen when n is small.
 */
import { VigilError } from "../errors.js";

export type CalibrationMethod = "empirical" | "lognormal";

export function calibrateThreshold(
  scores: ArrayLike<number>,
  targetFpr: number,
  method: CalibrationMethod = "empirical",
): number {
  if (!(targetFpr > 0 && targetFpr < 1)) {
    throw new VigilError("E_CONFIG", `target false-positive rate must be in (0, 1), got ${targetFpr}`, {
      field: "targetFpr",
    });
  }
  const finite = Array.from(scores).filter((s) => Number.isFinite(s));
  if (finite.length === 0)
    throw new VigilError("E_CONFIG", "no finite scores to calibrate a threshold from", { field: "scores" });
  if (method === "lognormal") {
    const logs = finite.map((s) => Math.log(Math.max(s, 1e-300)));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logs.length - 1));
    return Math.exp(mean + sd * normalQuantile(1 - targetFpr));
  }
  const sorted = Float64Array.from(finite).sort();
  const n = sorted.length;
  const k = Math.floor(targetFpr * n + 1e-9);
  return sorted[n - 1 - Math.min(k, n - 1)];
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
