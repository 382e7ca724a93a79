/**
 * One device's statistics over one time window (see features.ts for what each feature means). An
 * accumulator is reused from window to window (reset() clears it) so steady-state updates allocate
 * nothing but Set entries for new peers and ports.
 */
import { ETHERTYPE, IPPROTO, type Packet, TCP_FLAG } from "../decode/packet.js";
import {
  DNS_BUCKETS,
  isGroupMac,
  isPrivate4,
  N_FEATURES,
  SERVICE_CLASSES,
  serviceClass,
} from "./features.js";

const N_SVC = SERVICE_CLASSES.length;
const IAT_FLOOR_S = 1e-6;

/** A negative number standing for 16 IPv6 address bytes (FNV-1a, 52 bits): no string per packet. */
export function ipv6Key(b: Uint8Array): number {
  let lo = 0x811c9dc5;
  let hi = 0x01000193;
  for (let i = 0; i < 16; i++) {
    lo = Math.imul(lo ^ b[i], 0x01000193) >>> 0;
    hi = Math.imul(hi ^ b[15 - i], 0x01000193) >>> 0;
  }
  return -((hi & 0xfffff) * 0x100000000 + lo) - 1;
}

export class WindowAccumulator {
  sent = 0;
  recv = 0;
  sentBytes = 0;
  recvBytes = 0;
  firstTs = Number.POSITIVE_INFINITY;
  lastTs = Number.NEGATIVE_INFINITY;
  tcp = 0;
  udp = 0;
  icmp = 0;
  arp = 0;
  otherL2 = 0;
  ipv6 = 0;
  sentGroup = 0;
  readonly svc = new Float64Array(N_SVC);
  l4 = 0;
  /** Peer addresses: IPv4 as its unsigned value, IPv6 as a negative 52-bit hash (ipv6Key). */
  readonly peers = new Set<number>();
  peersPrivate = 0;
  readonly peerPorts = new Set<number>();
  readonly ownPorts = new Set<number>();
  syn = 0;
  finRst = 0;
  sentZeroPayload = 0;
  sentL4 = 0;
  sentSizeSum = 0;
  sentSizeSq = 0;
  sentSizeMax = 0;
  recvSizeSum = 0;
  recvSizeSq = 0;
  lastSentTs = Number.NaN;
  iatN = 0;
  iatSum = 0;
  iatSq = 0;
  ttlN = 0;
  ttlSum = 0;
  winN = 0;
  winSum = 0;
  dnsQueries = 0;
  readonly dnsBuckets = new Float64Array(DNS_BUCKETS);

  get packets(): number {
    return this.sent + this.recv;
  }

  reset(): void {
    this.sent = this.recv = this.sentBytes = this.recvBytes = 0;
    this.firstTs = Number.POSITIVE_INFINITY;
    this.lastTs = Number.NEGATIVE_INFINITY;
    this.tcp = this.udp = this.icmp = this.arp = this.otherL2 = this.ipv6 = this.sentGroup = 0;
    this.svc.fill(0);
    this.l4 = 0;
    this.peers.clear();
    this.peersPrivate = 0;
    this.peerPorts.clear();
    this.ownPorts.clear();
    this.syn = this.finRst = this.sentZeroPayload = this.sentL4 = 0;
    this.sentSizeSum = this.sentSizeSq = this.sentSizeMax = this.recvSizeSum = this.recvSizeSq = 0;
    this.lastSentTs = Number.NaN;
    this.iatN = this.iatSum = this.iatSq = 0;
    this.ttlN = this.ttlSum = this.winN = this.winSum = 0;
    this.dnsQueries = 0;
    this.dnsBuckets.fill(0);
  }

