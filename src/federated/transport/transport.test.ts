import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VigilError } from "../../errors.js";
import { ackSchema, roundMetricsSchema, serverConfigSchema } from "../../schemas/federated.js";
import { type Matrix, takeRows } from "../../table/matrix.js";
import { FedClient } from "../client.js";
import { FedServer } from "../server.js";
import { blobs } from "../test-data.test-helper.js";
import { type CertPaths, makeCerts } from "./certs.js";
import { FedHttpClient } from "./http-client.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-fed-transport-"));
let certs: CertPaths;
let other: CertPaths;
beforeAll(() => {
  certs = makeCerts(join(dir, "certs"));
  other = makeCerts(join(dir, "other"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKENS = [
  { id: "site-a", token: "a".repeat(32) },
  { id: "site-b", token: "b".repeat(32) },
];

function config(extra: Record<string, unknown> = {}) {
  return serverConfigSchema.parse({
    port: 0,
    tls: { cert: certs.cert, key: certs.key },
    clients: TOKENS,
    model: { kind: "logistic-regression", params: { learningRate: 0.05 }, nFeatures: 4, nClasses: 3 },
    rounds: 2,
    clientsPerRound: 2,
    minClients: 1,
    roundTimeoutMs: 3000,
    livenessMs: 1000,
    checkpoint: join(dir, `ck-${Math.random()}.json`),
    metricsOut: join(dir, "metrics.jsonl"),
    maxMessageBytes: 64 * 1024,
    ...extra,
  });
}

/** A client in this process on `rows` of (X, y): every 4th row for its local test, the rest to train. */
function inProcessClient(
  t: { id: string; token: string },
  port: number,
  X: Matrix,
  y: Int32Array,
  rows: Int32Array,
  log: (e: Record<string, unknown>) => void,
): FedClient {
  const tr = rows.filter((_, i) => i % 4 !== 0);
  const te = rows.filter((_, i) => i % 4 === 0);
  return new FedClient({
    url: `https://127.0.0.1:${port}`,
    ca: readFileSync(certs.ca),
    clientId: t.id,
    token: t.token,
    maxMessageBytes: 1 << 20,
    log,
    data: {
      X: takeRows(X, tr),
      y: Int32Array.from(tr, (r) => y[r]),
      Xtest: takeRows(X, te),
      ytest: Int32Array.from(te, (r) => y[r]),
    },
  });
}

/** Two in-process clients on halves of a blob dataset; resolves with the server's final parameters. */
async function federation(extra: Record<string, unknown>, logs: Record<string, unknown>[]) {
  // its own metrics file: the other tests read theirs
  const cfg = config({ ...extra, metricsOut: join(dir, `m-${Math.random()}.jsonl`) });
  const server = new FedServer(cfg, (e) => logs.push(e));
  const port = await server.listen();
  const { X, y } = blobs(800, 4, 3, 9);
  const clients = TOKENS.map((t, k) => {
    // unequal halves, so that example weighting matters
    const rows = Int32Array.from({ length: 800 }, (_, i) => i).filter((i) => (i % 3 === 0) === (k === 0));
    return inProcessClient(t, port, X, y, rows, (e) => logs.push({ client: t.id, ...e }));
  });
  const [res] = await Promise.all([server.run(), ...clients.map((c) => c.run())]);
  server.close();
  return res.parameters;
}

describe("secure aggregation over the transport", () => {
  it("gives the plain FedAvg model (same seeds) while the server only unmasks the sum", async () => {
    const plainLogs: Record<string, unknown>[] = [];
    const plain = await federation({ minClients: 2, startClients: 2, localEpochs: 3 }, plainLogs);
    const logs: Record<string, unknown>[] = [];
    const secure = await federation(
      {
        minClients: 2,
        startClients: 2,
        localEpochs: 3,
        secureAggregation: { threshold: 2, fractionalBits: 16 },
      },
      logs,
    );
    const maxDiff = plain.reduce((m, v, i) => Math.max(m, Math.abs(v - secure[i])), 0);
    const maxAbs = plain.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbs).toBeGreaterThan(0.1);
    expect(maxDiff).toBeLessThan(1e-5);
    const phases = logs.filter((e) => e.event === "secagg-phase" && e.round === 1).map((e) => e.phase);
    expect(phases).toEqual(["advertise", "share", "mask", "unmask"]);
    expect(logs.some((e) => e.event === "update-sent")).toBe(false);
    expect(logs.filter((e) => e.event === "secagg-masked")).toHaveLength(4);
  });

  it("sends each round's scheduled client learning rate (decay 1 = constant)", async () => {
    const base = { minClients: 2, startClients: 2, localEpochs: 3 };
    const constant = await federation(base, []);
    expect(await federation({ ...base, clientLrDecay: { decay: 1 } }, [])).toEqual(constant);
    const decayed = await federation({ ...base, clientLrDecay: { decay: 0.2 } }, []);
    expect(decayed.reduce((m, v, i) => Math.max(m, Math.abs(v - constant[i])), 0)).toBeGreaterThan(1e-3);
    expect(
      () =>
        new FedServer(
          config({
            clientLrDecay: { decay: 0.9 },
            model: { kind: "logistic-regression", params: {}, nFeatures: 4, nClasses: 3 },
          }),
          () => {},
        ),
    ).toThrow(/explicit model.params.learningRate/);
  });

  it("refuses robust strategies, server DP, per-update clipping and an unreachable threshold", () => {
    const sa = { secureAggregation: { threshold: 2 } };
    const refused = (extra: Record<string, unknown>, re: RegExp) =>
      expect(() => new FedServer(config({ ...sa, ...extra }), () => {})).toThrow(re);
    refused({ strategy: { name: "median", params: {} } }, /robust strategy "median"/);
    refused({ dp: { clipNorm: 1, noiseMultiplier: 1 } }, /server-side DP/);
    refused({ strategy: { name: "fedavg", params: { clipNorm: 1 } } }, /clipNorm/);
    refused({ secureAggregation: { threshold: 3 } }, /exceeds clientsPerRound/);
  });
});

describe("federated transport (HTTP/2 + TLS, bearer tokens, schemas, byte limits)", () => {
  it("refuses unknown tokens, unpinned CAs, oversized and malformed messages with typed errors", async () => {
    const logs: Record<string, unknown>[] = [];
    const server = new FedServer(config(), (e) => logs.push(e));
    const port = await server.listen();
    const url = `https://127.0.0.1:${port}`;
    const ca = readFileSync(certs.ca);
    const expectCode = async (p: Promise<unknown>, code: string, re: RegExp): Promise<void> => {
      try {
        await p;
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(VigilError);
        expect((e as VigilError).code).toBe(code);
        expect((e as Error).message).toMatch(re);
      }
    };
    const bad = new FedHttpClient(url, ca, "z".repeat(32), 1 << 20);
    await expectCode(bad.post("/v1/join", { clientId: "site-a" }, ackSchema), "E_CONFIG", /401/);
    bad.close();
    const wrongCa = new FedHttpClient(url, readFileSync(other.ca), TOKENS[0].token, 1 << 20);
    await expectCode(
      wrongCa.post("/v1/join", { clientId: "site-a" }, ackSchema),
      "E_NETWORK",
      /certificate|self.signed|verify/i,
    );
    wrongCa.close();
    const a = new FedHttpClient(url, ca, TOKENS[0].token, 1 << 20);
    expect(await a.post("/v1/join", { clientId: "site-a" }, ackSchema)).toEqual({ accepted: true });
    await expectCode(a.post("/v1/join", { clientId: "site-b" }, ackSchema), "E_CONFIG", /400.*clientId/);
    // raw rows have no place in any message: unknown keys are rejected
    await expectCode(
      a.post("/v1/join", { clientId: "site-a", rows: [[1, 2, 3]] }, ackSchema),
      "E_CONFIG",
      /400.*rows/,
    );
    await expectCode(
      a.post("/v1/task", { clientId: "site-a", pad: "x".repeat(100_000) }, ackSchema),
      "E_CONFIG",
      /413/,
    );
    await expectCode(a.post("/v1/nowhere", { clientId: "site-a" }, ackSchema), "E_CONFIG", /404/);
    a.close();
    server.close();
  });

  it("runs two in-process clients through the rounds and the final evaluation", async () => {
    const logs: Record<string, unknown>[] = [];
    const cfg = config({ minClients: 2 });
    const server = new FedServer(cfg, (e) => logs.push(e));
    const port = await server.listen();
    const { X, y } = blobs(800, 4, 3, 9);
    const half = (k: number) => Int32Array.from({ length: 400 }, (_, i) => i * 2 + k);
    const clients = TOKENS.map((t, k) => {
      const rows = half(k);
      return inProcessClient(t, port, X, y, rows, () => {});
    });
    const [res] = await Promise.all([server.run(), ...clients.map((c) => c.run())]);
    server.close();
    expect(res.rounds).toBe(2);
    const lines = readFileSync(cfg.metricsOut as string, "utf8")
      .trim()
      .split("\n")
      .map((l) => roundMetricsSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => l.round)).toEqual([1, 2, 3]);
    expect(lines[0].clientsAggregated).toBe(2);
    expect(lines[2].globalMacroF1).toBeGreaterThan(0.9);
    expect(lines[1].bytesUp).toBeGreaterThan(0);
    expect(logs.some((e) => e.event === "checkpoint" && e.nextRound === 3)).toBe(true);
    // a new server on the same checkpoint has nothing left to train
    const again = new FedServer(cfg, (e) => logs.push(e));
    expect(logs.at(-1)).toMatchObject({ event: "resumed", nextRound: 3 });
    again.close();
  });
});
