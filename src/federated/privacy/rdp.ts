/**
 * Rényi-DP accountant for the sampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi
 * Differential Privacy of the Sampled Gaussian Mechanism"), the analysis Opacus and TF-Privacy use.
 *
 * One round of client-level DP-FedAvg (McMahan et al. 2018) samples each client with probability q,
 * clips every delta to L2 norm C and adds N(0, (z C)^2) to the sum: a sampled Gaussian mechanism with
 * noise multiplier z. Its RDP at integer order a is
 *   eps_a = log(A_a) / (a - 1),  A_a = sum_{i=0..a} binom(a, i) q^i (1-q)^(a-i) exp((i^2 - i) / (2 z^2)),
 * which composes additively over rounds. (eps, delta) comes from the conversion of Balle et al. 2020
 * (as TF-Privacy's compute_eps / Opacus' get_privacy_spent):
 *   eps = min_a  T eps_a + log((a - 1) / a) - (log(delta) + log(a)) / (a - 1).
 * Only integer orders 2..256 are used (the fractional orders the libraries add tighten eps slightly;
 * this accountant is never looser than correct, only sometimes less tight).
 */
import { VigilError } from "../../errors.js";

export const DEFAULT_ORDERS: readonly number[] = [
  ...Array.from({ length: 63 }, (_, i) => i + 2),
  80,
  96,
  128,
  160,
  192,
  256,
];

function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function logBinom(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/** ln Gamma(x) for x > 0 (Lanczos, g = 7; ~1e-15 relative). */
export function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const xx = x - 1;
  let a = c[0];
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** RDP of one sampled Gaussian step at integer order `order`. */
export function rdpSampledGaussian(q: number, noiseMultiplier: number, order: number): number {
  if (!(q >= 0 && q <= 1))
    throw new VigilError("E_CONFIG", `sampling rate ${q} not in [0, 1]`, { field: "q" });
  if (!(noiseMultiplier > 0)) {
    throw new VigilError("E_CONFIG", `noise multiplier ${noiseMultiplier} must be > 0`, {
      field: "noiseMultiplier",
    });
  }
  if (!Number.isInteger(order) || order < 2) {
    throw new VigilError("E_CONFIG", `RDP order ${order} must be an integer >= 2`, { field: "order" });
  }
  if (q === 0) return 0;
  const s2 = noiseMultiplier * noiseMultiplier;
  if (q === 1) return order / (2 * s2);
  let logA = Number.NEGATIVE_INFINITY;
  const lq = Math.log(q);
  const l1q = Math.log1p(-q);
  for (let i = 0; i <= order; i++) {
    const term = logBinom(order, i) + i * lq + (order - i) * l1q + (i * i - i) / (2 * s2);
    logA = logAdd(logA, term);
  }
  return logA / (order - 1);
}

/** (epsilon, best order) after `steps` compositions at the given delta. */
export function epsilonFromRdp(
  rdpPerStep: readonly number[],
  orders: readonly number[],
  steps: number,
  delta: number,
): { epsilon: number; order: number } {
  if (!(delta > 0 && delta < 1))
    throw new VigilError("E_CONFIG", `delta ${delta} not in (0, 1)`, { field: "delta" });
  let best = Number.POSITIVE_INFINITY;
  let bestOrder = orders[0];
  for (let k = 0; k < orders.length; k++) {
    const a = orders[k];
    const eps = steps * rdpPerStep[k] + Math.log((a - 1) / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
    if (eps < best) {
      best = eps;
      bestOrder = a;
    }
  }
  return { epsilon: Math.max(0, best), order: bestOrder };
}

/** Accumulates sampled-Gaussian rounds (all with the same q and noise) and reports (epsilon, delta). */
export class RdpAccountant {
  private readonly rdp: number[];
  private steps = 0;

  constructor(
    readonly samplingRate: number,
    readonly noiseMultiplier: number,
    readonly orders: readonly number[] = DEFAULT_ORDERS,
  ) {
    this.rdp = orders.map((a) => rdpSampledGaussian(samplingRate, noiseMultiplier, a));
  }

  step(n = 1): void {
    this.steps += n;
  }

  get rounds(): number {
    return this.steps;
  }

  epsilon(delta: number): { epsilon: number; order: number } {
    if (this.steps === 0) return { epsilon: 0, order: this.orders[0] };
    return epsilonFromRdp(this.rdp, this.orders, this.steps, delta);
  }
}
