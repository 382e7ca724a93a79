/**
 * `vigil explain <model.json> <rows.csv | capture.pcap | alerts.jsonl>`: per-row explanations as JSON
 * lines (top features with value, attribution, direction and usual value; reason; rule for trees), or
 * with --global the mean |attribution| ranking, and with --plots DIR the summary and dependence plots
 * (SVG) plus global.json for the dashboard. Rows: a CSV whose header names the model's features (other
 * columns ignored), or a capture whose flows are explained (models trained on flow features). An alerts
 * file (EVE JSON lines from `vigil detect --flow-model`) is validated and its carried explanations
 * printed one line each.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { VigilError } from "../../errors.js";
import "../../evaluate/learners.js";
import { readModelFile } from "../../evaluate/model-file.js";
import { alertExplanation } from "../../explain/alert-explanation.js";
import { featurePoints, globalSummary } from "../../explain/global.js";
import { createExplainer, defaultExplainerName, listExplainers } from "../../explain/index.js";
import { permutationImportance } from "../../explain/permutation.js";
import { dependenceSvg, summarySvg } from "../../explain/plots.js";
import { columnMedians, type FlowContext } from "../../explain/reason.js";
import { isTreeModel, treeModelView } from "../../explain/tree-view.js";
import { FLOW_NUMERIC_FEATURES, flowRecordsFromCapture, flowToVector } from "../../features/flows/index.js";
import { AlertSchema } from "../../schemas/alert.js";
import { categoricalValue } from "../../table/column.js";
import { readCsvTable } from "../../table/csv-read.js";
import type { Matrix } from "../../table/matrix.js";
import { getCategorical, getNumeric, hasColumn } from "../../table/table.js";
import { fileSource } from "../../table/text-source.js";
import { intOption } from "../options.js";

interface ExplainFlags {
  explainer?: string;
  background?: string;
  class?: string;
  top: string;
  maxRows: string;
  budget: string;
  global?: boolean;
  label?: string;
  plots?: string;
  seed: string;
}

export function register(program: Command): void {
  program
    .command("explain")
    .description(
      "explain a model's predictions: per-row attributions, reasons and rules, or global summaries",
    )
    .argument("<model>", "model file written by `vigil train`")
    .argument("<input>", "rows.csv (columns named as the model's features), a pcap/pcapng, or alerts.jsonl")
    .option(
      "--explainer <name>",
      `one of: ${listExplainers().join(", ")} (default: tree-path for trees, else kernel)`,
    )
    .option("--background <csv>", "background rows (default: up to 100 rows of the input)")
    .option("--class <name>", "explain this class instead of each row's predicted class")
    .option("--top <k>", "features listed per row", "5")
    .option("--max-rows <n>", "explain at most this many rows", "1000")
    .option("--budget <n>", "KernelSHAP coalitions / LIME samples per row", "512")
    .option("--seed <n>", "seed for the sampling explainers", "0")
    .option("--global", "print the mean |attribution| ranking instead of per-row lines")
    .option("--label <column>", "CSV label column: --global adds permutation importance (macro-F1 drop)")
    .option("--plots <dir>", "write summary.svg, dependence-<feature>.svg (top 3) and global.json here")
    .action(async (modelPath: string, input: string, f: ExplainFlags) => {
      await explainCommand(modelPath, input, f);
    });
}

async function readRows(
  path: string,
  names: string[],
  maxRows: number,
  label?: string,
): Promise<{ X: Matrix; ctx: FlowContext[]; labels?: string[] }> {
  if (/\.(pcap|pcapng|cap)$/i.test(path)) {
    if (names.join(",") !== FLOW_NUMERIC_FEATURES.join(",")) {
      throw new VigilError(
        "E_SCHEMA",
        "a capture can only be explained with a model trained on flow features",
        {
          file: path,
          field: "training.featureNames",
        },
      );
    }
    const recs = (await flowRecordsFromCapture(path)).slice(0, maxRows);
    const M = names.length;
    const data = new Float32Array(recs.length * M);
    recs.forEach((r, i) => {
      flowToVector(r, data, i * M);
    });
    const ctx = recs.map((r) => ({
      destPort: r.proto === "icmp" ? undefined : r["id.resp_p"],
      durationS: r.duration ?? 0,
    }));
    return { X: { rows: recs.length, cols: M, data }, ctx };
  }
  const types: Record<string, "numeric" | "categorical"> = Object.fromEntries(
    names.map((n) => [n, "numeric" as const]),
  );
  if (label !== undefined) types[label] = "categorical";
  const { table } = await readCsvTable(fileSource(path), {
    columnTypes: types,
    defaultType: "skip",
    maxRows,
    header: true,
    ...(label !== undefined ? { required: [label] } : {}),
  });
  const missing = names.find((n) => !hasColumn(table, n));
  if (missing !== undefined) {
    throw new VigilError("E_SCHEMA", `the rows have no column "${missing}", a feature of the model`, {
      file: path,
      field: missing,
    });
  }
  const cols = names.map((n) => getNumeric(table, n).values);
  const rows = cols.length > 0 ? cols[0].length : 0;
  const data = new Float32Array(rows * names.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < names.length; c++) data[r * names.length + c] = cols[c][r];
  const labels =
    label === undefined
      ? undefined
      : Array.from({ length: rows }, (_, r) => categoricalValue(getCategorical(table, label), r) ?? "");
  return { X: { rows, cols: names.length, data }, ctx: [], labels };
}

/** Permutation importance (macro-F1 drop) on labelled rows; labels must be classes of the model. */
function permutationRanking(
  model: { predict(X: Matrix): Int32Array; nClasses: number },
  X: Matrix,
  labels: string[],
  classes: string[],
  names: string[],
  seed: number,
) {
  const y = Int32Array.from(labels, (l, r) => {
    const k = classes.indexOf(l);
    if (k < 0) {
      throw new VigilError("E_SCHEMA", `label "${l}" is not a class of the model (${classes.join(", ")})`, {
        record: r,
        field: "label",
      });
    }
    return k;
  });
  const imp = permutationImportance(model, X, y, { repeats: 3, seed });
  const ranking = names
    .map((name, i) => ({ name, meanDrop: imp.mean[i], std: imp.std[i] }))
    .sort((a, b) => b.meanDrop - a.meanDrop);
  return {
    metric: "macro-F1 drop when the feature is shuffled",
    baseline: imp.baseline,
    repeats: 3,
    ranking,
  };
}

