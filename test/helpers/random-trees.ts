import { NodeStore } from "../../src/models/tree/flat.js";
import type { Rng } from "../../src/models/tree/random.js";

/** A random tree of at most `maxDepth` levels over F features (leaves anywhere), `nOutputs` values a leaf. */
export function randomTree(rng: Rng, F: number, maxDepth: number, nOutputs = 1): NodeStore {
  const s = new NodeStore(nOutputs, 16);
  const grow = (node: number, depth: number): void => {
    if (depth === maxDepth || (depth > 0 && rng.float() < 0.3)) {
      for (let k = 0; k < nOutputs; k++) s.value[node * nOutputs + k] = rng.normal();
      return;
    }
    const c = s.add(2);
    s.feature[node] = Math.floor(rng.float() * F);
    s.threshold[node] = rng.normal();
    s.left[node] = c;
    s.right[node] = c + 1;
    grow(c, depth + 1);
    grow(c + 1, depth + 1);
  };
  s.add(1);
  grow(0, 0);
  return s;
}

export function rowsWithNaN(rng: Rng, rows: number, F: number): Float32Array {
  const x = new Float32Array(rows * F);
  for (let i = 0; i < x.length; i++) x[i] = rng.float() < 0.05 ? Number.NaN : rng.normal();
  return x;
}
