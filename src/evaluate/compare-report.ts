/**
 * Renders a comparison (./compare.ts) as Markdown, JSON and one self-contained HTML page (inline CSS
 * and SVG bar charts, no scripts, no external files): a summary table (macro-F1, weighted F1, FPR,
 * attack detection, detection at the fixed FPR, ROC-AUC, fit time, rows/s, single-row latency,
 * artifact size), a per-class recall table, and bar charts of the same figures.
 */
import type { CompareResult, CompareRow } from "./compare.js";

const f3 = (v: number | null | undefined): string =>
  v === null || v === undefined || Number.isNaN(v) ? "–" : v.toFixed(3);
const f4 = (v: number | null | undefined): string =>
  v === null || v === undefined || Number.isNaN(v) ? "–" : v.toFixed(4);
const num = (v: number, digits = 0): string =>
  Number.isFinite(v)
    ? v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";

interface Column {
  title: string;
  value: (r: CompareRow) => string;
}

function columns(res: CompareResult): Column[] {
  const cv = res.results.some((r) => r.cv !== undefined);
  const target = res.results.find((r) => r.report.atFpr !== null)?.report.atFpr?.targetFpr ?? 0.01;
  const cols: Column[] = [
    { title: "model", value: (r) => r.name },
    { title: "macro-F1", value: (r) => f3(r.report.macroF1) },
  ];
  if (cv) {
    cols.push({
      title: "CV macro-F1 (mean ± std)",
      value: (r) => (r.cv?.macroF1 ? `${f3(r.cv.macroF1.mean)} ± ${f3(r.cv.macroF1.std)}` : "–"),
    });
  }
  cols.push(
    { title: "weighted F1", value: (r) => f3(r.report.weightedF1) },
    { title: "FPR", value: (r) => f4(r.report.falsePositiveRate) },
    { title: "attack DR", value: (r) => f3(r.report.attackDetectionRate) },
    { title: `DR @ ${target * 100}% FPR`, value: (r) => f3(r.report.atFpr?.detectionRate) },
    { title: "ROC-AUC (OvR)", value: (r) => f3(r.report.rocAucMacro) },
    { title: "fit s", value: (r) => num(r.timing.fitSeconds, 2) },
    { title: "rows/s", value: (r) => num(r.timing.batchRowsPerSecond) },
    { title: "1-row µs", value: (r) => num(r.timing.singleRowMicros, 1) },
    { title: "size KB", value: (r) => num(r.timing.artifactBytes / 1024, 1) },
  );
  return cols;
}

/** Test rows per class (the same for every learner). */
function testSupport(res: CompareResult): number[] {
  return res.classes.map((_, i) => res.results[0]?.report.perClass[i]?.support ?? 0);
}

function mdTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function compareToMarkdown(res: CompareResult, title = "Model comparison"): string {
  const cols = columns(res);
  const out: string[] = [`## ${title}`, ""];
  out.push(
    `${res.rows} rows (${res.trainRows} train / ${res.testRows} test), ${res.features} features, ${res.classes.length} classes; ${res.protocol}.`,
    `Benign class: ${res.benignClass ?? "none"}. FPR = benign test rows predicted as any attack; attack DR = attack rows predicted as any attack; DR @ FPR uses the score 1 - P(benign) with the threshold at the benign quantile. Timings: fit on the training rows; rows/s = batch predictProba on the test rows; 1-row µs = median single-row predictProba; size = JSON artifact.`,
    "",
  );
  out.push(
    mdTable(
      cols.map((c) => c.title),
      res.results.map((r) => cols.map((c) => c.value(r))),
    ),
  );
  out.push("", "### Per-class recall (test split; test rows per class in brackets)", "");
  out.push(
    mdTable(
      ["model", ...testSupport(res).map((n, i) => `${res.classes[i]} (${n})`)],
      res.results.map((r) => [r.name, ...r.report.perClass.map((p) => f3(p.recall))]),
    ),
  );
  const failed = res.results.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    out.push("", "### Failed", "", ...failed.map((r) => `- ${r.name}: ${r.error}`));
  }
  return `${out.join("\n")}\n`;
}

