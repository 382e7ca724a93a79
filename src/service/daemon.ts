/**
 * The vigil service: sources -> (frame ring -> packet stage) / (flow queue -> flow stage) -> alert
 * queue -> dispatcher -> sinks, plus the HTTP API. Every queue is bounded; `stop()` (SIGTERM) stops
 * the sources, lets every stage drain what it holds, flushes every sink, saves the checkpoint and
 * closes. File replays end by themselves; the service keeps serving its API until stopped (or exits
 * when `exitWhenDone`).
 */
import { loadDetector } from "../detect/detector-file.js";
import { PacketDetector } from "../detect/packet-detector.js";
import { DeviceInventory } from "../devices/inventory.js";
import { loadDeviceModel } from "../devices/model-file.js";
import { VigilError } from "../errors.js";
import { Checkpoint } from "./checkpoint.js";
import type { ServiceConfig } from "./config/schema.js";
import { Dispatcher, type StageItem } from "./dispatcher.js";
import { type FlowItem, type FlowScorer, FlowStage } from "./flow-stage.js";
import { PacketStage } from "./packet-stage.js";
import { BoundedQueue } from "./queue/bounded-queue.js";
import { createSink, type Sink, SqliteSink } from "./sinks/index.js";
import { createSource, type FlowSource, type PacketSource } from "./sources/index.js";
import { Suppressor } from "./suppression.js";
import { Devices, Timeline } from "./views.js";

export interface DaemonOptions {
  log?: (msg: string) => void;
  /** Loads the flow-model detector named in the config (kept outside so the service builds without it). */
  loadFlowScorer?: (path: string) => Promise<FlowScorer>;
}

