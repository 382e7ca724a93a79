/**
 * Real brokers for tests: mosquitto and nats-server (Debian packages) started on a free loopback port
 * in a temporary directory, stopped with SIGTERM. `which()` lets tests skip visibly when absent.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function which(bin: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${bin} || ls /usr/sbin/${bin} 2>/dev/null`], {
    encoding: "utf8",
  });
  const p = r.stdout.trim().split("\n")[0];
  return p ? p : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Broker {
  url: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const { connect } = await import("node:net");
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const c = connect(port, "127.0.0.1");
      c.once("connect", () => {
        c.destroy();
        r(true);
      });
      c.once("error", () => r(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`broker on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(proc: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (proc.exitCode === null) {
      const done = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await done;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

export async function startMosquitto(): Promise<Broker> {
  const bin = which("mosquitto");
  if (bin === null) throw new Error("mosquitto not installed");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "vigil-mosq-"));
  const conf = join(dir, "m.conf");
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  const proc = spawn(bin, ["-c", conf], { stdio: "ignore" });
  await waitForPort(port, 5000);
  return { url: `mqtt://127.0.0.1:${port}`, port, proc, stop: stopper(proc, dir) };
}

export async function startNats(jetstream = true): Promise<Broker> {
  const bin = which("nats-server");
  if (bin === null) throw new Error("nats-server not installed");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "vigil-nats-"));
  const args = ["-a", "127.0.0.1", "-p", String(port)];
  if (jetstream) args.push("-js", "-sd", dir);
  const proc = spawn(bin, args, { stdio: "ignore" });
  await waitForPort(port, 5000);
  return { url: `nats://127.0.0.1:${port}`, port, proc, stop: stopper(proc, dir) };
}
