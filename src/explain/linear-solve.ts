/**
 * Small dense linear algebra for the surrogate explainers (KernelSHAP's constrained regression, LIME's
 * ridge): Gaussian elimination with partial pivoting on an n x n row-major system, in float64. A singular
 * system (a feature that no sampled coalition separates) gets a tiny ridge (1e-10 of the mean diagonal)
 * so it still returns finite values.
 */
export function solveLinear(A: Float64Array, b: Float64Array, n: number, ridged = false): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  let diag = 0;
  for (let i = 0; i < n; i++) diag += Math.abs(M[i * n + i]);
  const tiny = (diag / Math.max(1, n)) * 1e-12;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r * n + col]) > Math.abs(M[piv * n + col])) piv = r;
    if (Math.abs(M[piv * n + col]) <= tiny && !ridged) {
      return solveLinear(withRidge(A, n, Math.max(diag / Math.max(1, n), 1e-12) * 1e-10), b, n, true);
    }
    if (piv !== col) {
      for (let j = 0; j < n; j++) {
        const t = M[col * n + j];
        M[col * n + j] = M[piv * n + j];
        M[piv * n + j] = t;
      }
      const t = x[col];
      x[col] = x[piv];
      x[piv] = t;
    }
    const d = M[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = M[r * n + col] / d;
      if (f === 0) continue;
      for (let j = col; j < n; j++) M[r * n + j] -= f * M[col * n + j];
      x[r] -= f * x[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let j = r + 1; j < n; j++) s -= M[r * n + j] * x[j];
    x[r] = s / M[r * n + r];
  }
  return x;
}

function withRidge(A: Float64Array, n: number, lambda: number): Float64Array {
  const R = Float64Array.from(A);
  for (let i = 0; i < n; i++) R[i * n + i] += lambda;
  return R;
}
