/**
 * Sybil checks on window fingerprints (standardized vectors):
 * - multi-identity: one MAC sending as several private IPv4 addresses in the same window (the
 *   extractor's sub-identity windows) whose fingerprints behave as different devices: different known
 *   classes (or one known and one unknown) when a model is loaded, else a distance above
 *   `distinctDistance`. A MITM forwarder or a gateway hosting several services also matches: the
 *   alert says which IPs and what each looked like.
 * - clones: several NEW MACs (not enrolled; with no model, first seen after the grace period) first
 *   seen within `appearWithinS` of each other whose first fingerprints are within `cloneDistance`.
 * Each MAC (or MAC group) is reported once per `cooldownS`.
 */
import { formatIp4, formatMac } from "../decode/packet.js";
import type { IdentityAlert } from "./schemas.js";

export interface SybilParams {
  distinctDistance: number;
  cloneDistance: number;
  appearWithinS: number;
  cooldownS: number;
}

export const DEFAULT_SYBIL: SybilParams = {
  distinctDistance: 3,
  cloneDistance: 0.5,
  appearWithinS: 120,
  cooldownS: 600,
};

export interface SubWindow {
  ip: number;
  z: Float32Array;
  /** Model label ("unknown" included) or null without a model. */
  label: string | null;
}

export function euclid(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i] - b[i];
    s += t * t;
  }
  return Math.sqrt(s);
}

interface NewDevice {
  mac: number;
  firstSeenS: number;
  z: Float32Array;
}

export class SybilCheck {
  readonly params: SybilParams;
  private readonly subs = new Map<string, SubWindow[]>();
  private readonly fresh: NewDevice[] = [];
  private readonly reported = new Map<string, number>();

  constructor(
    params: Partial<SybilParams>,
    private readonly alert: (a: IdentityAlert) => void,
  ) {
    this.params = { ...DEFAULT_SYBIL, ...params };
  }

  private once(key: string, ts: number): boolean {
    const last = this.reported.get(key);
    if (last !== undefined && ts - last < this.params.cooldownS) return false;
    this.reported.set(key, ts);
    return true;
  }

  /** A sub-identity window of `mac` for window start `startS`. */
  subWindow(mac: number, startS: number, sw: SubWindow): void {
    const key = `${mac}|${startS}`;
    const list = this.subs.get(key) ?? [];
    for (const o of list) {
      const d = euclid(o.z, sw.z);
      const differ =
        sw.label !== null && o.label !== null ? sw.label !== o.label : d > this.params.distinctDistance;
      if (!differ || !this.once(`multi|${mac}`, startS)) continue;
      const ips = [formatIp4(o.ip), formatIp4(sw.ip)];
      this.alert({
        kind: "sybil-multi-identity",
        ts: startS,
        macs: [formatMac(mac)],
        ips,
        severity: 2,
        message: `${formatMac(mac)} sends as ${ips.join(" and ")}, which behave as different devices${
          sw.label !== null ? ` (${o.label} vs ${sw.label})` : ` (distance ${d.toFixed(2)})`
        }`,
        details: { distance: Math.round(d * 1000) / 1000, labels: [o.label ?? "", sw.label ?? ""] },
      });
    }
    list.push(sw);
    this.subs.set(key, list);
    // Keep only recent window starts.
    if (this.subs.size > 4096) {
      const first = this.subs.keys().next().value;
      if (first !== undefined) this.subs.delete(first);
    }
  }

  /** The first window of a new (not enrolled) device. */
  newDevice(mac: number, firstSeenS: number, z: Float32Array): void {
    const p = this.params;
    while (this.fresh.length > 0 && firstSeenS - this.fresh[0].firstSeenS > p.appearWithinS)
      this.fresh.shift();
    const twins = this.fresh.filter(
      (o) => Math.abs(o.firstSeenS - firstSeenS) <= p.appearWithinS && euclid(o.z, z) < p.cloneDistance,
    );
    this.fresh.push({ mac, firstSeenS, z: Float32Array.from(z) });
    if (twins.length === 0 || !this.once(`clones|${mac}`, firstSeenS)) return;
    const macs = [...twins.map((t) => formatMac(t.mac)), formatMac(mac)];
    this.alert({
      kind: "sybil-clones",
      ts: firstSeenS,
      macs,
      ips: [],
      severity: 2,
      message: `${macs.length} new MACs appeared within ${p.appearWithinS} s with near-identical fingerprints`,
      details: { count: macs.length, cloneDistance: p.cloneDistance },
    });
  }
}
