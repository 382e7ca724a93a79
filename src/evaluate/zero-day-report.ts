/** Markdown rendering of a zero-day result: one table of detection per held-out family, one of detectors. */
import type { ZeroDayResult } from "./zero-day.js";

const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || Number.isNaN(v) ? "n/a" : (100 * v).toFixed(1);

export function zeroDayMarkdown(r: ZeroDayResult, title = "Zero-day (leave-one-family-out)"): string {
  const fpr = `${(100 * r.protocol.targetFpr).toFixed(1)}% FPR`;
  const names = r.detectors.map((d) => d.name);
  const sup = r.protocol.supervised;
  const head = ["held-out family", "test rows", ...names.map((n) => `${n} DR@${fpr}`)];
  if (sup !== null) head.push(`${sup} flagged`, `${sup} unknown`, `${sup} missed`, `${sup} benign flagged`);
  const lines = [
    `### ${title}`,
    "",
    `Detection rate (%) of each held-out family's test rows at the threshold giving ${fpr} on benign validation rows; ` +
      `detectors fit on benign rows only (${r.protocol.rows.benignFit} rows), seed ${r.protocol.seed}.` +
      (sup === null
        ? ""
        : ` ${sup}: refit without the family; flagged = predicted attack or unknown (max class probability below the ${fpr} floor of known-class validation rows).`),
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
  ];
  for (const f of r.families) {
    const cells = [f.family, String(f.testRows), ...names.map((n) => pct(f.detection[n]))];
    if (sup !== null) {
      const s = f.supervised;
      cells.push(pct(s?.flagged), pct(s?.unknown), pct(s?.missed), pct(s?.benignTestFlagged));
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  lines.push(
    "",
    "| detector | fit rows | fit s | benign test FPR % | ROC-AUC (all attacks) |",
    "|---|---|---|---|---|",
  );
  for (const d of r.detectors) {
    const auc = Number.isNaN(d.rocAucAllAttacks) ? "n/a" : d.rocAucAllAttacks.toFixed(4);
    const fit = Number.isNaN(d.fitSeconds) ? "n/a" : d.fitSeconds.toFixed(2);
    lines.push(
      `| ${d.name}${d.error ? ` (failed: ${d.error})` : ""} | ${d.fitRows} | ${fit} | ${pct(d.benignTestFpr)} | ${auc} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
