/**
 * DeviceInventory: what is on the network, fed one decoded packet at a time (a pcap, a live capture,
 * the service daemon). It keeps one record per device MAC (IPs, identification, first/last seen,
 * counters, DNS names) and raises identity alerts:
 *   new-device / unknown-device      a MAC not enrolled (not trained on, not in the names file), and
 *                                    one whose windows are mostly unlike any known device
 *   identity-mismatch                an enrolled MAC with `mismatchWindows` of its last `recentWindows`
 *                                    windows not of its own class (unknown or another class)
 *   behaviour-change                 behaviour.ts
 *   ip-conflict / arp-flood          arp-watch.ts
 *   sybil-multi-identity / -clones   sybil.ts
 * Without a model every device is "unclassified" and the model-free checks still run.
 *
 *   const inv = new DeviceInventory({ model: loadDeviceModel("devices.json") });
 *   for each packet: inv.observe(packet);   ...   inv.flush(); inv.snapshot();
 */
import { z } from "zod";
import { formatIp4, formatMac, type Packet } from "../decode/packet.js";
import { VigilError } from "../errors.js";
import { ArpWatch, DEFAULT_ARP_WATCH } from "./arp-watch.js";
import { BehaviourTracker, DEFAULT_BEHAVIOUR, RunningScale } from "./behaviour.js";
import { DEFAULT_EXTRACTOR, type DeviceWindow, FingerprintExtractor } from "./extractor.js";
import { N_FEATURES } from "./features.js";
import { deviceRecord, type Info, macNumber } from "./inventory-record.js";
import type { EnrolledDevice, TrainedDevices } from "./model-file.js";
import { standardize } from "./open-set.js";
import type { DeviceRecord, IdentityAlert, InventorySnapshot } from "./schemas.js";
import { DEFAULT_SYBIL, SybilCheck } from "./sybil.js";

export const inventoryParamsSchema = z
  .object({
    /** Window length, s (default: the model's, else 300). */
    windowS: z.number().positive().optional(),
    minPackets: z.number().int().min(1).optional(),
    /** Verdicts remembered per device (identification and mismatch use the last ones). */
    recentWindows: z.number().int().min(1).default(5),
    /** Of the recent windows, this many not of an enrolled device's own class raise identity-mismatch. */
    mismatchWindows: z.number().int().min(1).default(4),
    /** Without a model: devices first seen this long after observation started are reported as new. */
    newDeviceGraceS: z.number().nonnegative().default(10),
    /** Alerts kept for snapshot(). */
    maxAlerts: z.number().int().min(1).default(1000),
    conflictWindowS: z.number().positive().default(DEFAULT_ARP_WATCH.conflictWindowS),
    arpFloodPerS: z.number().int().min(1).default(DEFAULT_ARP_WATCH.floodPerS),
    behaviourThreshold: z.number().positive().default(DEFAULT_BEHAVIOUR.threshold),
    behaviourWarmup: z.number().int().min(1).default(DEFAULT_BEHAVIOUR.warmup),
    sybilDistinctDistance: z.number().positive().default(DEFAULT_SYBIL.distinctDistance),
    sybilCloneDistance: z.number().positive().default(DEFAULT_SYBIL.cloneDistance),
  })
  .strict();
export type InventoryParams = z.infer<typeof inventoryParamsSchema>;

export class DeviceInventory {
  readonly params: InventoryParams;
  readonly windowS: number;
  private readonly model: TrainedDevices | null;
  private readonly enrolled = new Map<number, EnrolledDevice>();
  private readonly devices = new Map<number, Info>();
  private readonly extractor: FingerprintExtractor;
  private readonly arp: ArpWatch;
  private readonly sybil: SybilCheck;
  private readonly scale = new RunningScale(N_FEATURES);
  private readonly z = new Float32Array(N_FEATURES);
  private readonly kept: IdentityAlert[] = [];
  private pending: IdentityAlert[] = [];
  private startS = Number.NaN;
  private nPackets = 0;

