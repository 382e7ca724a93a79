/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, algorithm 7.4 with the two-loop
 * recursion 7.5) for smooth unconstrained problems, with a backtracking line search on the Armijo
 * condition. Curvature pairs with s·y <= 1e-10 |s||y| are skipped, which keeps the inverse-Hessian
 * estimate positive definite without a Wolfe search. Stops when max |gradient| <= tol, when the relative
 * decrease of f falls below ftol, or after maxIter iterations.
 */
export interface LbfgsOptions {
  maxIter: number;
  /** Stop when the largest gradient component is at most this. */
  tol: number;
  /** Stop when (f_prev - f) / max(|f_prev|, |f|, 1) <= ftol (scipy's factr * eps). */
  ftol?: number;
  /** History size. */
  m?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/** `fg(x, grad)` returns f(x) and writes the gradient into grad. x0 is not modified. */
export function lbfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  opts: LbfgsOptions,
): LbfgsResult {
  const n = x0.length;
  const m = opts.m ?? 10;
  const ftol = opts.ftol ?? 2.2e-9;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let f = fg(x, g);
  let iter = 0;
  let converged = maxAbs(g) <= opts.tol;
  while (!converged && iter < opts.maxIter) {
    iter++;
    // two-loop recursion: d = -H g
    for (let i = 0; i < n; i++) d[i] = -g[i];
    const h = S.length;
    for (let j = h - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], d);
      axpy(-alpha[j], Y[j], d);
    }
    if (h > 0) {
      const gamma = dot(S[h - 1], Y[h - 1]) / dot(Y[h - 1], Y[h - 1]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      if (gn > 0) for (let i = 0; i < n; i++) d[i] /= Math.max(gn, 1);
    }
    for (let j = 0; j < h; j++) {
      const beta = rho[j] * dot(Y[j], d);
      axpy(alpha[j] - beta, S[j], d);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction: restart from steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = -dot(g, g);
    }
    // backtracking Armijo line search
    let step = 1;
    let fNew = Number.POSITIVE_INFINITY;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = fg(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= f)) break; // no progress possible
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      yv[i] = gNew[i] - g[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(yv, yv))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const fPrev = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (maxAbs(g) <= opts.tol) converged = true;
    else if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= ftol) converged = true;
  }
  return { x, f, iterations: iter, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}
