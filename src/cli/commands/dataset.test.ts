import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "./dataset.js";

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await program.parseAsync(["node", "vigil", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe("vigil dataset", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-cli-dataset-"));
  afterEach(() => vi.restoreAllMocks());

  it("list names the built-in ids", async () => {
    const out = await run("dataset", "list", "--json");
    const ids = (JSON.parse(out) as { id: string }[]).map((d) => d.id);
    expect(ids).toContain("ton-iot-network");
    expect(ids).toContain("nsl-kdd-test");
  });

  it("inspect writes a spec that load reads back; a bad row names its line and column", async () => {
    const csv = join(dir, "mine.csv");
    writeFileSync(
      csv,
      "dst_port,bytes,proto,class\n80,10,tcp,normal\n22,7,tcp,bruteforce\n53,1,udp,normal\n",
    );
    const spec = join(dir, "mine.spec.json");
    const report = await run("dataset", "inspect", csv, "-o", spec);
    expect(report).toMatch(/label: class/);
    expect(JSON.parse(readFileSync(spec, "utf8")).columns).toEqual({
      dst_port: "identifier",
      bytes: "numeric",
      proto: "categorical",
      class: "ignore",
    });
    const summary = JSON.parse(await run("dataset", "load", spec));
    expect(summary).toMatchObject({ rows: 3, classCounts: { normal: 2, bruteforce: 1 }, skippedRows: 0 });

    writeFileSync(csv, "dst_port,bytes,proto,class\n80,10,tcp,normal\n22,lots,tcp,bruteforce\n");
    await expect(run("dataset", "load", spec)).rejects.toMatchObject({
      context: { line: 3, field: "bytes" },
    });
    const skipped = JSON.parse(await run("dataset", "load", spec, "--skip-bad-rows"));
    expect(skipped).toMatchObject({ rows: 1, skippedRows: 1, badRows: [{ line: 3, field: "bytes" }] });
  });

  it("rejects an unknown label level", async () => {
    await expect(run("dataset", "load", "x.json", "--label-level", "coarse")).rejects.toMatchObject({
      code: "E_CONFIG",
    });
  });
});
