import { describe, expect, it } from "vitest";
import { categoricalFromStrings } from "./column.js";
import { table } from "./table.js";
import { toMatrix } from "./to-matrix.js";

const t = table([
  { kind: "numeric", name: "bytes", values: Float32Array.from([1, 2, Number.NaN, 4]) },
  categoricalFromStrings("proto", ["tcp", "udp", "tcp", undefined]),
  categoricalFromStrings("state", ["S0", "SF", "REJ", "SF"]),
]);

describe("toMatrix", () => {
  it("one-hot encodes categoricals, row-major, NaN kept for numbers, zeros for missing levels", () => {
    const m = toMatrix(t, ["bytes", "proto"]);
    expect(m.featureNames).toEqual(["bytes", "proto=tcp", "proto=udp"]);
    expect([m.rows, m.cols]).toEqual([4, 3]);
    expect(Array.from(m.data)).toEqual([1, 1, 0, 2, 0, 1, Number.NaN, 1, 0, 4, 0, 0]);
  });

  it("gives codes instead when asked (missing = NaN)", () => {
    const m = toMatrix(t, ["proto", "state"], { categorical: "codes" });
    expect(m.featureNames).toEqual(["proto", "state"]);
    expect(Array.from(m.data)).toEqual([0, 0, 1, 1, 0, 2, Number.NaN, 1]);
  });

  it("keeps the most frequent levels under maxLevels, and encodes with given levels", () => {
    const m = toMatrix(t, ["state"], { maxLevels: 1 });
    expect(m.featureNames).toEqual(["state=SF"]);
    expect(Array.from(m.data)).toEqual([0, 1, 0, 1]);
    const again = toMatrix(t, ["state"], { levels: { state: ["REJ", "XX"] } });
    expect(again.featureNames).toEqual(["state=REJ", "state=XX"]);
    expect(Array.from(again.data)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
  });

  it("gives codes for the columns in codesFor, one-hot for the rest", () => {
    const m = toMatrix(t, ["proto", "state"], { codesFor: ["state"] });
    expect(m.featureNames).toEqual(["proto=tcp", "proto=udp", "state"]);
  });

  it("names an unknown column", () => {
    expect(() => toMatrix(t, ["nope"])).toThrow(/no column named "nope"/);
  });
});
