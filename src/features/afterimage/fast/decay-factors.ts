/**
 * The five decay factors 2^(-lambda * dt) for lambda = 5, 3, 1, 0.1, 0.01 with two exponentials
 * instead of five: with a = 2^-dt and b = 2^(-0.01 dt), the factors are a^5, a^3, a, b^10, b
 * (a few multiplications; relative error a few ulp, fine outside compatibility mode).
 */
import { LAMBDAS } from "../lambdas.js";

if (LAMBDAS.join() !== "5,3,1,0.1,0.01") throw new Error("decay-factors.ts assumes lambdas 5,3,1,0.1,0.01");

const LN2 = Math.LN2;

/** Writes the factors for a time step dt > 0 (seconds) into f[0..4]. */
export function decayFactors(dt: number, f: Float64Array): void {
  const a = Math.exp(-LN2 * dt);
  const b = Math.exp(-0.01 * LN2 * dt);
  const a2 = a * a;
  const a3 = a2 * a;
  const b2 = b * b;
  const b4 = b2 * b2;
  const b5 = b4 * b;
  f[0] = a3 * a2;
  f[1] = a3;
  f[2] = a;
  f[3] = b5 * b5;
  f[4] = b;
}
