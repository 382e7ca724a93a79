import { describe, expect, it } from "vitest";
import { VigilError } from "../errors.js";
import { type CsvDialect, CsvRecordParser } from "./csv-parser.js";

interface Rec {
  line: number;
  fields: string[];
}

/** Parses `text` fed in pieces of `size` characters. */
function parse(text: string, size = text.length || 1, dialect: CsvDialect = {}): Rec[] {
  const out: Rec[] = [];
  const p = new CsvRecordParser(dialect, (r) => {
    const fields: string[] = [];
    for (let i = 0; i < r.fieldCount; i++) fields.push(r.text(i));
    out.push({ line: r.line, fields });
  });
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
  p.end();
  return out;
}

const TRICKY = 'a,b,c\r\n"x, y","say ""hi""",3\n"multi\nline",,""\n\nlast,"",end';

describe("CsvRecordParser", () => {
  it("follows RFC 4180: quoted delimiters, doubled quotes, line breaks in quotes, CRLF", () => {
    const recs = parse(TRICKY);
    expect(recs.map((r) => r.fields)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "3"],
      ["multi\nline", "", ""],
      ["last", "", "end"],
    ]);
  });

  it("gives the same records whatever the chunk size (fields, quotes and CRLF straddling chunks)", () => {
    const whole = parse(TRICKY);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(parse(TRICKY, size)).toEqual(whole);
  });

  it("numbers records by the line they start on, counting line breaks inside quotes and blank lines", () => {
    const recs = parse('h1,h2\n"a\nb",1\n\n\nc,2\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it("reads a last record without a line break, and a trailing empty field", () => {
    expect(parse("a,b\n1,").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", ""],
    ]);
  });

  it("takes another delimiter, and no quoting at all", () => {
    expect(parse("a;b\n1;2\n", 100, { delimiter: ";" }).map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parse('a\t"b\n', 100, { delimiter: "\t", quote: null })[0].fields).toEqual(["a", '"b']);
  });

  it("rejects text after a closing quote, naming the line", () => {
    try {
      parse('a,b\n1,"x"y\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(VigilError);
      expect((e as VigilError).code).toBe("E_FORMAT");
      expect((e as VigilError).context.line).toBe(2);
    }
  });

  it("rejects a quote never closed instead of swallowing the file", () => {
    expect(() => parse('a,b\n1,"open\n2,3\n', 4)).toThrow(/never closed.*line=2/);
  });

  it("rejects a bad dialect", () => {
    expect(() => new CsvRecordParser({ delimiter: ",," }, () => {})).toThrow(VigilError);
  });

  it("parses numbers in place", () => {
    const got: number[] = [];
    const p = new CsvRecordParser({}, (r) => {
      for (let i = 0; i < r.fieldCount; i++) got.push(r.number(i));
    });
    p.push('1.5,"2",x,');
    p.end();
    expect(got.slice(0, 2)).toEqual([1.5, 2]);
    expect(got[2]).toBeNaN();
    expect(got[3]).toBeNaN();
  });
});