function printAlerts(path: string): void {
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new VigilError("E_FORMAT", "alert line is not JSON", { file: path, line: i + 1 }, { cause });
    }
    const a = AlertSchema.safeParse(json);
    if (!a.success) {
      const issue = a.error.issues[0];
      throw new VigilError("E_SCHEMA", `not an alert: ${issue.message}`, {
        file: path,
        line: i + 1,
        field: issue.path.join("."),
      });
    }
    const v = a.data.vigil;
    const out = {
      line: i + 1,
      src_ip: a.data.src_ip,
      dest_ip: a.data.dest_ip,
      class: v.class,
      reason: v.reason,
      explanation: v.explanation ?? null,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  });
}

async function explainCommand(modelPath: string, input: string, f: ExplainFlags): Promise<void> {
  if (/\.jsonl?$/i.test(input)) {
    printAlerts(input);
    return;
  }
  const { model, training } = await readModelFile(modelPath);
  const names = training.featureNames;
  const { X, ctx, labels } = await readRows(input, names, intOption(f.maxRows, "--max-rows", 1), f.label);
  if (X.rows === 0) throw new VigilError("E_SCHEMA", "no rows to explain", { file: input });
  const background =
    f.background !== undefined
      ? (await readRows(f.background, names, 100)).X
      : { ...X, rows: Math.min(X.rows, 100), data: X.data.slice(0, Math.min(X.rows, 100) * X.cols) };
  const name = f.explainer ?? defaultExplainerName(model);
  const explainer = createExplainer(name, model, {
    background,
    budget: intOption(f.budget, "--budget", 1),
    seed: intOption(f.seed, "--seed", 0),
  });
  let cls: Int32Array | undefined;
  if (f.class !== undefined) {
    const k = training.classes.indexOf(f.class);
    if (k < 0)
      throw new VigilError("E_CONFIG", `--class "${f.class}" is not one of ${training.classes.join(", ")}`, {
        field: "--class",
      });
    cls = new Int32Array(X.rows).fill(k);
  }
  const ex = explainer.explain(X, cls);
  ex.outputName = ex.outputName.map((o, r) =>
    o.replace(`class ${ex.classIndex[r]}`, training.classes[ex.classIndex[r]] ?? `class ${ex.classIndex[r]}`),
  );
  const summary = globalSummary(ex, names);
  if (f.plots !== undefined) {
    mkdirSync(f.plots, { recursive: true });
    writeFileSync(join(f.plots, "summary.svg"), summarySvg(ex, X, summary.ranking));
    const top = summary.ranking.slice(0, 3);
    for (const t of top)
      writeFileSync(
        join(f.plots, `dependence-${t.name.replace(/[^\w.-]/g, "_")}.svg`),
        dependenceSvg(ex, X, t.index, t.name),
      );
    const points = Object.fromEntries(top.map((t) => [t.name, featurePoints(ex, X, t.index)]));
    writeFileSync(join(f.plots, "global.json"), `${JSON.stringify({ ...summary, points })}\n`);
  }
  if (f.global) {
    const permutation =
      labels === undefined
        ? undefined
        : permutationRanking(model, X, labels, training.classes, names, intOption(f.seed, "--seed", 0));
    process.stdout.write(
      `${JSON.stringify({ ...summary, ...(permutation ? { permutation } : {}) }, null, 2)}\n`,
    );
    return;
  }
  const usual = columnMedians(background.data, background.rows, background.cols);
  const view = isTreeModel(model) ? treeModelView(model) : undefined;
  const topK = intOption(f.top, "--top", 1);
  for (let r = 0; r < X.rows; r++) {
    const line = alertExplanation({
      explanation: ex,
      row: r,
      x: X.data.subarray(r * X.cols, (r + 1) * X.cols),
      featureNames: names,
      classNames: training.classes,
      usual,
      treeView: view,
      context: ctx[r],
      topK,
      subject: ctx.length > 0 ? "flow" : "row",
    });
    const q = ex.quality?.[r];
    process.stdout.write(
      `${JSON.stringify({ row: r, class: training.classes[ex.classIndex[r]], ...line, ...(q !== undefined ? { quality: q } : {}) })}\n`,
    );
  }
}
