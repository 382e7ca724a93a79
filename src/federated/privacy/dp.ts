/**
 * Client-level differential privacy for the server's aggregate (DP-FedAvg, McMahan et al. 2018):
 * clients are Poisson-sampled with rate q, each delta is clipped to L2 norm `clipNorm`, the clipped
 * deltas are summed, Gaussian noise N(0, (noiseMultiplier * clipNorm)^2) is added to every coordinate,
 * and the sum is divided by the expected number of clients q N (a fixed denominator, so one client's
 * presence changes the result by at most clipNorm / (q N)). The RDP accountant (./rdp.ts) turns the
 * rounds into (epsilon, delta). Noise comes from node:crypto unless a seed is given (simulations).
 */
import { randomBytes } from "node:crypto";
import type { DpConfig } from "../../schemas/federated.js";
import { Rng } from "../random.js";
import type { ClientUpdate } from "../strategies/strategy.js";
import { clipInPlace } from "../vector.js";
import { RdpAccountant } from "./rdp.js";

/** Standard normal draws: seeded (reproducible simulation) or from the OS CSPRNG. */
export function normalSource(seed?: number): () => number {
  if (seed !== undefined) {
    const rng = new Rng(seed);
    return () => rng.normal();
  }
  let buf = randomBytes(0);
  let pos = 0;
  const u = (): number => {
    if (pos + 8 > buf.length) {
      buf = randomBytes(8 * 4096);
      pos = 0;
    }
    const hi = buf.readUInt32LE(pos) >>> 5;
    const lo = buf.readUInt32LE(pos + 4) >>> 6;
    pos += 8;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992; // in (0, 1), 53 bits
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export class DpAggregator {
  readonly accountant: RdpAccountant;
  private readonly normal: () => number;

  /** `totalClients` N and `samplingRate` q = expected clients per round / N. */
  constructor(
    readonly config: DpConfig,
    readonly totalClients: number,
    readonly samplingRate: number,
    seed?: number,
  ) {
    this.accountant = new RdpAccountant(samplingRate, config.noiseMultiplier);
    this.normal = normalSource(seed);
  }

  /** Whether client k takes part this round (Poisson sampling). */
  sample(rand: () => number): boolean {
    return rand() < this.samplingRate;
  }

  aggregate(global: Float32Array, updates: readonly ClientUpdate[]): Float32Array {
    const { clipNorm, noiseMultiplier } = this.config;
    const sum = new Float64Array(global.length);
    for (const u of updates) {
      const d = u.delta.slice();
      clipInPlace(d, clipNorm);
      for (let i = 0; i < sum.length; i++) sum[i] += d[i];
    }
    const std = noiseMultiplier * clipNorm;
    const denom = this.samplingRate * this.totalClients;
    const out = new Float32Array(global.length);
    for (let i = 0; i < out.length; i++) out[i] = global[i] + (sum[i] + std * this.normal()) / denom;
    this.accountant.step();
    return out;
  }

  /** (epsilon, delta) spent so far. */
  spent(): { epsilon: number; delta: number; rounds: number } {
    return {
      epsilon: this.accountant.epsilon(this.config.delta).epsilon,
      delta: this.config.delta,
      rounds: this.accountant.rounds,
    };
  }
}
