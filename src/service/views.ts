/**
 * What the dashboard shows besides alerts, kept in bounded memory:
 * - Timeline: per capture-second bins (packets, bytes, flows, alerts, max and mean anomaly score) in a
 *   ring of the last `seconds` seconds.
 * - Devices: per IP address (both directions) packets and bytes sent/received, flows, alerts, max
 *   score, first/last seen; at most `maxDevices`, least recently seen evicted first.
 */

export interface TimelineBin {
  /** Capture time, seconds since the epoch (start of the bin). */
  t: number;
  packets: number;
  bytes: number;
  flows: number;
  alerts: number;
  /** Highest / mean anomaly score of scored packets in the bin (0 when none). */
  score_max: number;
  score_mean: number;
}

export class Timeline {
  private readonly t: Float64Array;
  private readonly packets: Float64Array;
  private readonly bytes: Float64Array;
  private readonly flows: Float64Array;
  private readonly alerts: Float64Array;
  private readonly scoreMax: Float64Array;
  private readonly scoreSum: Float64Array;
  private readonly scored: Float64Array;
  private newest = Number.NEGATIVE_INFINITY;

  constructor(readonly seconds = 3600) {
    this.t = new Float64Array(seconds).fill(-1);
    this.packets = new Float64Array(seconds);
    this.bytes = new Float64Array(seconds);
    this.flows = new Float64Array(seconds);
    this.alerts = new Float64Array(seconds);
    this.scoreMax = new Float64Array(seconds);
    this.scoreSum = new Float64Array(seconds);
    this.scored = new Float64Array(seconds);
  }

  private slot(tsSec: number): number {
    const s = Math.floor(tsSec);
    if (s <= this.newest - this.seconds) return -1; // older than the window
    const i = ((s % this.seconds) + this.seconds) % this.seconds;
    if (this.t[i] !== s) {
      this.t[i] = s;
      this.packets[i] = this.bytes[i] = this.flows[i] = this.alerts[i] = 0;
      this.scoreMax[i] = this.scoreSum[i] = this.scored[i] = 0;
    }
    if (s > this.newest) this.newest = s;
    return i;
  }

  packet(tsSec: number, bytes: number): void {
    const i = this.slot(tsSec);
    if (i < 0) return;
    this.packets[i]++;
    this.bytes[i] += bytes;
  }

  score(tsSec: number, score: number): void {
    const i = this.slot(tsSec);
    if (i < 0 || !Number.isFinite(score)) return;
    if (score > this.scoreMax[i]) this.scoreMax[i] = score;
    this.scoreSum[i] += score;
    this.scored[i]++;
  }

  flow(tsSec: number): void {
    const i = this.slot(tsSec);
    if (i >= 0) this.flows[i]++;
  }

  alert(tsSec: number): void {
    const i = this.slot(tsSec);
    if (i >= 0) this.alerts[i]++;
  }

  /** Bins in time order (only seconds that saw something). */
  bins(): TimelineBin[] {
    const out: TimelineBin[] = [];
    for (let i = 0; i < this.seconds; i++) {
      if (this.t[i] < 0 || this.t[i] <= this.newest - this.seconds) continue;
      out.push({
        t: this.t[i],
        packets: this.packets[i],
        bytes: this.bytes[i],
        flows: this.flows[i],
        alerts: this.alerts[i],
        score_max: this.scoreMax[i],
        score_mean: this.scored[i] > 0 ? this.scoreSum[i] / this.scored[i] : 0,
      });
    }
    return out.sort((a, b) => a.t - b.t);
  }
}

export interface DeviceView {
  ip: string;
  packets_sent: number;
  packets_received: number;
  bytes_sent: number;
  bytes_received: number;
  flows: number;
  alerts: number;
  score_max: number;
  first_seen: number;
  last_seen: number;
  /** Peers seen in flows (at most 32 kept). */
  peers: string[];
}

export class Devices {
  private readonly map = new Map<string, DeviceView>();
  evicted = 0;

  constructor(readonly maxDevices = 4096) {}

  private get(ip: string, ts: number): DeviceView {
    let d = this.map.get(ip);
    if (d === undefined) {
      d = {
        ip,
        packets_sent: 0,
        packets_received: 0,
        bytes_sent: 0,
        bytes_received: 0,
        flows: 0,
        alerts: 0,
        score_max: 0,
        first_seen: ts,
        last_seen: ts,
        peers: [],
      };
      if (this.map.size >= this.maxDevices) {
        const oldest = this.map.keys().next().value as string;
        this.map.delete(oldest);
        this.evicted++;
      }
    } else this.map.delete(ip); // re-insert: Map order = recency
    this.map.set(ip, d);
    if (ts > d.last_seen) d.last_seen = ts;
    return d;
  }

  flow(
    src: string,
    dst: string,
    ts: number,
    pktsSent: number,
    pktsRecv: number,
    bytesSent: number,
    bytesRecv: number,
  ): void {
    const a = this.get(src, ts);
    a.flows++;
    a.packets_sent += pktsSent;
    a.packets_received += pktsRecv;
    a.bytes_sent += bytesSent;
    a.bytes_received += bytesRecv;
    if (a.peers.length < 32 && !a.peers.includes(dst)) a.peers.push(dst);
    const b = this.get(dst, ts);
    b.flows++;
    b.packets_sent += pktsRecv;
    b.packets_received += pktsSent;
    b.bytes_sent += bytesRecv;
    b.bytes_received += bytesSent;
    if (b.peers.length < 32 && !b.peers.includes(src)) b.peers.push(src);
  }

  alert(src: string, dst: string, ts: number, score: number): void {
    for (const ip of [src, dst]) {
      const d = this.get(ip, ts);
      d.alerts++;
      if (score > d.score_max) d.score_max = score;
    }
  }

  list(): DeviceView[] {
    return [...this.map.values()].sort((a, b) => b.alerts - a.alerts || b.flows - a.flows);
  }

  one(ip: string): DeviceView | undefined {
    return this.map.get(ip);
  }
}