export function compareToJson(res: CompareResult): string {
  return `${JSON.stringify(res, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A horizontal bar chart as inline SVG. Values <= 0 or non-finite draw no bar. */
export function barChart(
  title: string,
  labels: string[],
  values: number[],
  opts: { log?: boolean; fmt?: (v: number) => string } = {},
): string {
  const fmt = opts.fmt ?? ((v: number) => v.toFixed(3));
  const rowH = 18;
  const labelW = 150;
  const barW = 320;
  const h = 24 + labels.length * rowH;
  const tr = (v: number) => (opts.log ? Math.log10(1 + Math.max(0, v)) : Math.max(0, v));
  const max = Math.max(1e-12, ...values.filter(Number.isFinite).map(tr));
  const bars = labels
    .map((l, i) => {
      const v = values[i];
      const y = 20 + i * rowH;
      const w = Number.isFinite(v) ? (tr(v) / max) * barW : 0;
      return (
        `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${esc(l)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" fill="#3b6ea8"/>` +
        `<text x="${labelW + w + 4}" y="${y + 12}">${Number.isFinite(v) ? esc(fmt(v)) : "–"}</text>`
      );
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 90}" height="${h}" font-size="11" font-family="sans-serif"><text x="0" y="12" font-weight="bold">${esc(title)}${opts.log ? " (log scale)" : ""}</text>${bars}</svg>`;
}

export function compareToHtml(res: CompareResult, title = "vigil model comparison"): string {
  const cols = columns(res);
  const names = res.results.map((r) => r.name);
  const table = (header: string[], rows: string[][]) =>
    `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  const charts = [
    barChart(
      "macro-F1",
      names,
      res.results.map((r) => r.report.macroF1),
    ),
    barChart(
      "false-positive rate",
      names,
      res.results.map((r) => r.report.falsePositiveRate ?? Number.NaN),
      { fmt: (v) => v.toFixed(4) },
    ),
    barChart(
      "fit time (s)",
      names,
      res.results.map((r) => r.timing.fitSeconds),
      { log: true, fmt: (v) => v.toFixed(2) },
    ),
    barChart(
      "batch rows/s",
      names,
      res.results.map((r) => r.timing.batchRowsPerSecond),
      { log: true, fmt: (v) => num(v) },
    ),
    barChart(
      "single-row latency (µs)",
      names,
      res.results.map((r) => r.timing.singleRowMicros),
      { log: true, fmt: (v) => v.toFixed(1) },
    ),
    barChart(
      "artifact size (KB)",
      names,
      res.results.map((r) => r.timing.artifactBytes / 1024),
      { log: true, fmt: (v) => v.toFixed(1) },
    ),
    ...res.classes.map((c, i) =>
      barChart(
        `recall: ${c}`,
        names,
        res.results.map((r) => r.report.perClass[i]?.recall ?? Number.NaN),
      ),
    ),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:13px}
td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}td:first-child,th:first-child{text-align:left}
th{background:#f0f0f0}.charts{display:flex;flex-wrap:wrap;gap:1em}.err{color:#a00}</style></head>
<body><h1>${esc(title)}</h1>
<p>${res.rows} rows (${res.trainRows} train / ${res.testRows} test), ${res.features} features, ${res.classes.length} classes; ${esc(res.protocol)}. Benign class: ${esc(res.benignClass ?? "none")}.</p>
${table(
  cols.map((c) => c.title),
  res.results.map((r) => cols.map((c) => c.value(r))),
)}
<h2>Per-class recall</h2>
${table(
  ["model", ...testSupport(res).map((n, i) => `${res.classes[i]} (${n} test rows)`)],
  res.results.map((r) => [r.name, ...r.report.perClass.map((p) => f3(p.recall))]),
)}
${res.results
  .filter((r) => r.error !== undefined)
  .map((r) => `<p class="err">${esc(r.name)} failed: ${esc(r.error ?? "")}</p>`)
  .join("\n")}
<h2>Charts</h2><div class="charts">${charts.join("\n")}</div>
</body></html>
`;
}
