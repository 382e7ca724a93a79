/**
 * Markdown rendering of a robustness suite result (./suite.ts): one table per attack with the attack
 * success rate per class and budget, before and after adversarial training, plus the squeezing detector.
 */
import type { RobustnessResult } from "./robustness.js";
import type { SuiteResult } from "./suite.js";

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "–" : `${(100 * v).toFixed(1)} %`;

function attackTable(title: string, before: RobustnessResult, after: RobustnessResult): string[] {
  const lines: string[] = [];
  before.attacks.forEach((a, i) => {
    const b2 = after.attacks[i];
    const budgets = a.budgets.map((b) => b.eps);
    lines.push(`### ${title}: ${a.attack} (${a.access})`, "");
    lines.push(`| class | attacked | ${budgets.map((e) => `eps ${e} before / after`).join(" | ")} |`);
    lines.push(`|---|---|${budgets.map(() => "---").join("|")}|`);
    const classes = Object.keys(before.attackedRowsPerClass);
    for (const c of classes) {
      const cells = a.budgets.map(
        (b, k) => `${pct(b.perClass[c]?.successRate)} / ${pct(b2?.budgets[k].perClass[c]?.successRate)}`,
      );
      lines.push(`| ${c} | ${before.attackedRowsPerClass[c]} | ${cells.join(" | ")} |`);
    }
    const all = a.budgets.map((b, k) => `${pct(b.successRate)} / ${pct(b2?.budgets[k].successRate)}`);
    lines.push(`| **all** | ${a.budgets[0]?.attackedRows ?? 0} | ${all.join(" | ")} |`);
    const q = a.budgets.map((b) => b.meanQueries).join(", ");
    lines.push("", `Mean model queries per row (before), by budget: ${q}.`, "");
  });
  return lines;
}

export function suiteToMarkdown(title: string, r: SuiteResult): string {
  const lines = [`## ${title}`, ""];
  lines.push(
    `Clean macro-F1 ${r.clean.macroF1.toFixed(4)} before, ${r.adversarialTraining.clean.macroF1.toFixed(4)} after adversarial training (${r.adversarialTraining.addedRows.join(" + ")} adversarial rows added).`,
    "",
  );
  lines.push(...attackTable("attack success rate", r.before, r.adversarialTraining.after));
  if (r.squeezing !== null) {
    lines.push(
      `### Feature squeezing (${r.squeezing.binsPerOctave} steps per doubling; clean test rows flagged: ${pct(r.squeezing.cleanTestFpr)})`,
      "",
      "| attack | eps | adversarial rows | flagged |",
      "|---|---|---|---|",
    );
    for (const o of r.squeezing.outcomes)
      lines.push(`| ${o.attack} | ${o.eps} | ${o.adversarialRows} | ${pct(o.detectionRate)} |`);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