  constructor(
    opts: {
      model?: TrainedDevices;
      params?: Partial<InventoryParams>;
      onAlert?: (a: IdentityAlert) => void;
    } = {},
  ) {
    const r = inventoryParamsSchema.safeParse(opts.params ?? {});
    if (!r.success) {
      const i = r.error.issues[0];
      throw new VigilError("E_CONFIG", `device inventory: ${i.message}`, { field: i.path.join(".") });
    }
    this.params = r.data;
    this.model = opts.model ?? null;
    for (const e of this.model?.enrolled ?? []) this.enrolled.set(macNumber(e.mac), e);
    this.windowS = this.params.windowS ?? this.model?.extractor.windowS ?? DEFAULT_EXTRACTOR.windowS;
    const minPackets =
      this.params.minPackets ?? this.model?.extractor.minPackets ?? DEFAULT_EXTRACTOR.minPackets;
    const raise = (a: IdentityAlert) => {
      for (const m of a.macs) {
        const d = this.devices.get(macNumber(m));
        if (d) d.alerts++;
      }
      this.kept.push(a);
      if (this.kept.length > this.params.maxAlerts) this.kept.shift();
      this.pending.push(a);
      opts.onAlert?.(a);
    };
    this.extractor = new FingerprintExtractor({ windowS: this.windowS, minPackets }, (w) => this.onWindow(w));
    this.arp = new ArpWatch(
      { conflictWindowS: this.params.conflictWindowS, floodPerS: this.params.arpFloodPerS },
      raise,
    );
    this.sybil = new SybilCheck(
      { distinctDistance: this.params.sybilDistinctDistance, cloneDistance: this.params.sybilCloneDistance },
      raise,
    );
    this.raise = raise;
  }

  private readonly raise: (a: IdentityAlert) => void;

  get packets(): number {
    return this.nPackets;
  }

  observe(p: Packet): void {
    this.nPackets++;
    if (Number.isNaN(this.startS)) this.startS = p.ts;
    this.arp.observe(p);
    if (!p.hasMac) return;
    this.extractor.observe(p);
    if (this.extractor.devices.has(p.srcMac)) {
      const src = this.info(p.srcMac, p.ts);
      src.sent++;
      src.bytesSent += p.wireLen;
      if (p.ts > src.lastSeenS) src.lastSeenS = p.ts;
    }
    const dst = p.dstMac !== p.srcMac ? this.devices.get(p.dstMac) : undefined;
    if (dst) {
      dst.recv++;
      dst.bytesRecv += p.wireLen;
    }
  }

  private info(mac: number, ts: number): Info {
    let d = this.devices.get(mac);
    if (!d) {
      d = {
        mac,
        firstSeenS: ts,
        lastSeenS: ts,
        sent: 0,
        recv: 0,
        bytesSent: 0,
        bytesRecv: 0,
        windows: 0,
        unknownWindows: 0,
        recent: [],
        behaviour: new BehaviourTracker({
          ...DEFAULT_BEHAVIOUR,
          threshold: this.params.behaviourThreshold,
          warmup: this.params.behaviourWarmup,
        }),
        alerts: 0,
        unknownReported: false,
        mismatchActive: false,
      };
      this.devices.set(mac, d);
    }
    return d;
  }

  private standardized(v: Float32Array): Float32Array {
    if (this.model) return standardize(this.model.model.exportState().standardizer, v, this.z);
    return this.scale.standardize(v, this.z);
  }

