/**
 * Gauss–Legendre quadrature on [0, 1]: n nodes integrate every polynomial of degree <= 2n − 1 exactly.
 * Nodes from Newton's method on the Legendre polynomial P_n (to machine precision), cached per n.
 */
export interface Quadrature {
  nodes: Float64Array;
  weights: Float64Array;
}

const cache = new Map<number, Quadrature>();

export function gaussLegendre01(n: number): Quadrature {
  const hit = cache.get(n);
  if (hit !== undefined) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 0 ? 1 : n === 1 ? x : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // map [-1, 1] -> [0, 1]
    nodes[i] = (1 - x) / 2;
    weights[i] = 1 / ((1 - x * x) * dp * dp);
  }
  const q = { nodes, weights };
  cache.set(n, q);
  return q;
}