  /** Adds one frame; `sent` is true when the device is the frame's source. dnsBucket >= 0 for a DNS query. */
  add(p: Packet, sent: boolean, dnsBucket: number): void {
    const ts = p.ts;
    if (ts < this.firstTs) this.firstTs = ts;
    if (ts > this.lastTs) this.lastTs = ts;
    const size = p.wireLen;
    if (sent) {
      this.sent++;
      this.sentBytes += size;
      this.sentSizeSum += size;
      this.sentSizeSq += size * size;
      if (size > this.sentSizeMax) this.sentSizeMax = size;
      if (isGroupMac(p.dstMac)) this.sentGroup++;
      if (!Number.isNaN(this.lastSentTs)) {
        const l = Math.log10(Math.max(IAT_FLOOR_S, ts - this.lastSentTs));
        this.iatN++;
        this.iatSum += l;
        this.iatSq += l * l;
      }
      this.lastSentTs = ts;
    } else {
      this.recv++;
      this.recvBytes += size;
      this.recvSizeSum += size;
      this.recvSizeSq += size * size;
    }
    if (p.etherType === ETHERTYPE.ARP) {
      this.arp++;
      return;
    }
    if (p.ipVersion === 0) {
      this.otherL2++;
      return;
    }
    if (p.ipVersion === 6) this.ipv6++;
    if (sent) {
      this.ttlN++;
      this.ttlSum += p.ttl;
    }
    const peer = p.ipVersion === 4 ? (sent ? p.dst4 : p.src4) : ipv6Key(sent ? p.dst6 : p.src6);
    if (!this.peers.has(peer)) {
      this.peers.add(peer);
      if (peer >= 0 && isPrivate4(peer)) this.peersPrivate++;
    }
    const proto = p.ipProto;
    if (proto === IPPROTO.ICMP || proto === IPPROTO.ICMPV6) {
      this.icmp++;
      return;
    }
    if (proto !== IPPROTO.TCP && proto !== IPPROTO.UDP) return;
    if (proto === IPPROTO.TCP) this.tcp++;
    else this.udp++;
    if (p.srcPort < 0 || p.dstPort < 0) return;
    this.l4++;
    this.svc[serviceClass(p.srcPort, p.dstPort)]++;
    this.peerPorts.add(sent ? p.dstPort : p.srcPort);
    this.ownPorts.add(sent ? p.srcPort : p.dstPort);
    if (!sent) return;
    this.sentL4++;
    if (p.payloadLen === 0) this.sentZeroPayload++;
    if (proto === IPPROTO.TCP) {
      const f = p.tcpFlags;
      if ((f & TCP_FLAG.SYN) !== 0 && (f & TCP_FLAG.ACK) === 0) this.syn++;
      if ((f & (TCP_FLAG.FIN | TCP_FLAG.RST)) !== 0) this.finRst++;
      this.winN++;
      this.winSum += Math.log1p(p.tcpWindow);
    } else if (dnsBucket >= 0) {
      this.dnsQueries++;
      this.dnsBuckets[dnsBucket]++;
    }
  }

  /** Writes the fingerprint of this window (length N_FEATURES) into out[offset...]. */
  finalize(windowS: number, out: Float32Array, offset = 0): void {
    const o = offset;
    const all = this.sent + this.recv;
    const share = (x: number, n: number) => (n > 0 ? x / n : 0);
    const std = (sum: number, sq: number, n: number) =>
      n > 0 ? Math.sqrt(Math.max(0, sq / n - (sum / n) * (sum / n))) : Number.NaN;
    let i = o;
    out[i++] = Math.log1p(this.sent);
    out[i++] = Math.log1p(this.recv);
    out[i++] = Math.log1p(this.sentBytes);
    out[i++] = Math.log1p(this.recvBytes);
    out[i++] = share(this.sent, all);
    out[i++] = all > 1 ? Math.min(1, (this.lastTs - this.firstTs) / windowS) : 0;
    out[i++] = share(this.tcp, all);
    out[i++] = share(this.udp, all);
    out[i++] = share(this.icmp, all);
    out[i++] = share(this.arp, all);
    out[i++] = share(this.otherL2, all);
    out[i++] = share(this.ipv6, all);
    out[i++] = share(this.sentGroup, this.sent);
    for (let s = 0; s < N_SVC; s++) out[i++] = share(this.svc[s], this.l4);
    out[i++] = Math.log1p(this.peers.size);
    out[i++] = share(this.peersPrivate, this.peers.size);
    out[i++] = Math.log1p(this.peerPorts.size);
    out[i++] = Math.log1p(this.ownPorts.size);
    out[i++] = share(this.syn, this.sent);
    out[i++] = share(this.finRst, this.sent);
    out[i++] = share(this.sentZeroPayload, this.sentL4);
    out[i++] = this.sent > 0 ? this.sentSizeSum / this.sent : Number.NaN;
    out[i++] = std(this.sentSizeSum, this.sentSizeSq, this.sent);
    out[i++] = this.sent > 0 ? this.sentSizeMax : Number.NaN;
    out[i++] = this.recv > 0 ? this.recvSizeSum / this.recv : Number.NaN;
    out[i++] = std(this.recvSizeSum, this.recvSizeSq, this.recv);
    out[i++] = this.iatN > 0 ? this.iatSum / this.iatN : Number.NaN;
    out[i++] = std(this.iatSum, this.iatSq, this.iatN);
    out[i++] = this.ttlN > 0 ? this.ttlSum / this.ttlN : Number.NaN;
    out[i++] = this.winN > 0 ? this.winSum / this.winN : Number.NaN;
    out[i++] = Math.log1p(this.dnsQueries);
    for (let b = 0; b < DNS_BUCKETS; b++) out[i++] = share(this.dnsBuckets[b], this.dnsQueries);
    if (i - o !== N_FEATURES) throw new Error(`fingerprint wrote ${i - o} features, expected ${N_FEATURES}`);
  }
}
