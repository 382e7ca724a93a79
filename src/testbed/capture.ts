/**
 * The testbed's capture: tcpdump on the gateway bridge (sees every frame in the testbed), writing a
 * classic pcap with full frames. Started before any traffic and stopped after it, so the file is whole.
 * (The detection pipeline's own live capture lives in src/capture; this one only records fixtures.)
 */
import { VigilError } from "../errors.js";
import { BRIDGE } from "./plan.js";
import { type Child, sleep } from "./proc.js";
import type { Topology } from "./topology.js";

export interface CaptureCounters {
  captured: number;
  receivedByFilter: number;
  droppedByKernel: number;
}

export class BridgeCapture {
  private child: Child | undefined;

  constructor(
    private readonly topo: Topology,
    readonly pcapPath: string,
  ) {}

  async start(timeoutMs = 5_000): Promise<void> {
    this.child = this.topo.spawn("gw", "tcpdump", "tcpdump", [
      "-i",
      BRIDGE,
      "-n",
      "-s",
      "0",
      "-U",
      "-Z",
      "root",
      // a 16 MB kernel buffer and no immediate mode (batched wake-ups): no drops on a busy 2-core box
      "-B",
      "16384",
      "-w",
      this.pcapPath,
    ]);
    const end = Date.now() + timeoutMs;
    while (!this.child.output().includes("listening on")) {
      if (this.child.done)
        throw new VigilError("E_CAPTURE", `tcpdump exited: ${this.child.output().trim()}`, {
          file: this.pcapPath,
        });
      if (Date.now() > end)
        throw new VigilError("E_CAPTURE", `tcpdump not listening after ${timeoutMs} ms`, {
          file: this.pcapPath,
        });
      await sleep(50);
    }
  }

  /** Stops tcpdump (it flushes the file) and returns its counters. */
  async stop(): Promise<CaptureCounters> {
    if (!this.child) throw new VigilError("E_INTERNAL", "capture not started");
    await this.child.stop(3_000, "SIGINT");
    const out = this.child.output();
    const n = (re: RegExp) => Number(re.exec(out)?.[1] ?? -1);
    return {
      captured: n(/(\d+) packets? captured/),
      receivedByFilter: n(/(\d+) packets? received by filter/),
      droppedByKernel: n(/(\d+) packets? dropped by kernel/),
    };
  }
}
