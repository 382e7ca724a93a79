import { describe, expect, it } from "vitest";
import { binColumns, binOf, fitBinEdges, MISSING_BIN } from "./binning.js";

describe("feature binning", () => {
  it("puts an edge between each pair of adjacent distinct values when there are few", () => {
    const data = new Float32Array([3, 1, 2, 1, 3, -0, 0, 2]);
    const be = fitBinEdges({ rows: 8, cols: 1, data });
    expect(Array.from(be.edges)).toEqual([0.5, 1.5, 2.5]);
    expect(Array.from(binColumns({ rows: 8, cols: 1, data }, be))).toEqual([3, 1, 2, 1, 3, 0, 0, 2]);
  });

  it("bins x <= edge[b] into b, NaN into the missing bin", () => {
    const data = new Float32Array([0, 10, 20, 30]);
    const be = fitBinEdges({ rows: 4, cols: 1, data });
    expect(Array.from(be.edges)).toEqual([5, 15, 25]);
    expect(binOf(be, 0, 5)).toBe(0);
    expect(binOf(be, 0, 5.001)).toBe(1);
    expect(binOf(be, 0, -100)).toBe(0);
    expect(binOf(be, 0, 1000)).toBe(3);
    expect(binOf(be, 0, Number.NaN)).toBe(MISSING_BIN);
  });

  it("uses at most maxBins bins with roughly equal counts for continuous features", () => {
    const n = 100_000;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.sin(i * 12.9898) * 43758.5453;
    const be = fitBinEdges({ rows: n, cols: 1, data }, 64);
    const nb = be.offsets[1] + 1;
    expect(nb).toBeLessThanOrEqual(64);
    expect(nb).toBeGreaterThan(60);
    const counts = new Array(nb).fill(0);
    for (const b of binColumns({ rows: n, cols: 1, data }, be)) counts[b]++;
    for (const c of counts) expect(Math.abs(c - n / nb)).toBeLessThan(0.2 * (n / nb));
  });

  it("keeps per-feature edges apart", () => {
    const data = new Float32Array([1, 100, 2, 200, 1, 300]);
    const be = fitBinEdges({ rows: 3, cols: 2, data });
    expect(Array.from(be.offsets)).toEqual([0, 1, 3]);
    expect(binOf(be, 1, 250)).toBe(1);
    expect(binOf(be, 1, 251)).toBe(2);
  });

  it("binColumns gives binOf's bin for every value (edges themselves, between them, +-Infinity, NaN, -0)", () => {
    const n = 3000;
    const cols = 3;
    const data = new Float32Array(n * cols);
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < n; i++) {
      data[i * cols] = Math.floor(rand() * 7); // few distinct values: exact edges
      data[i * cols + 1] = (rand() - 0.5) * 1e3; // continuous: 254 quantile edges
      data[i * cols + 2] = rand() < 0.5 ? 1 : 0;
    }
    const be = fitBinEdges({ rows: n, cols, data });
    const extra = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0];
    for (let f = 0; f < cols; f++) {
      for (let k = be.offsets[f]; k < be.offsets[f + 1]; k++)
        extra.push(be.edges[k], Math.fround(be.edges[k] * 1.0000001));
    }
    const rows = extra.length;
    const probe = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let f = 0; f < cols; f++) probe[r * cols + f] = extra[r];
    const all = new Float32Array([...data, ...probe]);
    const total = n + rows;
    const bins = binColumns({ rows: total, cols, data: all }, be);
    for (let r = 0; r < total; r++) {
      for (let f = 0; f < cols; f++) expect(bins[f * total + r]).toBe(binOf(be, f, all[r * cols + f]));
    }
  });
});
