/** `vigil testbed`: the IoT testbed in network namespaces (Linux, root). Thin: parses and calls src/testbed. */

import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { VigilError } from "../../errors.js";
import { BenignTraffic } from "../../testbed/benign.js";
import { FIXTURE_PLANS, makeFixtures } from "../../testbed/fixtures.js";
import { BRIDGE, HOSTS, nsName } from "../../testbed/plan.js";
import { sleep } from "../../testbed/proc.js";
import { runScenario } from "../../testbed/run.js";
import { SCENARIOS, scenario } from "../../testbed/scenarios.js";
import { cleanStale, installSignalTeardown, Topology, unavailableReason } from "../../testbed/topology.js";

function seconds(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 600) {
      throw new VigilError("E_CONFIG", `--${name} must be a number of seconds in 0..600, got "${v}"`, {
        field: name,
      });
    }
    return n;
  };
}

function requireTestbed(): void {
  const why = unavailableReason();
  if (why) throw new VigilError("E_UNSUPPORTED", `cannot run the testbed: ${why}`);
}

const log = (m: string) => process.stderr.write(`vigil testbed: ${m}\n`);

export function register(program: Command): void {
  const tb = program
    .command("testbed")
    .description(
      "IoT testbed in Linux network namespaces: MQTT broker + sensors, HTTP device, attacker (root)",
    );

  tb.command("scenarios")
    .description("list the scenarios")
    .action(() => {
      for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(20)} ${s.description}\n`);
    });

  tb.command("run")
    .description(
      "run one scenario and write <out>/<scenario>.pcap, .labels.csv, .flows.csv; prints a JSON summary",
    )
    .requiredOption("-s, --scenario <name>", "scenario name (see `vigil testbed scenarios`)")
    .option("-o, --out <dir>", "output directory", "out/testbed")
    .option("--warmup <s>", "benign warm-up before the attack, seconds", seconds("warmup"), 12)
    .option("--attack <s>", "attack duration, seconds", seconds("attack"), 10)
    .option("--cooldown <s>", "benign cool-down after the attack, seconds", seconds("cooldown"), 8)
    .action(
      async (o: { scenario: string; out: string; warmup: number; attack: number; cooldown: number }) => {
        scenario(o.scenario); // an unknown name is a usage error, whether or not this machine can run it
        requireTestbed();
        const r = await runScenario({
          scenario: o.scenario,
          outDir: o.out,
          warmupS: o.warmup,
          attackS: o.attack,
          cooldownS: o.cooldown,
          log,
          signals: true,
        });
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      },
    );

  tb.command("up")
    .description("bring the testbed up with benign traffic only and hold it (Ctrl-C tears it down)")
    .option("--hold <s>", "tear down after this many seconds", seconds("hold"), 600)
    .action(async (o: { hold: number }) => {
      requireTestbed();
      const topo = new Topology();
      const stopped = new AbortController();
      const remove = installSignalTeardown(topo, () => stopped.abort());
      const workDir = join(tmpdir(), `vgtb-${process.pid}-up`);
      try {
        await topo.up();
        const benign = new BenignTraffic(topo, { workDir });
        await benign.start();
        process.stdout.write(
          `testbed up; capture point: ip netns exec ${nsName(process.pid, "gw")} tcpdump -i ${BRIDGE}\n`,
        );
        for (const h of HOSTS) {
          process.stdout.write(
            `  ${h.role.padEnd(9)} ${h.ip.padEnd(11)} ${h.mac}  ns=${topo.ns(h.role)}  ${h.description}\n`,
          );
        }
        await sleep(o.hold * 1000, stopped.signal);
        await benign.stop();
      } finally {
        await topo.down();
        remove();
      }
    });

  tb.command("fixtures")
    .description("regenerate the committed fixtures (all scenarios + demo) and MANIFEST.json")
    .option("-o, --out <dir>", "output directory", "test/fixtures/testbed")
    .option("--only <stems>", "comma-separated subset (their MANIFEST.json entries are replaced)")
    .action(async (o: { out: string; only?: string }) => {
      const only = o.only?.split(",");
      const known = new Set(FIXTURE_PLANS.map((p) => p.stem));
      for (const stem of only ?? []) {
        if (!known.has(stem)) {
          throw new VigilError("E_CONFIG", `unknown fixture "${stem}" (known: ${[...known].join(", ")})`, {
            field: "only",
          });
        }
      }
      requireTestbed();
      const entries = await makeFixtures(o.out, { only, log, signals: true });
      for (const [stem, e] of Object.entries(entries)) {
        process.stdout.write(
          `${stem.padEnd(20)} packets=${e.packets} attack=${e.attackPackets} bytes=${e.bytes}\n`,
        );
      }
    });

  tb.command("clean")
    .description("remove namespaces left by testbeds whose process is gone")
    .action(async () => {
      const removed = await cleanStale();
      process.stdout.write(removed.length ? `removed: ${removed.join(" ")}\n` : "nothing stale\n");
    });
}
