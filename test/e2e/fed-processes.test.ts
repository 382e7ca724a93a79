/**
 * Federated learning as it is deployed: the built CLI (dist/, made by `npm test`'s build step) runs
 * `vigil fed server` and three `vigil fed client` processes over HTTP/2 + TLS on 127.0.0.1, each client
 * on its own Dirichlet(0.5) part of the CICIoT2023 sample (19,252 real flows, small enough that three
 * processes load it quickly; skipped visibly without ../shared). One client is SIGKILLed in the middle of round 2: the round completes with the two
 * others after its timeout. The server is then SIGKILLed after round 2's checkpoint and restarted: it
 * resumes at round 3 and the federation completes all 4 rounds and the final evaluation.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { checkpointSchema, roundMetricsSchema } from "../../src/schemas/federated.js";
import { describeWithShared, PROJECT_ROOT } from "../helpers/shared.js";

const cli = join(PROJECT_ROOT, "dist/src/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "vigil-fed-e2e-"));
const procs: ChildProcess[] = [];
afterAll(() => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  events: Record<string, unknown>[];
  waitFor(pred: (e: Record<string, unknown>) => boolean, ms: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  procs.push(child);
  const events: Record<string, unknown>[] = [];
  const waiters: {
    pred: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }[] = [];
  let buf = "";
  let stderr = "";
  child.stderr?.on("data", (c) => {
    stderr += c;
  });
  child.stdout?.on("data", (c) => {
    buf += c;
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf("\n");
      if (!line.startsWith("{")) continue;
      const e = JSON.parse(line) as Record<string, unknown>;
      events.push(e);
      for (const w of [...waiters]) {
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    waitFor: (pred, ms) =>
      new Promise((resolve, reject) => {
        const hit = events.find(pred);
        if (hit) return resolve(hit);
        const t = setTimeout(
          () =>
            reject(
              new Error(
                `${args.slice(0, 2).join(" ")} ${args[args.indexOf("--id") + 1] ?? ""}: timed out; events: ${JSON.stringify(events.slice(-4))}; stderr: ${stderr.slice(-800)}`,
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
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describeWithShared(
  "fed: one server and three client processes on loopback",
  ["datasets/ciciot2023-sample/CICIoT2023_sample.csv"],
  () => {
    it.skipIf(!existsSync(cli))(
      "completes its rounds after a client is killed mid-round, and resumes from the checkpoint after a server kill",
      async () => {
        const certs = spawnSync(process.execPath, [cli, "fed", "certs", "--out", join(dir, "certs")], {
          encoding: "utf8",
        });
        expect(certs.status, certs.stderr).toBe(0);
        const port = await freePort();
        const tokens = ["c1", "c2", "c3"].map((id) => ({ id, token: randomBytes(24).toString("hex") }));
        const config = {
          host: "127.0.0.1",
          port,
          tls: { cert: "certs/server.pem", key: "certs/server.key" },
          clients: tokens,
          // the CICIoT2023 sample's matrix is 39 columns and 10 classes; a client with another width is refused
          model: { kind: "logistic-regression", params: { learningRate: 0.02 }, nFeatures: 39, nClasses: 10 },
          rounds: 4,
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
        const server1 = start(["fed", "server", "--config", join(dir, "server.json")]);
        await server1.waitFor((e) => e.event === "listening", 20_000);
        const clients = tokens.map((t, i) =>
          start([
            "fed",
            "client",
            "--server",
            `https://127.0.0.1:${port}`,
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
            String(i),
            "--seed",
            "1",
            "--reconnect-s",
            "30",
          ]),
        );
        // c3 dies in the middle of round 2 (it has its task: the server is waiting for its update)
        await clients[2].waitFor((e) => e.event === "train-start" && e.round === 2, 40_000);
        clients[2].child.kill("SIGKILL");
        const end2 = await server1.waitFor((e) => e.event === "round-end" && e.round === 2, 20_000);
        expect(end2.missing).toEqual(["c3"]);
        expect(end2.answered).toBe(2);
        await server1.waitFor((e) => e.event === "checkpoint" && e.nextRound === 3, 10_000);
        server1.child.kill("SIGKILL");
        await server1.exited;
        const ck = checkpointSchema.parse(JSON.parse(readFileSync(join(dir, "fed.ckpt.json"), "utf8")));
        expect(ck.nextRound).toBe(3);

        const server2 = start(["fed", "server", "--config", join(dir, "server.json")]);
        const resumed = await server2.waitFor((e) => e.event === "resumed", 40_000);
        expect(resumed.nextRound).toBe(3);
        // under a loaded CI machine the clients take a while to reconnect to the new server
        const firstRound = await server2.waitFor((e) => e.event === "round-start", 60_000);
        expect(firstRound.round).toBe(3);
        expect(await server2.exited).toBe(0);
        expect(await clients[0].exited).toBe(0);
        expect(await clients[1].exited).toBe(0);

        const lines = readFileSync(join(dir, "metrics.jsonl"), "utf8")
          .trim()
          .split("\n")
          .map((l) => roundMetricsSchema.parse(JSON.parse(l)));
        expect(lines.map((l) => l.round)).toEqual([1, 2, 3, 4, 5]);
        expect(lines[0].clientsAggregated).toBe(3);
        expect(lines[1].clientsAggregated).toBe(2);
        expect(lines[2].clientsAggregated).toBe(2);
        const final = lines[4];
        expect((final as { final?: boolean }).final).toBe(true);
        expect(Object.keys(final.perClientF1).sort()).toEqual(["c1", "c2"]);
        // the federation learned something: the final model beats the round-1 starting point (all-zero weights)
        expect(final.globalMacroF1).toBeGreaterThan((lines[0].globalMacroF1 ?? 0) + 0.1);
        expect(lines[1].bytesUp).toBeGreaterThan(0);
        const done = clients[0].events.find((e) => e.event === "done");
        expect(done?.roundsTrained).toBeGreaterThanOrEqual(3);
      },
      180_000,
    );
  },
);
