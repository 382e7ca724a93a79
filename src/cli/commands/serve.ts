/**
 * `vigil serve --config vigil.yaml`: the detection service (sources -> detectors -> sinks, HTTP API,
 * metrics, dashboard). SIGTERM/SIGINT drain every queue and flush every alert before exit.
 */
import type { Command } from "commander";
import { loadServiceConfig } from "../../service/config/load.js";
import { Daemon } from "../../service/daemon.js";
import { startHttp } from "../../service/http/api.js";

interface ServeFlags {
  config: string;
  exitWhenDone?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command("serve")
    .description("run vigil as a service: sources, detectors, sinks, HTTP API, metrics and dashboard")
    .requiredOption("-c, --config <file>", "service configuration (YAML)")
    .option("--exit-when-done", "stop (draining everything) once every source has ended (file replays)")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (f: ServeFlags) => {
      await serveCommand(f);
    });
}

async function serveCommand(f: ServeFlags): Promise<void> {
  const log = (msg: string) => {
    if (!f.quiet) process.stderr.write(`vigil: ${msg}\n`);
  };
  const cfg = loadServiceConfig(f.config);
  const daemon = new Daemon(cfg, { log, loadFlowScorer: await flowScorerLoader() });
  await daemon.start();
  const http = cfg.http ? await startHttp(daemon, cfg.http.host, cfg.http.port) : undefined;
  if (http) log(`listening on http://${cfg.http?.host}:${http.port}`);
  // A machine-readable line for supervisors and tests.
  process.stdout.write(
    `${JSON.stringify({ event: "ready", pid: process.pid, http_port: http?.port ?? null })}\n`,
  );
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: draining queues and flushing sinks`);
    await daemon.stop();
    await http?.close();
    const d = daemon.dispatcher.counters;
    const summary = {
      event: "stopped",
      alerts: d.alerts_out,
      suppressed: d.alerts_suppressed,
      already_delivered: d.alerts_already_delivered,
      flows: daemon.flowStage?.flows ?? 0,
      packets: daemon.packetStage?.packets ?? 0,
      sinks: daemon.sinks.map((s) => ({ name: s.name, ...s.stats() })),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    log("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  daemon.whenSourcesDone().then(
    () => {
      if (f.exitWhenDone) void stop("sources ended");
    },
    (e: unknown) => {
      process.stderr.write(`vigil: error: ${(e as Error).message}\n`);
      process.exitCode = 2;
      void stop("source failed");
    },
  );
}

/** The flow-model detector loader (imported only when a config names a flow model: it loads the model registry). */
async function flowScorerLoader() {
  return async (path: string) => (await import("../../service/flow-scorer.js")).loadFlowScorer(path);
}
