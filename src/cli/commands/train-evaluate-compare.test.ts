import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, expect, it } from "vitest";
import { describeWithShared, SHARED_DIR } from "../../../test/helpers/shared.js";
import { register as compare } from "./compare.js";
import { register as evaluate } from "./evaluate.js";
import { register as train } from "./train.js";

/** Runs one vigil command in-process; returns what it wrote to stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  train(program);
  evaluate(program);
  compare(program);
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

const dir = mkdtempSync(join(tmpdir(), "vigil-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithShared(
  "vigil train / evaluate / compare on the CICIoT2023 sample",
  ["datasets/ciciot2023-sample"],
  () => {
    const common = ["--dataset", "ciciot2023-sample", "--shared-dir", SHARED_DIR];

    it("trains, writes a model file, and evaluates on exactly the held-out rows", async () => {
      const modelPath = join(dir, "lr.json");
      const t = JSON.parse(
        await run([
          "train",
          ...common,
          "--model",
          "logistic-regression",
          "--sample",
          "3000",
          "-o",
          modelPath,
        ]),
      );
      expect(t.trainRows + t.heldOutRows).toBeGreaterThan(2900);
      const file = JSON.parse(readFileSync(modelPath, "utf8"));
      expect(file.kind).toBe("pipeline");
      expect(file.training.classes.length).toBeGreaterThan(2);
      const e = JSON.parse(await run(["evaluate", ...common, "--model", modelPath]));
      expect(e.rows).toBe(t.heldOutRows);
      expect(e.macroF1).toBeGreaterThan(0.3);
      expect(e.confusion.length).toBe(file.training.classes.length);
      expect(e.perClass[0]).toHaveProperty("recall");
    });

    it("rejects a model file with a broken training block, naming the field", async () => {
      const bad = join(dir, "bad.json");
      const file = JSON.parse(readFileSync(join(dir, "lr.json"), "utf8"));
      file.training.classes = "oops";
      writeFileSync(bad, JSON.stringify(file));
      await expect(run(["evaluate", ...common, "--model", bad])).rejects.toThrow(/training.classes/);
      await expect(run(["train", ...common, "--model", "nope", "-o", bad])).rejects.toThrow(/unknown model/);
      await expect(run(["train", ...common, "--model", "knn", "--params", "{", "-o", bad])).rejects.toThrow(
        /params/,
      );
    });

    it("compares two learners and writes Markdown, JSON and HTML", async () => {
      const out = join(dir, "cmp");
      const md = await run([
        "compare",
        ...common,
        "--models",
        "gaussian-nb,decision-tree",
        "--sample",
        "2000",
        "-o",
        out,
      ]);
      expect(md).toContain("| decision-tree |");
      expect(readFileSync(join(out, "comparison.html"), "utf8")).toContain("<svg");
      expect(JSON.parse(readFileSync(join(out, "comparison.json"), "utf8")).results).toHaveLength(2);
    });
  },
);
