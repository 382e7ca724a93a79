/**
 * The testbed's one door to external programs (ip, mosquitto, tcpdump, hping3, nmap, python3, node
 * agents). Every child is spawned here, tracked, bounded in time, and killed on teardown.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { VigilError } from "../errors.js";

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a short command to completion (killed after `timeoutMs`). Never throws on a non-zero exit. */
export function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new VigilError("E_IO", `cannot run ${cmd}: ${err.message}`, { command: cmd }, { cause: err }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs a command and throws E_NETWORK (with its stderr) unless it exits 0. */
export async function must(cmd: string, args: string[], timeoutMs = 15_000): Promise<string> {
  const r = await run(cmd, args, timeoutMs);
  if (r.code !== 0) {
    throw new VigilError(
      "E_NETWORK",
      `testbed command failed (exit ${r.code ?? r.signal}): ${cmd} ${args.join(" ")}: ${r.stderr.trim()}`,
      { command: cmd },
    );
  }
  return r.stdout;
}

/** Synchronous variant for exit handlers (no event loop left). */
export function runSync(cmd: string, args: string[], timeoutMs = 5_000): number | null {
  const r = spawnSync(cmd, args, { stdio: "ignore", timeout: timeoutMs });
  return r.status;
}

/** True when `cmd` is found on PATH. */
export function hasCommand(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** A long-running child the testbed owns: its output tail is kept for error messages. */
export class Child {
  readonly name: string;
  readonly proc: ChildProcess;
  private tail = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done = false;

  constructor(name: string, cmd: string, args: string[], opts: { stdin?: boolean } = {}) {
    this.name = name;
    this.proc = spawn(cmd, args, { stdio: [opts.stdin ? "pipe" : "ignore", "pipe", "pipe"] });
    const keep = (d: Buffer) => {
      this.tail = (this.tail + d.toString()).slice(-4000);
    };
    this.proc.stdout?.on("data", keep);
    this.proc.stderr?.on("data", keep);
    // A closed stdin (child exited) must not crash the orchestrator.
    this.proc.stdin?.on("error", () => {});
    this.exited = new Promise((resolve) => {
      this.proc.on("error", (err) => {
        this.tail += `\nspawn error: ${err.message}`;
        this.done = true;
        resolve({ code: -1, signal: null });
      });
      this.proc.on("close", (code, signal) => {
        this.done = true;
        resolve({ code, signal });
      });
    });
  }

  output(): string {
    return this.tail;
  }

  write(line: string): boolean {
    if (this.done || !this.proc.stdin || this.proc.stdin.destroyed) return false;
    return this.proc.stdin.write(line);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs = 2_000, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.done) return;
    this.proc.stdin?.end();
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Waits for the child to exit by itself; kills it after `timeoutMs` (a bound, never a hang). */
  async waitExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), timeoutMs);
    const r = await this.exited;
    clearTimeout(timer);
    return r;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
