/** Spawning `vigil serve` (the built CLI) and talking to it, for the service end-to-end tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../helpers/shared.js";

export const CLI = join(PROJECT_ROOT, "dist/src/cli/main.js");
export const DEMO = join(PROJECT_ROOT, "test/fixtures/testbed/demo.pcap");

export interface Served {
  proc: ChildProcess;
  port: number | null;
  stdout: string[];
  stderr: string;
  exit: Promise<number | null>;
}

/** Starts `vigil serve --config` and resolves once it printed its ready line. */
export async function serve(config: string, yamlText: string, extra: string[] = []): Promise<Served> {
  writeFileSync(config, yamlText);
  const proc = spawn(process.execPath, [CLI, "serve", "--config", config, ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const s: Served = {
    proc,
    port: null,
    stdout: [],
    stderr: "",
    exit: new Promise((r) => proc.once("exit", (code) => r(code))),
  };
  let buf = "";
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const l of lines) {
        s.stdout.push(l);
        const j = JSON.parse(l);
        if (j.event === "ready") {
          s.port = j.http_port;
          resolve();
        }
      }
    });
    proc.stderr?.on("data", (d: Buffer) => {
      s.stderr += d.toString();
    });
    void s.exit.then((code) => reject(new Error(`vigil serve exited ${code} before ready: ${s.stderr}`)));
  });
  await ready;
  return s;
}

export async function get<T = Record<string, unknown>>(s: Served, path: string): Promise<T> {
  const r = await fetch(`http://127.0.0.1:${s.port}${path}`);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** Polls until `check` is true (bounded). */
export async function until(check: () => Promise<boolean> | boolean, ms = 20_000, step = 100): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, step));
  }
}

/** The final JSON line (`event: stopped`) of a stopped service. */
export function stoppedSummary(s: Served): Record<string, unknown> | undefined {
  const l = s.stdout.map((x) => JSON.parse(x)).find((j) => j.event === "stopped");
  return l;
}
