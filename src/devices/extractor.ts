/**
 * Window fingerprints from decoded packets. A device is a unicast source MAC; its frames are those it
 * sends and the unicast frames sent to it. Windows are aligned on multiples of `windowS` (epoch
 * seconds); a device's window is emitted when one of its frames (or any frame: a sweep on each global
 * window change) falls in a later window, and by flush(). Windows with fewer than `minPackets` frames
 * are dropped (too little to fingerprint).
 *
 * Sub-identities (Sybil check): once a MAC has SENT from two or more private IPv4 source addresses, its
 * frames are also accumulated per (MAC, private IP), and those sub-windows are emitted with `ip` set.
 */
import { IPPROTO, type Packet } from "../decode/packet.js";
import { dnsBucket, dnsQueryName } from "./dns.js";
import { isGroupMac, isPrivate4, N_FEATURES } from "./features.js";
import { WindowAccumulator } from "./window.js";

export interface DeviceWindow {
  /** 48-bit MAC as an integer. */
  mac: number;
  /** Private IPv4 (unsigned int) of a sub-identity window, or -1 for the whole device. */
  ip: number;
  /** Window start, epoch seconds (a multiple of windowS). */
  startS: number;
  windowS: number;
  sentPackets: number;
  recvPackets: number;
  /** The fingerprint (FINGERPRINT_FEATURES order), owned by this record. */
  vector: Float32Array;
}

export interface ExtractorParams {
  windowS: number;
  minPackets: number;
  /** DNS names remembered per device (most recent distinct names). */
  maxDnsNames: number;
}

export const DEFAULT_EXTRACTOR: ExtractorParams = { windowS: 300, minPackets: 3, maxDnsNames: 16 };

interface SubState {
  acc: WindowAccumulator;
  window: number;
}

export interface DeviceState {
  mac: number;
  acc: WindowAccumulator;
  window: number;
  /** Private IPv4 source addresses this MAC sent from, with the last time seen. */
  sourceIps: Map<number, number>;
  sub: Map<number, SubState> | null;
  dnsNames: string[];
}

export class FingerprintExtractor {
  readonly params: ExtractorParams;
  readonly devices = new Map<number, DeviceState>();
  private globalWindow = Number.NEGATIVE_INFINITY;

  constructor(
    params: Partial<ExtractorParams>,
    private readonly emit: (w: DeviceWindow) => void,
  ) {
    this.params = { ...DEFAULT_EXTRACTOR, ...params };
    if (!(this.params.windowS > 0)) throw new RangeError(`windowS must be > 0, got ${this.params.windowS}`);
  }

  private state(mac: number): DeviceState {
    let s = this.devices.get(mac);
    if (!s) {
      s = {
        mac,
        acc: new WindowAccumulator(),
        window: Number.NaN,
        sourceIps: new Map(),
        sub: null,
        dnsNames: [],
      };
      this.devices.set(mac, s);
    }
    return s;
  }

  observe(p: Packet): void {
    if (!p.hasMac) return;
    const w = Math.floor(p.ts / this.params.windowS);
    if (w > this.globalWindow) {
      if (this.globalWindow !== Number.NEGATIVE_INFINITY) this.sweep(w);
      this.globalWindow = w;
    }
    let bucket = -1;
    if (!isGroupMac(p.srcMac) && p.srcMac !== 0) {
      const s = this.state(p.srcMac);
      if (p.ipProto === IPPROTO.UDP && p.dstPort === 53 && p.payloadCapLen > 0) {
        const name = dnsQueryName(p.data, p.payloadOffset, p.payloadCapLen);
        if (name !== "") {
          bucket = dnsBucket(name);
          this.rememberName(s, name);
        }
      }
      let localIp = -1;
      if (p.ipVersion === 4 && isPrivate4(p.src4)) {
        localIp = p.src4;
        s.sourceIps.set(localIp, p.ts);
        if (s.sub === null && s.sourceIps.size > 1) s.sub = new Map();
      }
      this.addTo(s, p, w, true, bucket, localIp);
    }
    if (!isGroupMac(p.dstMac) && p.dstMac !== 0 && p.dstMac !== p.srcMac) {
      const d = this.devices.get(p.dstMac);
      if (d) this.addTo(d, p, w, false, -1, p.ipVersion === 4 && isPrivate4(p.dst4) ? p.dst4 : -1);
    }
  }

  private rememberName(s: DeviceState, name: string): void {
    const i = s.dnsNames.indexOf(name);
    if (i >= 0) s.dnsNames.splice(i, 1);
    s.dnsNames.push(name);
    if (s.dnsNames.length > this.params.maxDnsNames) s.dnsNames.shift();
  }

  private addTo(s: DeviceState, p: Packet, w: number, sent: boolean, bucket: number, localIp: number): void {
    if (Number.isNaN(s.window)) s.window = w;
    else if (w > s.window) {
      this.close(s);
      s.window = w;
    }
    s.acc.add(p, sent, bucket);
    if (s.sub === null || localIp < 0) return;
    let sub = s.sub.get(localIp);
    if (!sub) {
      sub = { acc: new WindowAccumulator(), window: w };
      s.sub.set(localIp, sub);
    } else if (w > sub.window) {
      this.closeSub(s, localIp, sub);
      sub.window = w;
    }
    sub.acc.add(p, sent, bucket);
  }

  private vectorOf(acc: WindowAccumulator): Float32Array {
    const v = new Float32Array(N_FEATURES);
    acc.finalize(this.params.windowS, v);
    return v;
  }

  private close(s: DeviceState): void {
    const a = s.acc;
    if (a.packets >= this.params.minPackets) {
      this.emit({
        mac: s.mac,
        ip: -1,
        startS: s.window * this.params.windowS,
        windowS: this.params.windowS,
        sentPackets: a.sent,
        recvPackets: a.recv,
        vector: this.vectorOf(a),
      });
    }
    a.reset();
  }

  private closeSub(s: DeviceState, ip: number, sub: SubState): void {
    const a = sub.acc;
    if (a.packets >= this.params.minPackets) {
      this.emit({
        mac: s.mac,
        ip,
        startS: sub.window * this.params.windowS,
        windowS: this.params.windowS,
        sentPackets: a.sent,
        recvPackets: a.recv,
        vector: this.vectorOf(a),
      });
    }
    a.reset();
  }

  /** Emits every open window that ended before window index `w`. */
  private sweep(w: number): void {
    for (const s of this.devices.values()) {
      if (s.window < w && s.acc.packets > 0) this.close(s);
      if (s.sub)
        for (const [ip, sub] of s.sub) if (sub.window < w && sub.acc.packets > 0) this.closeSub(s, ip, sub);
    }
  }

  /** Emits every open window (end of input). */
  flush(): void {
    this.sweep(Number.POSITIVE_INFINITY);
  }
}
