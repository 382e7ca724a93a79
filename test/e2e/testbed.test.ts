/**
 * The testbed end to end, as real processes: namespaces, a bridge, mosquitto, sensors, an HTTP device,
 * nmap / hping3 / raw-socket attackers, tcpdump. Needs Linux + root; skips visibly elsewhere.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, describeWithTestbed, namespacesOf, tcpdumpCount, vigil } from "./testbed-helpers.js";

const ATTACKER = "host 10.77.0.66 or ether host 02:76:67:00:00:42";

describe("vigil testbed: bad input", () => {
  it("rejects an unknown scenario with E_CONFIG and the known names", async () => {
    const r = await vigil(["testbed", "run", "--scenario", "no-such-attack"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_CONFIG");
    expect(r.stderr).toContain("known: benign, syn-flood");
  });

  it("rejects a duration that is not a number of seconds", async () => {
    const r = await vigil(["testbed", "run", "--scenario", "syn-flood", "--attack", "ten"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_CONFIG.*--attack must be a number of seconds/);
  });
});

describeWithTestbed("vigil testbed (network namespaces, real tools)", () => {
  const out = mkdtempSync(join(tmpdir(), "vigil-testbed-e2e-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("runs a port scan amid benign IoT traffic, captures it on the bridge and labels it", async () => {
    const r = await vigil([
      "testbed",
      "run",
      "-s",
      "port-scan",
      "-o",
      out,
      "--warmup",
      "4",
      "--attack",
      "5",
      "--cooldown",
      "2",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    const pcap = join(out, "port-scan.pcap");
    // tcpdump, an independent reader, agrees on the packet count and on which packets involve the attacker
    expect(tcpdumpCount(pcap)).toBe(res.stats.packets);
    expect(tcpdumpCount(pcap, [ATTACKER])).toBe(res.stats.attackPackets);
    expect(res.stats.attackerPacketsBeforeWindow).toBe(0);
    // the scan: SYNs to >= 1000 broker ports from the attacker, answered by RSTs
    expect(tcpdumpCount(pcap, ["src host 10.77.0.66 and tcp[tcpflags] & tcp-syn != 0"])).toBeGreaterThan(
      1000,
    );
    expect(
      tcpdumpCount(pcap, ["src host 10.77.0.10 and dst host 10.77.0.66 and tcp[tcpflags] & tcp-rst != 0"]),
    ).toBeGreaterThan(900);
    // benign traffic ran throughout: MQTT sensors -> broker, broker -> hub, hub <-> plug over HTTP
    expect(
      tcpdumpCount(pcap, [
        "tcp port 1883 and (src host 10.77.0.31 or src host 10.77.0.32 or src host 10.77.0.33 or src host 10.77.0.34)",
      ]),
    ).toBeGreaterThan(20);
    expect(tcpdumpCount(pcap, ["src host 10.77.0.10 and dst host 10.77.0.20"])).toBeGreaterThan(10);
    expect(tcpdumpCount(pcap, ["tcp port 8080 and host 10.77.0.20"])).toBeGreaterThan(50);
    // the attack sits in its window: first attack packet after the warm-up
    expect(res.stats.firstAttackOffsetS).toBeGreaterThan(3);
    const rows = readFileSync(res.labels, "utf8").trim().split("\n");
    expect(rows[0]).toBe("index,ts,label,scenario");
    expect(rows.length - 1).toBe(res.stats.packets);
    expect(rows.filter((l) => l.split(",")[2] === "port-scan").length).toBe(res.stats.attackPackets);
    // nothing left behind
    expect(namespacesOf(r.pid)).toEqual([]);
  });

  it("tears everything down on SIGINT", async () => {
    const child = spawn(process.execPath, [CLI, "testbed", "up", "--hold", "120"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes("attacker") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(stdout).toContain("testbed up");
    const pid = child.pid as number;
    expect(namespacesOf(pid).length).toBe(9);
    // the broker answers inside its namespace
    const ss = spawnSync("ip", ["netns", "exec", `vgtb-${pid}-broker`, "ss", "-Hltn", "sport = :1883"], {
      encoding: "utf8",
    });
    expect(ss.stdout).toContain("10.77.0.10:1883");
    const t0 = Date.now();
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(namespacesOf(pid)).toEqual([]);
  });

  it("removes namespaces left by a testbed that died", async () => {
    let dead = 4_000_000;
    while (spawnSync("kill", ["-0", String(dead)]).status === 0) dead++;
    const ns = `vgtb-${dead}-gw`;
    expect(spawnSync("ip", ["netns", "add", ns]).status).toBe(0);
    const r = await vigil(["testbed", "clean"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(ns);
    expect(namespacesOf(dead)).toEqual([]);
  });
});
