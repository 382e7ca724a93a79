/**
 * Seeded pseudo-random numbers for model fitting (deterministic under a seed): a 32-bit state
 * SplitMix-style generator (mulberry32). Fast, small, good enough for bootstrap draws and feature picks;
 * not for cryptography.
 */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = (seed | 0) ^ 0x9e3779b9;
  }

  /** Uniform uint32. */
  nextU32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    let u = this.float();
    if (u < 1e-12) u = 1e-12;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** A derived seed for a sub-task (tree i of a forest), stable under the parent seed. */
  fork(): number {
    return this.nextU32() | 0;
  }
}