  private onWindow(w: DeviceWindow): void {
    const m = this.model?.model;
    if (w.ip >= 0) {
      const label = m ? m.classify([w.vector])[0].label : null;
      this.sybil.subWindow(w.mac, w.startS, {
        ip: w.ip,
        z: Float32Array.from(this.standardized(w.vector)),
        label,
      });
      return;
    }
    const d = this.info(w.mac, w.startS);
    if (!this.model) this.scale.add(w.vector);
    const z = this.standardized(w.vector);
    const macText = formatMac(w.mac);
    const ts = w.startS + w.windowS;
    const first = d.windows === 0;
    d.windows++;
    if (d.behaviour.update(z)) {
      this.raise({
        kind: "behaviour-change",
        ts,
        macs: [macText],
        ips: this.ipsOf(w.mac),
        severity: 2,
        message: `${macText} changed behaviour abruptly (score ${d.behaviour.lastScore.toFixed(2)} > ${this.params.behaviourThreshold})`,
        details: { score: Math.round(d.behaviour.lastScore * 1000) / 1000 },
      });
    }
    const enrolled = this.enrolled.get(w.mac);
    if (!m) {
      // No approved list: a device first seen after the initial population (grace period) is new.
      if (first && d.firstSeenS >= this.startS + this.params.newDeviceGraceS) {
        this.raise({
          kind: "new-device",
          ts,
          macs: [macText],
          ips: this.ipsOf(w.mac),
          severity: 1,
          message: `new device ${macText} joined the network`,
          details: {},
        });
        this.sybil.newDevice(w.mac, d.firstSeenS, z);
      }
      return;
    }
    const v = m.classify([w.vector])[0];
    if (v.unknown) d.unknownWindows++;
    d.recent.push({ label: v.label, probability: v.probability });
    if (d.recent.length > this.params.recentWindows) d.recent.shift();
    if (enrolled && !enrolled.trained) return; // approved, but no class of its own to compare with
    if (enrolled) {
      const off = d.recent.filter((x) => x.label !== enrolled.label).length;
      if (off >= this.params.mismatchWindows && !d.mismatchActive) {
        d.mismatchActive = true;
        const seen = [...new Set(d.recent.map((x) => x.label))];
        this.raise({
          kind: "identity-mismatch",
          ts,
          macs: [macText],
          ips: this.ipsOf(w.mac),
          severity: 3,
          message: `${macText} is enrolled as ${enrolled.name} (${enrolled.label}) but ${off} of its last ${d.recent.length} windows look like ${seen.join(", ")}`,
          details: { enrolledAs: enrolled.label, lookedLike: seen },
        });
      } else if (off === 0) d.mismatchActive = false;
      return;
    }
    if (first) {
      this.raise({
        kind: "new-device",
        ts,
        macs: [macText],
        ips: this.ipsOf(w.mac),
        severity: 2,
        message: `device ${macText} is not enrolled; first window looks like ${v.label}`,
        details: { lookedLike: v.label, probability: Math.round(v.probability * 1000) / 1000 },
      });
      this.sybil.newDevice(w.mac, d.firstSeenS, z);
    }
    if (!d.unknownReported && d.unknownWindows >= 1 && d.unknownWindows * 2 >= d.windows) {
      d.unknownReported = true;
      this.raise({
        kind: "unknown-device",
        ts,
        macs: [macText],
        ips: this.ipsOf(w.mac),
        severity: 3,
        message: `device ${macText} behaves unlike any known device (${d.unknownWindows} of ${d.windows} windows unknown; closest ${v.predicted}, p=${v.probability.toFixed(2)}, distance ${v.distance.toFixed(2)})`,
        details: {
          closest: v.predicted,
          probability: Math.round(v.probability * 1000) / 1000,
          distance: Math.round(v.distance * 1000) / 1000,
        },
      });
    }
  }

  private ipsOf(mac: number): string[] {
    const ips = new Set<number>(this.arp.ipsOf(mac));
    for (const ip of this.extractor.devices.get(mac)?.sourceIps.keys() ?? []) ips.add(ip);
    return [...ips].sort((a, b) => a - b).map(formatIp4);
  }

  /** Closes every open window (end of a capture). */
  flush(): void {
    this.extractor.flush();
  }

  /** Alerts raised since the previous call. */
  drainAlerts(): IdentityAlert[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  snapshot(): InventorySnapshot {
    const devices: DeviceRecord[] = [...this.devices.values()]
      .sort((a, b) => a.firstSeenS - b.firstSeenS || a.mac - b.mac)
      .map((d) =>
        deviceRecord(
          d,
          this.enrolled.get(d.mac),
          this.model !== null,
          this.ipsOf(d.mac),
          this.extractor.devices.get(d.mac)?.dnsNames ?? [],
        ),
      );
    return {
      devices,
      alerts: [...this.kept],
      model: this.model ? { classes: this.model.model.classes, enrolled: this.enrolled.size } : null,
      windowS: this.windowS,
      packets: this.nPackets,
    };
  }
}
