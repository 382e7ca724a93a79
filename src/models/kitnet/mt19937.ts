/**
 * numpy's legacy random generator, RandomState(seed): MT19937 seeded by init_genrand(seed) (what
 * numpy does for an integer seed), random_sample() = 53-bit double from two 32-bit draws
 * ((a >> 5) * 2^26 + (b >> 6)) / 2^53, and uniform(low, high) = low + (high - low) * random_sample().
 * KitNET's compatibility mode draws each autoencoder's initial weights from RandomState(1234).
 */
const N = 624;
const M = 397;

export class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to float rounding
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit output (genrand_int32). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      for (let k = 0; k < N; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy random_sample(): uniform on [0, 1) with 53 random bits. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** numpy uniform(low, high, size=n) into a new array. */
  uniform(low: number, high: number, n: number): Float64Array {
    const range = high - low;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + range * this.nextDouble();
    return out;
  }
}
