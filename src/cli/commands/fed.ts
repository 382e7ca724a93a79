/**
 * `vigil fed`: federated learning. `certs` makes a CA and server certificate (openssl); `server` runs the
 * coordinator from a JSON config (schemas/federated.ts serverConfigSchema); `client` runs one site on its
 * partition of a dataset; `simulate` runs many clients in one process. Metrics go to --metrics-out as
 * JSON lines.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import { VigilError } from "../../errors.js";
import { parseAttack } from "../../federated/attacks.js";
import { FedClient } from "../../federated/client.js";
import { loadFederatedData } from "../../federated/data.js";
import { parsePartitionSpec } from "../../federated/partitions.js";
import { FedServer } from "../../federated/server.js";
import { runSimulation } from "../../federated/simulate.js";
import { parseMessage } from "../../federated/transport/body.js";
import { makeCerts } from "../../federated/transport/certs.js";
import { dpConfigSchema, MAX_MESSAGE_BYTES, serverConfigSchema } from "../../schemas/federated.js";
import { takeRows } from "../../table/matrix.js";
import { jsonObject, labelLevelOption, positiveInt } from "./model-options.js";

function fractionIn01(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n >= 0 && n <= 1))
      throw new VigilError("E_CONFIG", `--${name} must be in [0, 1], got "${v}"`, { field: name });
    return n;
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw new VigilError("E_IO", `cannot read ${what}: ${String(cause)}`, { file: path }, { cause });
  }
}

interface DataOpts {
  dataset: string;
  partition: string;
  clients: number;
  sample?: number;
  seed: number;
  labelLevel: "fine" | "taxonomy" | "binary";
  sharedDir?: string;
}

function dataOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--dataset <id>", "dataset id (see `vigil dataset list`)")
    .option("--partition <spec>", "iid | dirichlet:ALPHA | group | class-skew:C", "dirichlet:0.5")
    .option("--clients <n>", "number of clients the rows are split among", positiveInt("clients"), 10)
    .option("--sample <n>", "seeded random subset of n rows", positiveInt("sample"))
    .option("--seed <n>", "partition and sampling seed", (v) => positiveInt("seed", true)(v), 0)
    .option("--label-level <level>", "fine | taxonomy | binary", labelLevelOption, "fine")
    .option("--shared-dir <dir>", "folder holding datasets/");
}

function loadData(o: DataOpts) {
  return loadFederatedData({
    dataset: o.dataset,
    partition: parsePartitionSpec(o.partition),
    nClients: o.clients,
    sample: o.sample,
    seed: o.seed,
    labelLevel: o.labelLevel,
    sharedDir: o.sharedDir,
  });
}

export function register(program: Command): void {
  const fed = program.command("fed").description("federated learning: server, clients, simulation");

  fed
    .command("certs")
    .description("make a self-signed CA and a server certificate for localhost/127.0.0.1 (needs openssl)")
    .requiredOption("--out <dir>", "output folder (ca.pem, server.pem, server.key)")
    .option("--name <host...>", "extra DNS names or IP addresses for the server certificate", [])
    .action((o: { out: string; name: string[] }) => {
      process.stdout.write(`${JSON.stringify(makeCerts(o.out, o.name))}\n`);
    });

  fed
    .command("server")
    .description("run the federation's server (HTTP/2 over TLS) from a JSON config")
    .requiredOption(
      "--config <file.json>",
      "server config (tls, clients + tokens, model, rounds, strategy, checkpoint)",
    )
    .option("--port <n>", "override the config's port (0: any free port)", (v) =>
      positiveInt("port", true)(v),
    )
    .option("--metrics-out <file.jsonl>", "per-round metrics as JSON lines")
    .option(
      "--secure-agg",
      "aggregate through secure aggregation (the server sees only the sum; mean-based strategies only)",
    )
    .option(
      "--secagg-threshold <t>",
      "with --secure-agg: Shamir threshold, survivors needed to unmask (default: the config's, else a majority of clientsPerRound, at least 2)",
      positiveInt("secagg-threshold"),
    )
    .option(
      "--dump-aggregates <dir>",
      "debugging: write each secure-aggregation round's unmasked sum to DIR (what the server learns anyway)",
    )
    .action(
      async (o: {
        config: string;
        port?: number;
        metricsOut?: string;
        secureAgg?: boolean;
        secaggThreshold?: number;
        dumpAggregates?: string;
      }) => {
        const raw = parseMessage(
          serverConfigSchema,
          Buffer.from(readText(o.config, "server config")),
          o.config,
        );
        const base = dirname(resolve(o.config));
        const rel = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
        const secureAggregation =
          o.secureAgg || raw.secureAggregation || o.secaggThreshold !== undefined
            ? {
                fractionalBits: raw.secureAggregation?.fractionalBits ?? 12,
                threshold:
                  o.secaggThreshold ??
                  raw.secureAggregation?.threshold ??
                  Math.max(2, Math.floor(raw.clientsPerRound / 2) + 1),
              }
            : undefined;
        if (secureAggregation && secureAggregation.threshold < 2)
          throw new VigilError("E_CONFIG", "--secagg-threshold must be at least 2", {
            field: "secagg-threshold",
          });
        const config = {
          ...raw,
          port: o.port ?? raw.port,
          tls: { cert: rel(raw.tls.cert), key: rel(raw.tls.key) },
          checkpoint: rel(raw.checkpoint),
          metricsOut: o.metricsOut ?? (raw.metricsOut === undefined ? undefined : rel(raw.metricsOut)),
          secureAggregation,
        };
        const server = new FedServer(config, undefined, { dumpAggregatesDir: o.dumpAggregates });
        const port = await server.listen();
        process.stdout.write(
          `${JSON.stringify({ event: "listening", host: config.host, port, secureAggregation: secureAggregation ?? null })}\n`,
        );
        await server.run();
        server.close();
      },
    );

  dataOptions(
    fed
      .command("client")
      .description("run one federated client on its partition of a dataset (its rows never leave it)")
      .requiredOption("--server <url>", "https://host:port of the server")
      .requiredOption("--ca <ca.pem>", "CA certificate to pin")
      .requiredOption("--id <clientId>", "this client's id (as in the server config)")
      .option("--token <token>", "bearer token (or --token-file)")
      .option("--token-file <file>", "file holding the bearer token")
      .requiredOption("--index <i>", "which part of the partition this client holds (0-based)", (v) =>
        positiveInt("index", true)(v),
      )
      .option(
        "--attack <json>",
        "make this client an attacker (see federated/attacks.ts)",
        jsonObject("attack"),
      )
      .option(
        "--reconnect-s <s>",
        "give up after the server is unreachable this long",
        (v) => positiveInt("reconnect-s")(v),
        60,
      )
      .option(
        "--dump-deltas <dir>",
        "debugging: write each round's received parameters and this client's delta to DIR",
      ),
  ).action(
    async (
      o: DataOpts & {
        server: string;
        ca: string;
        id: string;
        token?: string;
        tokenFile?: string;
        index: number;
        attack?: Record<string, unknown>;
        reconnectS: number;
        dumpDeltas?: string;
      },
    ) => {
      const token = o.token ?? (o.tokenFile ? readText(o.tokenFile, "token file").trim() : undefined);
      if (token === undefined)
        throw new VigilError("E_CONFIG", "give --token or --token-file", { field: "token" });
      if (o.index >= o.clients)
        throw new VigilError("E_CONFIG", `--index ${o.index} not below --clients ${o.clients}`, {
          field: "index",
        });
      const fd = await loadData(o);
      const part = fd.clients[o.index];
      const client = new FedClient({
        url: o.server,
        ca: readText(o.ca, "CA certificate"),
        clientId: o.id,
        token,
        attack: o.attack ? parseAttack(o.attack) : undefined,
        maxMessageBytes: MAX_MESSAGE_BYTES,
        reconnectMs: o.reconnectS * 1000,
        dumpDeltasDir: o.dumpDeltas,
        data: {
          X: takeRows(fd.X, part.train),
          y: Int32Array.from(part.train, (r) => fd.y[r]),
          Xtest: takeRows(fd.X, part.test),
          ytest: Int32Array.from(part.test, (r) => fd.y[r]),
        },
      });
      process.stdout.write(
        `${JSON.stringify({ client: o.id, event: "data", trainRows: part.train.length, testRows: part.test.length, nFeatures: fd.X.cols, nClasses: fd.nClasses })}\n`,
      );
      await client.run();
    },
  );

  dataOptions(
    fed
      .command("simulate")
      .description("many federated clients in one process (experiments, attacks, defences)")
      .option("--model <kind>", "model kind with the ParameterVector capability", "logistic-regression")
      .option("--model-params <json>", "model params", jsonObject("model-params"))
      .option(
        "--strategy <name>",
        "fedavg | fedprox | fedavgm | fedadam | fedyogi | krum | multi-krum | median | trimmed-mean | bulyan",
        "fedavg",
      )
      .option(
        "--strategy-params <json>",
        "strategy params (clipNorm: norm clipping)",
        jsonObject("strategy-params"),
      )
      .option("--rounds <n>", "rounds", positiveInt("rounds"), 20)
      .option(
        "--clients-per-round <n>",
        "clients sampled per round (default: all)",
        positiveInt("clients-per-round"),
      )
      .option("--local-epochs <n>", "local epochs per round", positiveInt("local-epochs"), 1)
      .option(
        "--client-lr-decay <d>",
        "client learning rate x d^(round-1) (needs --model-params learningRate)",
        fractionIn01("client-lr-decay"),
      )
      .option(
        "--attack <json>",
        'attack of the malicious clients, e.g. {"kind":"sign-flip","scale":4}',
        jsonObject("attack"),
      )
      .option("--attack-fraction <f>", "share of clients that attack", fractionIn01("attack-fraction"), 0)
      .option(
        "--dp <json>",
        'client-level DP, e.g. {"clipNorm":1,"noiseMultiplier":1,"delta":1e-5}',
        jsonObject("dp"),
      )
      .option("--secure-aggregation", "aggregate through the secure-aggregation protocol")
      .option("--metrics-out <file.jsonl>", "per-round metrics as JSON lines"),
  ).action(
    async (
      o: DataOpts & {
        model: string;
        modelParams?: Record<string, unknown>;
        strategy: string;
        strategyParams?: Record<string, unknown>;
        rounds: number;
        clientsPerRound?: number;
        localEpochs: number;
        clientLrDecay?: number;
        attack?: Record<string, unknown>;
        attackFraction: number;
        dp?: Record<string, unknown>;
        secureAggregation?: boolean;
        metricsOut?: string;
      },
    ) => {
      const fd = await loadData(o);
      const dp =
        o.dp === undefined
          ? undefined
          : parseMessage(dpConfigSchema, Buffer.from(JSON.stringify(o.dp)), "--dp");
      if (o.metricsOut) writeFileSync(o.metricsOut, "");
      const lines: string[] = [];
      const r = runSimulation(fd, {
        model: { kind: o.model, params: o.modelParams },
        strategy: { name: o.strategy, params: o.strategyParams },
        rounds: o.rounds,
        clientsPerRound: o.clientsPerRound ?? o.clients,
        localEpochs: o.localEpochs,
        clientLrDecay: o.clientLrDecay === undefined ? undefined : { decay: o.clientLrDecay },
        attack: o.attack ? parseAttack(o.attack) : undefined,
        attackFraction: o.attackFraction,
        dp,
        secureAggregation: o.secureAggregation ? {} : undefined,
        seed: o.seed,
        onRound: (m) => {
          const line = JSON.stringify(m);
          lines.push(line);
          if (o.metricsOut) writeFileSync(o.metricsOut, `${line}\n`, { flag: "a" });
          process.stderr.write(
            `round ${m.round}: macro-F1 ${m.globalMacroF1?.toFixed(4)}${m.epsilon === null ? "" : ` epsilon ${m.epsilon.toFixed(3)}`}\n`,
          );
        },
      });
      const last = r.rounds[r.rounds.length - 1];
      process.stdout.write(
        `${JSON.stringify({ dataset: o.dataset, partition: o.partition, clients: o.clients, strategy: o.strategy, rounds: o.rounds, finalMacroF1: r.finalMacroF1, attackers: r.attackers.length, epsilon: last?.epsilon ?? null, delta: last?.delta ?? null, bytesUpPerRound: last?.bytesUp ?? 0 })}\n`,
      );
    },
  );
}
