import { describe, expect, it } from "vitest";
import { type CategoricalColumn, categoricalFromStrings, type NumericColumn } from "./column.js";
import { concatTables, getColumn, recodeCategorical, table, takeTableRows } from "./table.js";

const a = table([
  { kind: "numeric", name: "x", values: Float32Array.from([1, 2]) },
  categoricalFromStrings("c", ["p", "q"]),
]);
const b = table([
  categoricalFromStrings("c", ["q", "r"]),
  { kind: "numeric", name: "y", values: Float32Array.from([5, 6]) },
]);

describe("table", () => {
  it("rejects columns of unequal length and duplicate names", () => {
    expect(() => table([...a.columns, { kind: "numeric", name: "z", values: new Float32Array(3) }])).toThrow(
      /3 rows/,
    );
    expect(() => table([...a.columns, a.columns[0]])).toThrow(/duplicate/);
  });

  it("stacks tables with a union of columns, merging dictionaries and filling gaps", () => {
    const t = concatTables([a, b], { union: true });
    expect(t.rowCount).toBe(4);
    expect(Array.from((getColumn(t, "x") as NumericColumn).values)).toEqual([1, 2, Number.NaN, Number.NaN]);
    expect(Array.from((getColumn(t, "y") as NumericColumn).values)).toEqual([Number.NaN, Number.NaN, 5, 6]);
    const c = getColumn(t, "c") as CategoricalColumn;
    expect(c.dictionary).toEqual(["p", "q", "r"]);
    expect(Array.from(c.codes)).toEqual([0, 1, 1, 2]);
    expect(() => concatTables([a, b])).toThrow(/columns differ/);
  });

  it("recodes categorical values and takes rows", () => {
    const c = recodeCategorical(categoricalFromStrings("s", ["true", "1", "false", "0", "?"]), (v) =>
      v === "?" ? undefined : v === "true" || v === "1" ? "1" : "0",
    );
    expect(c.dictionary).toEqual(["1", "0"]);
    expect(Array.from(c.codes)).toEqual([0, 0, 1, 1, -1]);
    const sub = takeTableRows(a, [1]);
    expect(Array.from((getColumn(sub, "x") as NumericColumn).values)).toEqual([2]);
  });
});
