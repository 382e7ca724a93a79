import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { fileSource, zipEntrySource } from "./text-source.js";
import { Utf8ChunkDecoder } from "./utf8-chunks.js";

async function collect(src: { chunks(): AsyncIterable<string> }): Promise<string> {
  let s = "";
  for await (const c of src.chunks()) s += c;
  return s;
}

describe("text sources", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-text-"));
  const body = `a,b\n${"héllo,1\n".repeat(50_000)}`;

  it("streams a zip entry (inflated as it arrives), BOM dropped", async () => {
    const zip = join(dir, "t.zip");
    writeFileSync(zip, zipSync({ "data/t.csv": strToU8(`\uFEFF${body}`), "readme.txt": strToU8("x") }));
    expect(await collect(zipEntrySource(zip, ".csv"))).toBe(body);
    await expect(collect(zipEntrySource(zip))).rejects.toThrow(/more than one/);
    await expect(collect(zipEntrySource(zip, "nope.csv"))).rejects.toThrow(/no entry nope.csv/);
  });

  it("reads a file and names a missing one", async () => {
    const f = join(dir, "t.csv");
    writeFileSync(f, body);
    expect(await collect(fileSource(f))).toBe(body);
    await expect(collect(fileSource(join(dir, "absent.csv")))).rejects.toMatchObject({ code: "E_IO" });
  });

  it("rejects a truncated zip instead of returning part of the entry", async () => {
    const whole = zipSync({ "t.csv": strToU8(body) });
    const cut = join(dir, "cut.zip");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(collect(zipEntrySource(cut))).rejects.toMatchObject({ code: "E_TRUNCATED" });
  });

  it("rejects a file that is not a zip", async () => {
    const f = join(dir, "fake.zip");
    writeFileSync(f, "not a zip at all");
    await expect(collect(zipEntrySource(f))).rejects.toMatchObject({ code: "E_FORMAT" });
  });
});

describe("Utf8ChunkDecoder", () => {
  it("joins multi-byte characters split across chunks", () => {
    const bytes = new TextEncoder().encode("aé€😀z");
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new Utf8ChunkDecoder();
      expect(d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut)) + d.end()).toBe("aé€😀z");
    }
  });
});
