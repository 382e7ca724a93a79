/**
 * What the federated end-to-end tests share: the built CLI as child processes whose JSON-line events can
 * be awaited, TLS certificates from `vigil fed certs`, the server config of a three-client federation on
 * the CICIoT2023 sample, and the client command line.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { PROJECT_ROOT } from "../helpers/shared.js";

export const CLI = join(PROJECT_ROOT, "dist/src/cli/main.js");

export type Event = Record<string, unknown>;

export interface CliProcess {
  child: ChildProcess;
  events: Event[];
  /** The first event (already seen or to come) matching `pred`; rejects after `ms` with the process's last events and stderr. */
  waitFor(pred: (e: Event) => boolean, ms: number): Promise<Event>;
  exited: Promise<number | null>;
}

/** Starts `vigil ARGS` (added to `procs`, for the afterAll kill); `name` labels its timeouts. */
export function startCli(args: string[], name: string, procs: ChildProcess[]): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  procs.push(child);
  const events: Event[] = [];
  const waiters: { pred: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  let buf = "";
  let stderr = "";
  child.stderr?.on("data", (c) => {
    stderr += c;
  });
  child.stdout?.on("data", (c) => {
    buf += c;
    for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.startsWith("{")) continue;
      const e = JSON.parse(line) as Event;
      events.push(e);
      for (const w of [...waiters])
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (pred: (e: Event) => boolean, ms: number): Promise<Event> =>
    new Promise((resolve, reject) => {
      const hit = events.find(pred);
      if (hit) return resolve(hit);
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `${name}: timed out; events: ${JSON.stringify(events.slice(-4))}; stderr: ${stderr.slice(-800)}`,
            ),
          ),
        ms,
      );
      waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(t);
          resolve(e);
        },
      });
    });
  return { child, events, exited, waitFor };
}

/** Kills what is still running of `procs`. */
export function killAll(procs: ChildProcess[]): void {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
}

export interface Federation {
  port: number;
  tokens: { id: string; token: string }[];
  /** The server config (paths relative to `dir`, where server.json is written). */
  config: Record<string, unknown>;
}

/**
 * Certificates in DIR/certs (by `vigil fed certs`) and DIR/server.json: three clients c1..c3 with fresh
 * tokens, FedAvg over logistic regression on the CICIoT2023 sample's matrix (39 columns, 10 classes; a
 * client with another width is refused), all three sampled per round, at least two to aggregate.
 */
export function writeFederation(dir: string, port: number, rounds: number): Federation {
  const certs = spawnSync(process.execPath, [CLI, "fed", "certs", "--out", join(dir, "certs")], {
    encoding: "utf8",
  });
  expect(certs.status, certs.stderr).toBe(0);
  const tokens = ["c1", "c2", "c3"].map((id) => ({ id, token: randomBytes(24).toString("hex") }));
  const config = {
    host: "127.0.0.1",
    port,
    tls: { cert: "certs/server.pem", key: "certs/server.key" },
    clients: tokens,
    model: { kind: "logistic-regression", params: { learningRate: 0.02 }, nFeatures: 39, nClasses: 10 },
    rounds,
    clientsPerRound: 3,
    minClients: 2,
    startClients: 3,
    roundTimeoutMs: 4000,
    livenessMs: 3000,
    localEpochs: 8,
    strategy: { name: "fedavg", params: {} },
    checkpoint: "fed.ckpt.json",
    metricsOut: "metrics.jsonl",
    seed: 1,
  };
  writeFileSync(join(dir, "server.json"), JSON.stringify(config));
  return { port, tokens, config };
}

/** `vigil fed client` arguments for client `index` of the three, on its Dirichlet(0.5) part of the sample. */
export function clientArgs(dir: string, f: Federation, index: number, extra: string[] = []): string[] {
  const t = f.tokens[index];
  return [
    "fed",
    "client",
    "--server",
    `https://127.0.0.1:${f.port}`,
    "--ca",
    join(dir, "certs/ca.pem"),
    "--id",
    t.id,
    "--token",
    t.token,
    "--dataset",
    "ciciot2023-sample",
    "--partition",
    "dirichlet:0.5",
    "--clients",
    "3",
    "--index",
    String(index),
    "--seed",
    "1",
    // long enough for a restarted server to come back on a loaded CI machine: the clients give up after it
    "--reconnect-s",
    "120",
    ...extra,
  ];
}
