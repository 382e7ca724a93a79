import { describe, expect, it } from "vitest";
import type { Matrix } from "../../table/matrix.js";
import { makeBlobs } from "../conformance.js";
import { KMeans } from "./kmeans.js";

describe("kmeans", () => {
  const { X, y } = makeBlobs({ rows: 600, cols: 3, classes: 3, seed: 9, spread: 0.3 });

  it("recovers separated blobs: each cluster pure, majority labels cover the classes", () => {
    const m = new KMeans({ nClusters: 3, nInit: 3, seed: 1 }).fit(X, y);
    const c = m.clusters;
    expect(Array.from(c.sizes).sort()).toEqual([200, 200, 200]);
    expect(Array.from(c.purity)).toEqual([1, 1, 1]);
    expect(Array.from(c.clusterLabels).sort()).toEqual([0, 1, 2]);
    expect(Array.from(m.predictLabel(X))).toEqual(Array.from(y));
    // each centroid is the mean of its cluster's rows
    const cl = m.predictCluster(X);
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        let n = 0;
        for (let i = 0; i < X.rows; i++) {
          if (cl[i] === k) {
            s += X.data[i * 3 + j];
            n++;
          }
        }
        expect(c.centres[k * 3 + j]).toBeCloseTo(s / n, 4);
      }
    }
  });

  it("scores = distance to the nearest centroid; inertia = sum of squared training scores", () => {
    const m = new KMeans({ nClusters: 3, seed: 2 }).fit(X);
    const s = m.score(X);
    let inertia = 0;
    for (const v of s) inertia += v * v;
    expect(inertia).toBeCloseTo(m.clusters.inertia, 2);
    const far: Matrix = { rows: 1, cols: 3, data: Float32Array.from([50, 50, 50]) };
    expect(m.score(far)[0]).toBeGreaterThan(Math.max(...s));
    expect(Array.from(m.clusters.clusterLabels)).toEqual([-1, -1, -1]);
  });

  it("more restarts never give a higher inertia", () => {
    const one = new KMeans({ nClusters: 7, nInit: 1, seed: 3 }).fit(X).clusters.inertia;
    const five = new KMeans({ nClusters: 7, nInit: 5, seed: 3 }).fit(X).clusters.inertia;
    expect(five).toBeLessThanOrEqual(one);
  });

  it("refuses fewer rows than clusters", () => {
    const tiny: Matrix = { rows: 2, cols: 1, data: Float32Array.from([1, 2]) };
    expect(() => new KMeans({ nClusters: 3 }).fit(tiny)).toThrow(/2 rows cannot make 3 clusters/);
  });
});
