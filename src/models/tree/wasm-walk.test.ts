import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { randomTree, rowsWithNaN } from "../../../test/helpers/random-trees.js";
import { accumulateWalk, buildEnsemble, forestWasm } from "./flat.js";
import { accumulatePerfect, perfectLayout } from "./perfect.js";
import { Rng } from "./random.js";
import { FOREST_WALK_WASM_BASE64 } from "./wasm/forest-walk-bytes.js";
import { PERFECT_WALK_WASM_BASE64 } from "./wasm/perfect-walk-bytes.js";
import { PerfectWasm } from "./wasm-walk.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Positions where two outputs differ in any bit. */
function differing(a: Float64Array, b: Float64Array): number {
  let n = 0;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) n++;
  return n;
}

describe("tree walks in WebAssembly", () => {
  for (const [name, constant] of [
    ["perfect-walk", PERFECT_WALK_WASM_BASE64],
    ["forest-walk", FOREST_WALK_WASM_BASE64],
  ] as const) {
    it(`the committed bytes are the compiled ${name}.wat, and the .wat is its generator's`, async () => {
      const wat = readFileSync(join(here, "wasm", `${name}.wat`), "utf8");
      const generator = join(here, "..", "..", "..", "scripts", `${name}-wat.mjs`);
      const exported = (await import(generator)) as Record<string, () => string>;
      const make = exported[name === "perfect-walk" ? "perfectWalkWat" : "forestWalkWat"];
      expect(wat).toBe(`${make()}\n`);
      const wabt = await wabtInit();
      const mod = wabt.parseWat(`${name}.wat`, wat, {});
      mod.validate();
      expect(Buffer.from(mod.toBinary({}).buffer).toString("base64")).toBe(constant);
    });
  }

  it("perfect-tree walk: the same bits as the JavaScript walks (NaN, one-leaf and padded trees, three outputs, several blocks)", () => {
    const rng = new Rng(17);
    const F = 7;
    const trees = Array.from({ length: 31 }, (_, t) => randomTree(rng, F, t % 9));
    const e = buildEnsemble(
      trees,
      3,
      trees.map((_, t) => t % 3),
    );
    const pe = perfectLayout(e);
    expect(pe).not.toBeNull();
    if (pe === null) return;
    const w = PerfectWasm.create(pe);
    expect(w).not.toBeNull();
    // 10,000 rows of 7 features: three blocks of rows; 13: one lockstep group and five single rows;
    // 1-3 rows: the one-row kernel (31 trees: three groups of eight, then seven alone)
    for (const rows of [1, 2, 3, 8, 13, 10_000]) {
      const x = rowsWithNaN(rng, rows, F);
      const start = Float64Array.from({ length: rows * 3 }, () => rng.normal());
      const js = start.slice();
      const walk = start.slice();
      const wasm = start.slice();
      accumulatePerfect(pe, x, rows, F, js, 0.5);
      accumulateWalk(e, x, rows, F, walk, 0.5);
      w?.accumulate(x, rows, F, wasm, 0.5);
      expect(differing(wasm, js)).toBe(0);
      expect(differing(walk, js)).toBe(0);
    }
  });

  it("pointer walk: the same bits as the JavaScript walk (deep two-output trees, NaN, 1-3 rows and several blocks)", () => {
    const rng = new Rng(5);
    const F = 300;
    // 19 trees (eight in lockstep for one row, then the rest); 300 features: blocks of 1,747 rows
    const trees = Array.from({ length: 19 }, (_, t) => randomTree(rng, F, 2 + (t % 13), 2));
    const e = buildEnsemble(trees, 2);
    const w = forestWasm(e);
    expect(w).not.toBeNull();
    for (const rows of [1, 2, 3, 4, 7, 4000]) {
      const x = rowsWithNaN(rng, rows, F);
      const start = Float64Array.from({ length: rows * 2 }, () => rng.normal());
      const js = start.slice();
      const wasm = start.slice();
      accumulateWalk(e, x, rows, F, js, 0.25);
      w?.accumulate(x, rows, F, wasm, 0.25);
      expect(differing(wasm, js)).toBe(0);
    }
  });
});
