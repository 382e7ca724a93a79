/**
 * The packet stage: a packet source fills the frame ring; the existing packet pipeline
 * (detect/run-detection.ts: decode -> PacketDetector -> alert limiter -> buildAlert) reads the ring;
 * each frame is also decoded once more for the flow table (flows feed the flow stage and the device
 * view). Recorded-speed pacing and waiting for room in the alert queue happen where frames leave the
 * ring, so nothing upstream grows.
 */
import type { CaptureSource, CaptureStats } from "../capture/source.js";
import { decodeFrame } from "../decode/decode.js";
import { Packet } from "../decode/packet.js";
import type { PacketDetector } from "../detect/packet-detector.js";
import { type DetectionSummary, runDetection } from "../detect/run-detection.js";
import type { DeviceInventory } from "../devices/inventory.js";
import { FlowTable } from "../features/flows/index.js";
import type { FlowRecord } from "../schemas/flow.js";
import type { StageItem } from "./dispatcher.js";
import type { BoundedQueue } from "./queue/bounded-queue.js";
import { FrameRing } from "./queue/frame-ring.js";
import { REPLAY_CHUNK_BYTES } from "./sources/pcap-replay.js";
import type { PacketSource } from "./sources/source.js";
import type { Timeline } from "./views.js";

export interface PacketStageOptions {
  source: PacketSource;
  detector: PacketDetector;
  alertQueue: BoundedQueue<StageItem>;
  /** Finished flow records from the flow table. */
  onFlow: (rec: FlowRecord) => Promise<boolean> | boolean;
  timeline: Timeline;
  ringBytes: number;
  overflow: "block" | "drop";
  alertIntervalS: number;
  explainTop: number;
  /** Identity used in alert ids (resume key, or name + start time for live inputs). */
  sourceKey: string;
  log: (msg: string) => void;
  /** Device inventory fed every decoded packet (src/devices). */
  inventory?: DeviceInventory;
}

export class PacketStage {
  readonly ring: FrameRing;
  private capture: CaptureSource | undefined;
  private consumer: CaptureSource | undefined;
  private readonly packet = new Packet();
  private readonly flows: FlowTable;
  packets = 0;
  alertsDropped = 0;
  flowsOut = 0;
  captureStats: CaptureStats | undefined;
  summary: DetectionSummary | undefined;
  /** Wall time of the frame being processed (latency start). */
  private currentStartMs = 0;
  private pace: { wall0: number; ts0: number } | null = null;
  private pendingFlows: FlowRecord[] = [];
  private draining = false;

  constructor(private readonly o: PacketStageOptions) {
    this.ring = new FrameRing(o.ringBytes, REPLAY_CHUNK_BYTES + 65_536);
    this.flows = new FlowTable({}, (rec) => {
      this.flowsOut++;
      this.pendingFlows.push(rec);
    });
  }

  async run(): Promise<void> {
    const o = this.o;
    const ring = this.ring;
    let index = 0;
    const waitForRoom =
      o.source.canWait && o.overflow === "block" ? () => ring.waitForRoom() : () => Promise.resolve();
    this.capture = o.source.open(waitForRoom);
    // A looped replay shifts each pass after the previous one (capture time never goes backwards).
    const looped = (o.source.loops ?? 1) > 1;
    let shiftS = 0;
    let lastS = Number.NEGATIVE_INFINITY;
    const producer = this.capture
      .run((f) => {
        if (looped) {
          if (f.tsSec + shiftS < lastS - 1) shiftS = lastS + 1 - f.tsSec;
          f.tsSec += shiftS;
          lastS = f.tsSec;
        }
        ring.push(f, index++, performance.now());
      })
      .then((s) => {
        this.captureStats = s;
      })
      .finally(() => ring.end());
    const speed = o.source.speed;
    this.consumer = ring.consumer(o.source.name, {
      beforeFrame: (f, readMs) => {
        let start = readMs;
        let wait = 0;
        if (speed !== "max" && !this.draining) {
          const ts = f.tsSec + f.tsNsec / 1e9;
          if (this.pace === null) this.pace = { wall0: performance.now(), ts0: ts };
          const rate = speed === "recorded" ? 1 : speed;
          const due = this.pace.wall0 + ((ts - this.pace.ts0) * 1000) / rate;
          if (due > start) start = due;
          wait = due - performance.now();
        }
        const queueFull = o.overflow === "block" && o.alertQueue.length >= o.alertQueue.capacity;
        if (wait <= 1 && this.pendingFlows.length === 0 && !queueFull) {
          this.currentStartMs = start;
          return start;
        }
        return this.slowPath(wait, start);
      },
      afterFrame: (f) => {
        decodeFrame(f, this.packet);
        this.flows.add(this.packet);
        o.inventory?.observe(this.packet);
        this.packets++;
        o.timeline.packet(f.tsSec, f.wireLen);
      },
    });
    this.summary = await runDetection({
      source: this.consumer,
      detector: o.detector,
      alertIntervalS: o.alertIntervalS,
      explainTop: o.explainTop,
      iface: o.source.name.startsWith("if:") ? o.source.name.slice(3) : undefined,
      onAlert: (alert) => {
        const item: StageItem = {
          kind: "alert",
          alert,
          startMs: this.currentStartMs,
          sourceKey: o.sourceKey,
          resumeKey: o.source.resumeKey,
          record: alert.vigil.packet_index,
        };
        if (!o.alertQueue.offer(item)) this.alertsDropped++;
      },
      onScore: (p, score) => o.timeline.score(p.tsSec, score),
      onPhase: () => o.log(`packet detector: ${o.detector.describePhase()}`),
    });
    await producer;
    this.flows.flush();
    await this.drainFlows();
  }

  /** Waits for the frame's due time (pacing), hands on finished flows, waits for room for an alert. */
  private async slowPath(waitMs: number, start: number): Promise<number> {
    if (waitMs > 1 && !this.draining) await new Promise((r) => setTimeout(r, waitMs));
    if (this.pendingFlows.length > 0) await this.drainFlows();
    const q = this.o.alertQueue;
    if (this.o.overflow === "block") while (q.length >= q.capacity && !q.isClosed) await q.waitForRoom();
    this.currentStartMs = start;
    return start;
  }

  private async drainFlows(): Promise<void> {
    const batch = this.pendingFlows;
    this.pendingFlows = [];
    for (const rec of batch) {
      const r = this.o.onFlow(rec);
      if (typeof r !== "boolean") await r;
    }
  }

  stop(): void {
    // What was read is still processed, without replay pacing.
    this.draining = true;
    this.capture?.stop();
  }
}
