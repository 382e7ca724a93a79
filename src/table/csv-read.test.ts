import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import type { CategoricalColumn, NumericColumn } from "./column.js";
import { readCsvTable } from "./csv-read.js";
import { getColumn } from "./table.js";
import { stringSource } from "./text-source.js";

const num = (c: unknown) => Array.from((c as NumericColumn).values);
const cat = (c: unknown) => {
  const col = c as CategoricalColumn;
  return Array.from(col.codes, (k) => (k < 0 ? undefined : col.dictionary[k]));
};

describe("readCsvTable", () => {
  it("infers numeric and categorical columns; missing tokens become NaN / undefined", async () => {
    const csv = "\uFEFFproto,bytes,rate,label\ntcp,10,0.5,normal\nudp,-,1e2,dos\n,7,,normal\n";
    const { table, header } = await readCsvTable(stringSource(csv, "t.csv"));
    expect(header).toEqual(["proto", "bytes", "rate", "label"]);
    expect(table.rowCount).toBe(3);
    expect(getColumn(table, "bytes").kind).toBe("numeric");
    expect(num(getColumn(table, "bytes"))).toEqual([10, Number.NaN, 7]);
    expect(num(getColumn(table, "rate"))).toEqual([0.5, 100, Number.NaN]);
    expect(cat(getColumn(table, "proto"))).toEqual(["tcp", "udp", undefined]);
    expect((getColumn(table, "label") as CategoricalColumn).dictionary).toEqual(["normal", "dos"]);
  });

  it("detects a missing header and names the columns", async () => {
    const { table, header } = await readCsvTable(stringSource("0,tcp,1\n2,udp,3\n"));
    expect(header).toEqual(["column_1", "column_2", "column_3"]);
    expect(table.rowCount).toBe(2);
    const named = await readCsvTable(stringSource("0,tcp,1\n"), {
      header: false,
      columnNames: ["a", "b", "c"],
    });
    expect(named.header).toEqual(["a", "b", "c"]);
  });

  it("reports a row with the wrong number of fields by file and line", async () => {
    const csv = "a,b\n1,2\n3,4,5\n";
    const err = await readCsvTable(stringSource(csv, "bad.csv")).catch((e) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect(err.code).toBe("E_FORMAT");
    expect(err.context).toMatchObject({ file: "bad.csv", line: 3, record: 2 });
    expect(err.message).toMatch(/expected 2 fields, found 3/);
  });

  it("reports a non-number in a numeric column by file, line and field", async () => {
    const csv = 'a,b\n1,2\n3,"two"\n';
    const err = await readCsvTable(stringSource(csv, "bad.csv"), { columnTypes: { b: "numeric" } }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(VigilError);
    expect(err.context).toMatchObject({ file: "bad.csv", line: 3, field: "b" });
  });

  it("skips and counts bad rows under the skip policy, leaving no partial values", async () => {
    const csv = "a,b,c\n1,2,x\n3,oops,y\n4\n5,6,z\n";
    const res = await readCsvTable(stringSource(csv), {
      badRows: "skip",
      columnTypes: { a: "numeric", b: "numeric" },
    });
    expect(res.skippedRows).toBe(2);
    expect(res.badRowSamples.map((b) => b.line)).toEqual([3, 4]);
    expect(res.badRowSamples[0].field).toBe("b");
    expect(num(getColumn(res.table, "a"))).toEqual([1, 5]);
    expect(num(getColumn(res.table, "b"))).toEqual([2, 6]);
    expect(cat(getColumn(res.table, "c"))).toEqual(["x", "z"]);
  });

  it("keeps quoted text with delimiters and line breaks, across small chunks", async () => {
    const csv = 'id,text\n1,"hello, world"\n2,"two\nlines"\n3,"say ""x"""\n';
    const { table } = await readCsvTable(stringSource(csv, "q.csv", 3), {
      columnTypes: { text: "categorical" },
    });
    expect(cat(getColumn(table, "text"))).toEqual(["hello, world", "two\nlines", 'say "x"']);
  });

  it("skips columns typed skip, and rejects types for absent columns", async () => {
    const { table } = await readCsvTable(stringSource("a,b\n1,2\n"), { columnTypes: { a: "skip" } });
    expect(table.columns.map((c) => c.name)).toEqual(["b"]);
    await expect(
      readCsvTable(stringSource("a,b\n1,2\n"), { columnTypes: { zz: "numeric" } }),
    ).rejects.toThrow(/"zz" is typed but not in the file/);
  });

  it("stops after maxRows and rejects an empty file", async () => {
    const { table } = await readCsvTable(stringSource("a\n1\n2\n3\n"), { maxRows: 2 });
    expect(table.rowCount).toBe(2);
    await expect(readCsvTable(stringSource("", "empty.csv"))).rejects.toThrow(/empty/);
  });
});

describe("readCsvTable required columns", () => {
  it("reports a row whose label is missing by line and field", async () => {
    const csv = "x,label\n1,dos\n2,\n";
    const err = await readCsvTable(stringSource(csv, "l.csv"), { required: ["label"] }).catch((e) => e);
    expect(err.context).toMatchObject({ file: "l.csv", line: 3, field: "label" });
    const skipped = await readCsvTable(stringSource(csv), { required: ["label"], badRows: "skip" });
    expect(skipped.table.rowCount).toBe(1);
  });
});

describe("readCsvTable categorical runs", () => {
  it("codes repeated, quoted, padded and missing values the same as one by one", async () => {
    const csv = 'c,n\n"a""b",1\n"a""b",2\na,3\n a,4\n-,5\n-,6\nx,7\nx,8\n';
    const { table } = await readCsvTable(stringSource(csv, "r.csv", 5), {
      columnTypes: { c: "categorical" },
    });
    expect(cat(getColumn(table, "c"))).toEqual(['a"b', 'a"b', "a", "a", undefined, undefined, "x", "x"]);
    expect((getColumn(table, "c") as CategoricalColumn).dictionary).toEqual(['a"b', "a", "x"]);
  });
});
