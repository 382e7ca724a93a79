/**
 * Single-linkage hierarchical clustering as scipy 1.10 computes it (cluster.hierarchy.linkage with
 * method "single", then to_tree), so that ties break the same way:
 * 1. a Prim-style minimum spanning tree walk from point 0: each step scans the unmerged points in
 *    index order, lowers their distance to the tree, and moves to the first point with the smallest one;
 * 2. the n - 1 edges are stably sorted by distance;
 * 3. a union-find relabels them: each merge creates cluster n + k, with the smaller root on the left.
 * splitDendrogram cuts the tree top-down (left before right) until every cluster has at most
 * maxSize leaves, listing each cluster's leaves in pre-order (KitNET's __breakClust__).
 */

/** Linkage rows: left[k], right[k] (cluster ids), dist[k], size[k] for merge k (new id n + k). */
export interface Linkage {
  left: Int32Array;
  right: Int32Array;
  dist: Float64Array;
  size: Int32Array;
}

function condensedIndex(n: number, i: number, j: number): number {
  const a = i < j ? i : j;
  const b = i < j ? j : i;
  return n * a - (a * (a + 1)) / 2 + (b - a - 1);
}

export function singleLinkage(dists: Float64Array, n: number): Linkage {
  const merged = new Uint8Array(n);
  const d = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const ex = new Int32Array(n - 1);
  const ey = new Int32Array(n - 1);
  const ed = new Float64Array(n - 1);
  let x = 0;
  let y = 0;
  for (let k = 0; k < n - 1; k++) {
    let currentMin = Number.POSITIVE_INFINITY;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i] === 1) continue;
      const dist = dists[condensedIndex(n, x, i)];
      if (d[i] > dist) d[i] = dist;
      if (d[i] < currentMin) {
        y = i;
        currentMin = d[i];
      }
    }
    ex[k] = x;
    ey[k] = y;
    ed[k] = currentMin;
    x = y;
  }
  // stable sort of the edges by distance
  const order = Array.from({ length: n - 1 }, (_, i) => i);
  order.sort((a, b) => (ed[a] < ed[b] ? -1 : ed[a] > ed[b] ? 1 : a - b));
  // union-find relabelling
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Int32Array(2 * n - 1).fill(1);
  let nextLabel = n;
  const find = (v: number): number => {
    let root = v;
    while (parent[root] !== root) root = parent[root];
    let p = v;
    while (parent[p] !== root) {
      const up = parent[p];
      parent[p] = root;
      p = up;
    }
    return root;
  };
  const out: Linkage = {
    left: new Int32Array(n - 1),
    right: new Int32Array(n - 1),
    dist: new Float64Array(n - 1),
    size: new Int32Array(n - 1),
  };
  for (let k = 0; k < n - 1; k++) {
    const e = order[k];
    const xr = find(ex[e]);
    const yr = find(ey[e]);
    out.left[k] = xr < yr ? xr : yr;
    out.right[k] = xr < yr ? yr : xr;
    out.dist[k] = ed[e];
    parent[xr] = nextLabel;
    parent[yr] = nextLabel;
    size[nextLabel] = size[xr] + size[yr];
    out.size[k] = size[nextLabel];
    nextLabel++;
  }
  return out;
}

export function splitDendrogram(z: Linkage, n: number, maxSize: number): number[][] {
  const count = (id: number): number => (id < n ? 1 : z.size[id - n]);
  const preOrder = (id: number, acc: number[]): number[] => {
    const stack = [id];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (v < n) acc.push(v);
      else {
        stack.push(z.right[v - n]);
        stack.push(z.left[v - n]);
      }
    }
    return acc;
  };
  const clusters: number[][] = [];
  const visit = (id: number): void => {
    if (count(id) <= maxSize) {
      clusters.push(preOrder(id, []));
      return;
    }
    visit(z.left[id - n]);
    visit(z.right[id - n]);
  };
  visit(2 * n - 2);
  return clusters;
}
