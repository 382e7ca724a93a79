import { describe, expect, it } from "vitest";
import { Rng } from "../tree/random.js";
import { Arena, gemmReference, transpose, wasmGemmAvailable } from "./gemm.js";

function fill(a: Float32Array, rng: Rng): void {
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
}

describe("gemm kernels", () => {
  it("WebAssembly SIMD is available on Node 20", () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  // Shapes cover the 4-row block and the one-row tail, the 8-wide, 4-wide and scalar column tails.
  const shapes = [
    [1, 1, 1],
    [3, 5, 2],
    [4, 8, 3],
    [7, 13, 9],
    [9, 2, 32],
    [16, 64, 40],
    [6, 19, 1],
  ];
  for (const [m, n, k] of shapes) {
    it(`A·B and Aᵀ·B in wasm equal the reference (${m}x${k} · ${k}x${n})`, () => {
      const rng = new Rng(m * 100 + n * 10 + k);
      const arena = new Arena(4 * (m * k + k * n + m * n + k * m + 64));
      expect(arena.usesWasm).toBe(true);
      const a = arena.alloc(m * k);
      const b = arena.alloc(k * n);
      const c = arena.alloc(m * n);
      fill(a, rng);
      fill(b, rng);
      fill(c, rng);
      const ref = c.slice();
      gemmReference(a, b, ref, m, n, k, k, 1, n, n);
      arena.matmul(a, b, c, m, n, k);
      for (let i = 0; i < ref.length; i++) expect(c[i]).toBeCloseTo(ref[i], 4);
      // Aᵀ·B: A is m x k read transposed into k x m products with B (m x n) → C (k x n).
      const bt = arena.alloc(m * n);
      fill(bt, rng);
      const ct = arena.alloc(k * n);
      const refT = new Float32Array(k * n);
      gemmReference(a, bt, refT, k, n, m, 1, k, n, n);
      arena.matmulTN(a, bt, ct, m, k, n);
      for (let i = 0; i < refT.length; i++) expect(ct[i]).toBeCloseTo(refT[i], 4);
    });
  }

  it("the reference agrees with a naive triple loop, and strided rows (leading dimensions) work", () => {
    const rng = new Rng(1);
    const m = 5;
    const n = 6;
    const k = 3;
    const lda = 7;
    const arena = new Arena(200);
    const a = arena.alloc(m * lda);
    const b = arena.alloc(k * n);
    fill(a, rng);
    fill(b, rng);
    const c = arena.alloc(m * n);
    arena.matmul(a, b, c, m, n, k, lda);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * lda + p] * b[p * n + j];
        expect(c[i * n + j]).toBeCloseTo(s, 5);
      }
    const t = new Float32Array(n * k);
    transpose(b, t, k, n);
    expect(t[1 * k + 2]).toBe(b[2 * n + 1]);
  });
});