export class Daemon {
  readonly startedAt = Date.now();
  readonly sinks: Sink[];
  readonly store: SqliteSink | undefined;
  readonly suppressor: Suppressor;
  readonly checkpoint: Checkpoint;
  readonly timeline = new Timeline(3600);
  readonly devices = new Devices(4096);
  /** The device inventory (src/devices) over the packet source, when enabled. */
  inventory: DeviceInventory | undefined;
  readonly alertQueue: BoundedQueue<StageItem>;
  readonly flowQueue: BoundedQueue<FlowItem>;
  readonly dispatcher: Dispatcher;
  packetStage: PacketStage | undefined;
  flowStage: FlowStage | undefined;
  packetDetector: PacketDetector | undefined;
  flowScorer: FlowScorer | undefined;
  readonly flowSources: FlowSource[] = [];
  packetSource: PacketSource | undefined;
  flowsDropped = 0;
  sourcesDone = false;
  state: "starting" | "running" | "draining" | "stopped" = "starting";
  private sourcesRun: Promise<void> | undefined;
  private stagesRun: Promise<void>[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  readonly log: (msg: string) => void;

  constructor(
    readonly cfg: ServiceConfig,
    private readonly opts: DaemonOptions = {},
  ) {
    this.log = opts.log ?? (() => undefined);
    this.sinks = cfg.sinks.map((s) => createSink(s, cfg.queues.sink, cfg.keep_flows));
    this.store = this.sinks.find((s): s is SqliteSink => s instanceof SqliteSink);
    this.suppressor = new Suppressor(cfg.suppress);
    this.checkpoint = new Checkpoint(cfg.state_dir);
    this.alertQueue = new BoundedQueue<StageItem>("alerts", cfg.queues.alerts);
    this.flowQueue = new BoundedQueue<FlowItem>("flows", cfg.queues.flows);
    this.dispatcher = new Dispatcher(
      this.alertQueue,
      this.sinks,
      this.suppressor,
      this.checkpoint,
      cfg.worker,
      this.store,
      this.timeline,
      this.devices,
    );
    for (const sc of cfg.sources) {
      const s = createSource(sc);
      if (s.kind === "flows") this.flowSources.push(s);
      else if (this.packetSource !== undefined) {
        throw new VigilError("E_CONFIG", "at most one packet source (pcap or live) per service", {
          field: "sources",
        });
      } else this.packetSource = s;
    }
  }

  /** Opens sinks and models, then starts every stage and source. */
  async start(): Promise<void> {
    for (const s of this.sinks) await s.open();
    const cfg = this.cfg;
    if (cfg.detectors.flow !== undefined) {
      if (this.opts.loadFlowScorer === undefined) {
        throw new VigilError("E_UNSUPPORTED", "this build has no flow-model detector", {
          field: "detectors.flow",
        });
      }
      this.flowScorer = await this.opts.loadFlowScorer(cfg.detectors.flow.model);
    }
    const overflow = cfg.queues.overflow ?? (this.packetSource?.canWait === false ? "drop" : "block");
    this.stagesRun.push(this.dispatcher.run());
    this.flowStage = new FlowStage(this.flowQueue, this.alertQueue, this.flowScorer);
    this.stagesRun.push(this.flowStage.run());
    const runs: Promise<void>[] = [];
    if (this.packetSource !== undefined) {
      const pd = cfg.detectors.packet ?? {
        train_packets: 60_000,
        target_fpr: 0.001,
        alert_interval_s: 1,
        explain_top: 5,
      };
      this.packetDetector =
        pd.model !== undefined
          ? await loadDetector(pd.model)
          : new PacketDetector(trainParams(pd.train_packets, pd.target_fpr));
      const dc = cfg.detectors.devices;
      if (dc.enabled) {
        this.inventory = new DeviceInventory(
          dc.model !== undefined ? { model: loadDeviceModel(dc.model) } : {},
        );
      }
      const src = this.packetSource;
      const sourceKey = src.resumeKey ?? `${src.name}@${this.startedAt}`;
      this.packetStage = new PacketStage({
        source: src,
        detector: this.packetDetector,
        alertQueue: this.alertQueue,
        onFlow: (rec) =>
          this.deliverFlow({ rec, startMs: performance.now(), sourceKey, resumeKey: null }, overflow),
        timeline: this.timeline,
        ringBytes: cfg.queues.frame_bytes,
        overflow,
        alertIntervalS: pd.alert_interval_s,
        explainTop: pd.explain_top,
        sourceKey,
        log: this.log,
        inventory: this.inventory,
      });
      this.log(`packet source ${src.name}: ${this.packetDetector.describePhase()}`);
      runs.push(this.packetStage.run());
    }
    for (const fs of this.flowSources) {
      const sourceKey = fs.resumeKey ?? fs.name;
      const wait = overflow === "block" && fs.canWait;
      runs.push(
        fs.run((rec, ack) =>
          this.deliverFlow(
            { rec, ack, startMs: performance.now(), sourceKey, resumeKey: null },
            wait ? "block" : "drop",
          ),
        ),
      );
    }
    this.flushTimer = setInterval(() => void this.dispatcher.flushAll(), 1000);
    this.flushTimer.unref();
    this.state = "running";
    this.sourcesRun = Promise.all(runs).then(
      () => {
        this.sourcesDone = true;
        this.log("every source ended");
      },
      (e: unknown) => {
        this.sourcesDone = true;
        this.log(`source failed: ${(e as Error).message}`);
        throw e;
      },
    );
    // A failing source ends the service (after draining what it read).
    this.sourcesRun.catch(() => void this.stop());
  }

  private deliverFlow(it: FlowItem, overflow: "block" | "drop"): Promise<boolean> | boolean {
    if (overflow === "block") return this.flowQueue.put(it);
    const ok = this.flowQueue.offer(it);
    if (!ok) this.flowsDropped++;
    return ok;
  }

  /** Resolves once every source ended (file replays) and the stages drained. */
  async whenSourcesDone(): Promise<void> {
    await this.sourcesRun;
  }

  /** Stops the sources, drains every stage, flushes and closes the sinks. Idempotent. */
  stop(): Promise<void> {
    if (this.stopping === undefined) this.stopping = this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.state = "draining";
    this.packetStage?.stop();
    for (const s of this.flowSources) s.stop();
    await this.sourcesRun?.catch(() => undefined);
    this.flowQueue.close();
    await this.stagesRun[1];
    this.alertQueue.close();
    await this.stagesRun[0];
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.dispatcher.flushAll();
    for (const s of this.sinks) await s.close();
    this.state = "stopped";
  }
}

/** `vigil detect --train-packets N` split: 10% feature mapping, 70% training, 20% calibration. */
function trainParams(n: number, targetFpr: number) {
  const fmGrace = Math.max(1, Math.round(n * 0.1));
  const calibPackets = Math.max(1, Math.round(n * 0.2));
  return { fmGrace, calibPackets, adGrace: Math.max(1, n - fmGrace - calibPackets), targetFpr };
}
