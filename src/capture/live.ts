/**
 * Live capture through tcpdump (DESIGN.md convention 8: the ONLY module that spawns it):
 * `tcpdump -i IF -w - -U -s SNAPLEN [bpf]` writes pcap to its stdout, which the same streaming reader
 * parses. stop() sends SIGINT (then SIGTERM, then SIGKILL if tcpdump lingers), and the run resolves
 * with tcpdump's own counters: kernelReceived ("received by filter") and kernelDropped.
 *
 *   const live = openLive({ iface: "eth0", bpf: "tcp port 1883" });
 *   const done = live.run(onFrame);
 *   await live.ready;   // tcpdump is capturing
 *   ...; live.stop(); const stats = await done;
 */
import { type ChildProcess, spawn } from "node:child_process";
import { isVigilError, VigilError } from "../errors.js";
import type { CaptureSource, CaptureStats, Frame } from "./source.js";
import { StreamCaptureSource } from "./stream-source.js";
import { errorLine, isListening, parseTcpdumpSummary } from "./tcpdump-stats.js";

export interface LiveCaptureOptions {
  /** Interface name ("eth0", "any", ...). */
  iface: string;
  /** Bytes kept per packet (default 262144). */
  snaplen?: number;
  /** BPF filter expression (default none: everything). */
  bpf?: string;
  /** The tcpdump executable (default "tcpdump" on PATH). */
  tcpdumpPath?: string;
  /** Run tcpdump inside this network namespace (`ip netns exec NS tcpdump ...`). */
  netns?: string;
  /** Milliseconds after SIGINT before SIGTERM, and again before SIGKILL (default 2000). */
  stopGraceMs?: number;
}

export class LiveCapture implements CaptureSource {
  readonly name: string;
  /** Resolves when tcpdump reports it is listening; rejects when it fails to start. */
  readonly ready: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (e: Error) => void;
  private child: ChildProcess | null = null;
  private stopRequested = false;
  private exited = false;

  constructor(private readonly opts: LiveCaptureOptions) {
    this.name = `if:${opts.iface}`;
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {}); // a run() that fails reports the error itself
  }

  /** The command line run (for logs and tests). */
  command(): string[] {
    const o = this.opts;
    const args = ["-i", o.iface, "-w", "-", "-U", "--immediate-mode", "-s", String(o.snaplen ?? 262144)];
    if (o.bpf !== undefined && o.bpf.trim() !== "") args.push(o.bpf);
    const tcpdump = o.tcpdumpPath ?? "tcpdump";
    return o.netns === undefined ? [tcpdump, ...args] : ["ip", "netns", "exec", o.netns, tcpdump, ...args];
  }

  async run(onFrame: (frame: Frame) => void): Promise<CaptureStats> {
    const [cmd, ...args] = this.command();
    let stderr = "";
    let spawnError: Error | null = null;
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const exit = new Promise<number | null>((resolve) => {
      child.once("error", (e) => {
        spawnError = e;
        resolve(null);
      });
      child.once("close", (code) => resolve(code));
    });
    exit.then(() => {
      this.exited = true;
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (s: string) => {
      stderr += s;
      if (isListening(stderr)) this.resolveReady();
    });
    if (this.stopRequested) this.signal();
    const reader = new StreamCaptureSource(this.name, () => child.stdout!);
    let stats: CaptureStats | null = null;
    let readError: unknown = null;
    try {
      stats = await reader.run(onFrame);
    } catch (e) {
      readError = e;
      this.signal();
    }
    const code = await exit;
    // tcpdump's own failure explains an empty or cut stream best, unless our side failed first
    // (then tcpdump only died of the closed pipe): that error, or the consumer's, goes out unchanged.
    const failure = this.failure(code, spawnError, stderr);
    const first =
      spawnError !== null || readError === null || (failure?.code === "E_CAPTURE" && isEmptyStream(readError))
        ? failure
        : null;
    const err = first ?? (readError as Error | null);
    if (err !== null) {
      this.rejectReady(err);
      throw err;
    }
    this.resolveReady();
    const summary = parseTcpdumpSummary(stderr);
    const s = stats!;
    s.kernelReceived = summary.receivedByFilter;
    s.kernelDropped = summary.droppedByKernel;
    return s;
  }

  stop(): void {
    this.stopRequested = true;
    this.signal();
  }

  /** SIGINT now; SIGTERM and then SIGKILL if tcpdump has not exited after the grace period. */
  private signal(): void {
    const child = this.child;
    if (child === null || this.exited) return;
    const grace = this.opts.stopGraceMs ?? 2000;
    child.kill("SIGINT");
    const term = setTimeout(() => {
      if (this.exited) return;
      child.kill("SIGTERM");
      const kill = setTimeout(() => {
        if (!this.exited) child.kill("SIGKILL");
      }, grace);
      kill.unref();
    }, grace);
    term.unref();
  }

  /** The E_CAPTURE error for a tcpdump that could not start or died on its own; null when all is well. */
  private failure(code: number | null, spawnError: Error | null, stderr: string): VigilError | null {
    const ctx = { file: this.name };
    if (spawnError !== null) {
      const missing = (spawnError as NodeJS.ErrnoException).code === "ENOENT";
      const what = missing ? `${this.command()[0]} not found (install tcpdump)` : spawnError.message;
      return new VigilError("E_CAPTURE", `cannot start live capture: ${what}`, ctx, { cause: spawnError });
    }
    if (code !== 0 && code !== null && !(this.stopRequested && code === 130)) {
      const why = errorLine(stderr) || `exit code ${code}`;
      return new VigilError("E_CAPTURE", `live capture failed: ${why}`, { ...ctx, exitCode: code });
    }
    return null;
  }
}

/** True for the reader's "no pcap header at all" errors (tcpdump wrote nothing before dying). */
function isEmptyStream(e: unknown): boolean {
  return isVigilError(e) && e.code === "E_TRUNCATED" && e.context.byteOffset === 0;
}

/** Live capture from a network interface through tcpdump. */
export function openLive(opts: LiveCaptureOptions): LiveCapture {
  return new LiveCapture(opts);
}
