import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, expect, it } from "vitest";
import { describeWithShared, SHARED_DIR } from "../../../test/helpers/shared.js";
import { VigilError } from "../../errors.js";
import { register as evaluate } from "./evaluate.js";

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  evaluate(program);
  let out = "";
  const write = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await program.parseAsync(["node", "vigil", ...args]);
  } finally {
    process.stdout.write = write;
    process.stderr.write = err;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), "vigil-zero-day-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithShared("vigil evaluate --zero-day", ["datasets/ciciot2023-sample"], () => {
  const common = ["evaluate", "--zero-day", "--dataset", "ciciot2023-sample", "--shared-dir", SHARED_DIR];

  it("prints the Markdown table and writes the JSON", async () => {
    const out = join(dir, "zd.json");
    const md = await run([
      ...common,
      "--detectors",
      "isolation-forest,kmeans",
      "--supervised",
      "decision-tree",
      "--families",
      "DDoS,Recon",
      "--sample",
      "4000",
      "-o",
      out,
    ]);
    expect(md).toContain("| DDoS |");
    expect(md).toContain("| Recon |");
    expect(md).toContain("decision-tree unknown");
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.dataset).toBe("ciciot2023-sample");
    expect(json.families.map((f: { family: string }) => f.family)).toEqual(["DDoS", "Recon"]);
    expect(Object.keys(json.families[0].detection)).toEqual(["isolation-forest", "kmeans"]);
    expect(json.protocol.targetFpr).toBe(0.01);
  });

  it("names what is wrong: an unknown detector, a benign family, a missing --model", async () => {
    const code = async (args: string[]) => {
      try {
        await run(args);
      } catch (e) {
        return e instanceof VigilError ? `${e.code}:${e.context.field}` : String(e);
      }
      return "no error";
    };
    expect(await code([...common, "--detectors", "nope", "--supervised", "none"])).toBe("E_CONFIG:detectors");
    expect(
      await code([...common, "--families", "Benign", "--supervised", "none", "--detectors", "kmeans"]),
    ).toBe("E_CONFIG:families");
    expect(await code(["evaluate", "--dataset", "ciciot2023-sample"])).toBe("E_CONFIG:model");
  });
});
