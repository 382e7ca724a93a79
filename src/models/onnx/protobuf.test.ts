import { describe, expect, it } from "vitest";
import { ProtoWriter } from "./protobuf.js";

describe("protobuf writer", () => {
  it("writes varints, including 64-bit negatives", () => {
    expect(Array.from(new ProtoWriter().varint(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().varint(2, 0).finish())).toEqual([0x10, 0x00]);
    const neg = new ProtoWriter().varint(1, -1).finish();
    expect(Array.from(neg)).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(Array.from(new ProtoWriter().varint(1, 2 ** 40).finish())).toEqual([
      0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20,
    ]);
  });

  it("writes strings, floats, packed fields and nested messages", () => {
    expect(Array.from(new ProtoWriter().string(2, "hi").finish())).toEqual([0x12, 2, 0x68, 0x69]);
    expect(Array.from(new ProtoWriter().float(2, 1).finish())).toEqual([0x15, 0, 0, 0x80, 0x3f]);
    expect(Array.from(new ProtoWriter().packedVarints(4, [3, 270]).finish())).toEqual([
      0x22, 3, 3, 0x8e, 0x02,
    ]);
    expect(Array.from(new ProtoWriter().packedFloats(1, [1]).finish())).toEqual([0x0a, 4, 0, 0, 0x80, 0x3f]);
    const inner = new ProtoWriter().varint(1, 150);
    expect(Array.from(new ProtoWriter().message(3, inner).finish())).toEqual([0x1a, 3, 0x08, 0x96, 0x01]);
  });

  it("grows past its first buffer", () => {
    const w = new ProtoWriter();
    const big = new Uint8Array(10_000).fill(7);
    w.bytes(1, big);
    const out = w.finish();
    expect(out.length).toBe(1 + 2 + 10_000);
    expect(out[out.length - 1]).toBe(7);
  });
});
