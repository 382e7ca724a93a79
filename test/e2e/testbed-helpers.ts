/**
 * Shared pieces of the testbed end-to-end tests: a describe() that skips VISIBLY where the testbed cannot
 * run (not Linux, not root, no `ip netns`, tools missing), and a runner for the real CLI process.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { unavailableReason } from "../../src/testbed/topology.js";
import { PROJECT_ROOT } from "../helpers/shared.js";

/** The CLI under test (VIGIL_CLI overrides it, e.g. to try a command before it is registered). */
export const CLI = process.env.VIGIL_CLI ?? join(PROJECT_ROOT, "dist", "src", "cli", "main.js");

export function describeWithTestbed(name: string, fn: () => void, tools?: string[]): void {
  const why = existsSync(CLI) ? unavailableReason(tools) : "the CLI is not built (npm run build)";
  if (!why) {
    describe(name, fn);
    return;
  }
  const msg = `SKIPPED (${why}): ${name}`;
  process.stderr.write(`${msg}\n`);
  describe.skip(msg, fn);
}

export interface CliResult {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `vigil ...args` as a real process, killed after timeoutMs. */
export function vigil(args: string[], timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(t);
      resolve({ pid: child.pid ?? -1, code, signal, stdout, stderr });
    });
  });
}

/** Testbed namespaces owned by process `pid`. */
export function namespacesOf(pid: number): string[] {
  const out = spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout ?? "";
  return out
    .split("\n")
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n) => n?.startsWith(`vgtb-${pid}-`));
}

/** Packets tcpdump (an independent reader) counts in a pcap, optionally through a filter. */
export function tcpdumpCount(pcap: string, filter: string[] = []): number {
  const r = spawnSync("tcpdump", ["-n", "-r", pcap, ...filter], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`tcpdump -r ${pcap} failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l.length > 0).length;
}
