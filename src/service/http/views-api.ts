/** The API's model, comparison and federated views (assembled from the daemon's detectors and, where present, other modules' files). */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Daemon } from "../daemon.js";

export function modelsView(d: Daemon): Record<string, unknown> {
  const models: Record<string, unknown>[] = [];
  const pd = d.packetDetector;
  const alerts = d.dispatcher.recent;
  const byDetector = new Map<string, { n: number; scoreSum: number; hosts: Set<string> }>();
  for (const a of alerts) {
    const e = byDetector.get(a.vigil.detector) ?? { n: 0, scoreSum: 0, hosts: new Set<string>() };
    e.n++;
    e.scoreSum += a.vigil.score / (a.vigil.threshold || 1);
    e.hosts.add(a.src_ip);
    byDetector.set(a.vigil.detector, e);
  }
  const row = (detector: string) => {
    const e = byDetector.get(detector);
    return {
      recent_alerts: e?.n ?? 0,
      mean_score_over_threshold: e && e.n > 0 ? e.scoreSum / e.n : null,
      distinct_sources: e?.hosts.size ?? 0,
    };
  };
  if (pd) {
    models.push({
      name: "packet",
      detector: "kitnet",
      input: "packets (AfterImage damped statistics)",
      phase: pd.phase,
      state: pd.describePhase(),
      threshold: Number.isFinite(pd.threshold) ? pd.threshold : null,
      target_fpr: pd.params.targetFpr,
      features: pd.features.nFeatures,
      autoencoders: pd.kitnet.featureMap?.length ?? 0,
      packets: d.packetStage?.packets ?? 0,
      ...row("kitnet"),
    });
  }
  if (d.flowScorer) {
    const info = d.flowScorer.info();
    models.push({
      name: "flow",
      input: "flow records",
      flows: d.flowStage?.flows ?? 0,
      ...info,
      ...row(String(info.detector ?? d.flowScorer.name)),
    });
  }
  return { models };
}

/** One line of the federated server's metrics file (the fields the dashboard shows). */
const RoundLineSchema = z.object({
  round: z.number().int(),
  final: z.boolean().optional(),
  globalMacroF1: z.number().nullable(),
  clientsSampled: z.number().int(),
  clientsAggregated: z.number().int(),
  bytesUp: z.number(),
  bytesDown: z.number(),
  epsilon: z.number().nullable(),
});

/**
 * Federated round progress, read from the federated server's metrics file (JSON lines, one per round)
 * named by `http.federated_metrics`; lines that fail the schema are counted, not shown.
 */
export async function federatedView(d: Daemon): Promise<Record<string, unknown>> {
  const path = d.cfg.http?.federated_metrics;
  if (path === undefined) {
    return {
      available: false,
      reason: "set http.federated_metrics to the federated server's metrics file",
      rounds: [],
    };
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    return { available: false, reason: `cannot read ${path}: ${(e as Error).message}`, rounds: [] };
  }
  const rounds: z.infer<typeof RoundLineSchema>[] = [];
  let malformed = 0;
  for (const line of text.split("\n").slice(-500)) {
    if (line.trim() === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      malformed++;
      continue;
    }
    const r = RoundLineSchema.safeParse(v);
    if (r.success) rounds.push(r.data);
    else malformed++;
  }
  return { available: true, file: path, rounds, malformed };
}

const rate = z.number().nullable().optional();

/** The parts of `vigil compare`'s comparison.json (src/evaluate/compare.ts, CompareResult) the dashboard shows. */
const ComparisonFileSchema = z.object({
  rows: z.number().int(),
  testRows: z.number().int(),
  features: z.number().int(),
  classes: z.array(z.string()),
  benignClass: z.string().nullable(),
  protocol: z.string(),
  results: z.array(
    z.object({
      name: z.string(),
      error: z.string().optional(),
      report: z
        .object({
          macroF1: z.number(),
          weightedF1: z.number(),
          falsePositiveRate: rate,
          attackDetectionRate: rate,
          rocAucMacro: rate,
        })
        .optional(),
      timing: z
        .object({
          fitSeconds: z.number(),
          batchRowsPerSecond: z.number(),
          singleRowMicros: z.number(),
          artifactBytes: z.number(),
        })
        .optional(),
    }),
  ),
});

/**
 * The model comparison table, read from the comparison.json of `vigil compare` named by
 * `http.comparison`. A file that is missing or does not match the schema gives `available: false` with
 * a reason naming the file and the offending field.
 */
export async function comparisonView(d: Daemon): Promise<Record<string, unknown>> {
  const path = d.cfg.http?.comparison;
  if (path === undefined) {
    return {
      available: false,
      reason: "set http.comparison to the comparison.json written by `vigil compare -o DIR`",
    };
  }
  let v: unknown;
  try {
    v = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    return { available: false, reason: `cannot read ${path}: ${(e as Error).message}` };
  }
  const r = ComparisonFileSchema.safeParse(v);
  if (!r.success) {
    const issue = r.error.issues[0];
    return {
      available: false,
      reason: `${path}: field ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    };
  }
  const c = r.data;
  return {
    available: true,
    file: path,
    rows: c.rows,
    testRows: c.testRows,
    features: c.features,
    classes: c.classes.length,
    benignClass: c.benignClass,
    protocol: c.protocol,
    models: c.results
      .map((m) => ({
        name: m.name,
        error: m.error ?? null,
        macroF1: m.report?.macroF1 ?? null,
        weightedF1: m.report?.weightedF1 ?? null,
        fpr: m.report?.falsePositiveRate ?? null,
        attackDr: m.report?.attackDetectionRate ?? null,
        fitSeconds: m.timing?.fitSeconds ?? null,
        rowsPerSecond: m.timing?.batchRowsPerSecond ?? null,
        singleRowMicros: m.timing?.singleRowMicros ?? null,
        sizeBytes: m.timing?.artifactBytes ?? null,
      }))
      .sort((a, b) => (b.macroF1 ?? -1) - (a.macroF1 ?? -1)),
  };
}
