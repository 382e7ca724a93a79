/** `vigil dataset list | inspect | load`: built-in datasets and users' own CSVs. Thin: parses and calls src/datasets. */
import { writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import type { Command } from "commander";
import { type LoadDatasetOptions, listDatasets, loadDataset } from "../../datasets/index.js";
import { inspectCsv } from "../../datasets/infer-spec.js";
import { summarizeDataset } from "../../datasets/summary.js";
import { LABEL_LEVELS } from "../../datasets/taxonomy.js";
import { loadUserDataset, readUserSpec } from "../../datasets/user-spec.js";
import { VigilError } from "../../errors.js";

/** Writes to stdout (main.ts ends the process quietly when a reader closes early, `| head`). */
const out = (s: string): void => {
  process.stdout.write(s);
};

function labelLevel(v: string): LoadDatasetOptions["labelLevel"] {
  if (!(LABEL_LEVELS as readonly string[]).includes(v)) {
    throw new VigilError("E_CONFIG", `--label-level must be one of ${LABEL_LEVELS.join(", ")}, got "${v}"`, {
      field: "label-level",
    });
  }
  return v as LoadDatasetOptions["labelLevel"];
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new VigilError("E_CONFIG", `--${name} must be a positive integer, got "${v}"`, { field: name });
    return n;
  };
}

/** The data file as the spec names it: relative when it sits under the spec's folder, else absolute. */
function specDataPath(dataPath: string, specPath: string | undefined): string {
  if (specPath === undefined) return basename(dataPath);
  const rel = relative(dirname(specPath), dataPath);
  return rel.startsWith("..") || isAbsolute(rel) ? dataPath : rel;
}

export function register(program: Command): void {
  const ds = program.command("dataset").description("built-in IoT intrusion datasets and your own CSV files");

  ds.command("list")
    .description("list the built-in dataset ids (and whether their files are under the shared dir)")
    .option("--shared-dir <dir>", "folder holding datasets/ (default $VIGIL_SHARED_DIR or ../shared)")
    .option("--json", "print JSON")
    .action((o: { sharedDir?: string; json?: boolean }) => {
      const list = listDatasets({ sharedDir: o.sharedDir });
      if (o.json) return out(`${JSON.stringify(list, null, 2)}\n`);
      for (const d of list) out(`${d.id.padEnd(32)} ${d.available ? "present" : "absent "}  ${d.title}\n`);
    });

  ds.command("inspect")
    .description("infer a spec for a CSV (column types, identifier-like columns, label, class counts)")
    .argument("<file>", "CSV file (or a zip holding one)")
    .option("-o, --out <spec.json>", "write the inferred spec here, for editing")
    .option("-d, --delimiter <char>", "field delimiter", ",")
    .option("--label <column>", "the label column (default: inferred)")
    .option("--max-rows <n>", "read at most n rows", positiveInt("max-rows"))
    .option("--json", "print the report as JSON")
    .action(
      async (
        file: string,
        o: { out?: string; delimiter: string; label?: string; maxRows?: number; json?: boolean },
      ) => {
        const specPath = o.out === undefined ? undefined : resolve(o.out);
        const dataPath = resolve(file);
        const report = await inspectCsv(dataPath, {
          delimiter: o.delimiter,
          label: o.label,
          maxRows: o.maxRows,
          specFilePath: specDataPath(dataPath, specPath),
        });
        if (specPath !== undefined) await writeFile(specPath, `${JSON.stringify(report.spec, null, 2)}\n`);
        if (o.json) return out(`${JSON.stringify(report, null, 2)}\n`);
        out(`${report.file}: ${report.rows} rows, ${report.columns.length} columns\n`);
        for (const c of report.columns) {
          out(
            `  ${c.name.padEnd(28)} ${c.type.padEnd(11)} ${c.role.padEnd(10)} distinct=${c.distinct} missing=${c.missing}  (${c.reason})\n`,
          );
        }
        out(`label: ${report.label ?? "(none found: pass --label)"}\n`);
        if (report.classCounts)
          for (const [k, v] of Object.entries(report.classCounts)) out(`  ${k.padEnd(28)} ${v}\n`);
        if (specPath !== undefined) out(`spec written to ${specPath}\n`);
      },
    );

  ds.command("load")
    .description("load a spec file (from `inspect`) or a built-in id; print a JSON summary")
    .argument("<spec>", "spec.json, or a built-in dataset id (see `vigil dataset list`)")
    .option("--label-level <level>", "fine | taxonomy | binary", labelLevel, "fine")
    .option("--skip-bad-rows", "skip and count bad rows instead of stopping at the first")
    .option("--keep-identifiers", "keep addresses, ports, timestamps and ids as features")
    .option("--shared-dir <dir>", "folder holding datasets/ (built-in ids)")
    .action(
      async (
        spec: string,
        o: {
          labelLevel: LoadDatasetOptions["labelLevel"];
          skipBadRows?: boolean;
          keepIdentifiers?: boolean;
          sharedDir?: string;
        },
      ) => {
        const options: LoadDatasetOptions = {
          labelLevel: o.labelLevel,
          keepIdentifiers: o.keepIdentifiers,
          badRows: o.skipBadRows ? "skip" : undefined,
        };
        const started = performance.now();
        if (spec.endsWith(".json")) {
          const userSpec = await readUserSpec(spec);
          const res = await loadUserDataset(userSpec, resolve(spec), options);
          const seconds = (performance.now() - started) / 1000;
          const summary = {
            ...summarizeDataset(res.dataset),
            skippedRows: res.skippedRows,
            badRows: res.badRowSamples,
            seconds,
          };
          return out(`${JSON.stringify(summary, null, 2)}\n`);
        }
        const d = await loadDataset(spec, { ...options, sharedDir: o.sharedDir });
        const seconds = (performance.now() - started) / 1000;
        out(`${JSON.stringify({ ...summarizeDataset(d), seconds }, null, 2)}\n`);
      },
    );
}
