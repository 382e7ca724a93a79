/**
 * ARP/IP conflicts and ARP floods (arpwatch's idea, on decoded packets):
 * - a claim is "IP x is at MAC m": an ARP sender field (sender IP 0.0.0.0, an address probe, claims
 *   nothing), or an IPv4 source address that is on-link (already claimed in ARP by someone);
 * - ip-conflict: a claim by MAC m2 for an IP that MAC m1 claimed less than `conflictWindowS` ago
 *   (a DHCP re-assignment after a quiet hour is not a conflict); reported once per (IP, MAC pair)
 *   per `conflictWindowS`;
 * - arp-flood: more than `floodPerS` gratuitous ARPs (sender IP = target IP) or replies to the
 *   broadcast MAC from one MAC within one second; reported once per MAC per `conflictWindowS`.
 */
import { ETHERTYPE, formatIp4, formatMac, type Packet } from "../decode/packet.js";
import type { IdentityAlert } from "./schemas.js";

export interface ArpWatchParams {
  conflictWindowS: number;
  floodPerS: number;
}

export const DEFAULT_ARP_WATCH: ArpWatchParams = { conflictWindowS: 600, floodPerS: 5 };

interface Claim {
  mac: number;
  ts: number;
}

const BROADCAST = 0xffffffffffff;

export class ArpWatch {
  readonly params: ArpWatchParams;
  /** Latest claim per IPv4 address. */
  readonly claims = new Map<number, Claim>();
  private readonly onLink = new Set<number>();
  private readonly reported = new Map<string, number>();
  private readonly burst = new Map<number, { second: number; count: number }>();

  constructor(
    params: Partial<ArpWatchParams>,
    private readonly alert: (a: IdentityAlert) => void,
  ) {
    this.params = { ...DEFAULT_ARP_WATCH, ...params };
  }

  observe(p: Packet): void {
    if (p.etherType === ETHERTYPE.ARP && p.arpOp !== 0) {
      const sip = p.arpSenderIp4;
      const gratuitous = sip !== 0 && (sip === p.arpTargetIp4 || (p.arpOp === 2 && p.dstMac === BROADCAST));
      if (gratuitous) this.countGratuitous(p.arpSenderMac, p.ts);
      if (sip !== 0) {
        this.onLink.add(sip);
        this.claim(sip, p.arpSenderMac, p.ts, "arp");
      }
      return;
    }
    if (p.ipVersion === 4 && p.hasMac && this.onLink.has(p.src4))
      this.claim(p.src4, p.srcMac, p.ts, "ip-source");
  }

  /** IPv4 addresses (unsigned ints) whose latest claim is by `mac`. */
  ipsOf(mac: number): number[] {
    const out: number[] = [];
    for (const [ip, c] of this.claims) if (c.mac === mac) out.push(ip);
    return out;
  }

  private claim(ip: number, mac: number, ts: number, via: string): void {
    const prev = this.claims.get(ip);
    this.claims.set(ip, { mac, ts });
    if (!prev || prev.mac === mac || ts - prev.ts >= this.params.conflictWindowS) return;
    const [a, b] = prev.mac < mac ? [prev.mac, mac] : [mac, prev.mac];
    const key = `${ip}|${a}|${b}`;
    const last = this.reported.get(key);
    if (last !== undefined && ts - last < this.params.conflictWindowS) return;
    this.reported.set(key, ts);
    const ipText = formatIp4(ip);
    this.alert({
      kind: "ip-conflict",
      ts,
      macs: [formatMac(prev.mac), formatMac(mac)],
      ips: [ipText],
      severity: 3,
      message: `${ipText} claimed by ${formatMac(mac)} (${via}) ${Math.round((ts - prev.ts) * 1000) / 1000} s after ${formatMac(prev.mac)}`,
      details: {
        via,
        previousMac: formatMac(prev.mac),
        newMac: formatMac(mac),
        gapS: Math.round((ts - prev.ts) * 1000) / 1000,
      },
    });
  }

  private countGratuitous(mac: number, ts: number): void {
    const second = Math.floor(ts);
    let b = this.burst.get(mac);
    if (!b || b.second !== second) {
      b = { second, count: 0 };
      this.burst.set(mac, b);
    }
    b.count++;
    if (b.count !== this.params.floodPerS + 1) return;
    const key = `flood|${mac}`;
    const last = this.reported.get(key);
    if (last !== undefined && ts - last < this.params.conflictWindowS) return;
    this.reported.set(key, ts);
    this.alert({
      kind: "arp-flood",
      ts,
      macs: [formatMac(mac)],
      ips: this.ipsOf(mac).map(formatIp4),
      severity: 2,
      message: `${formatMac(mac)} sent more than ${this.params.floodPerS} gratuitous/unsolicited ARP frames in one second`,
      details: { perSecondLimit: this.params.floodPerS },
    });
  }
}
