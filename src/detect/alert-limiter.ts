/**
 * Alert rate limiting per key (the pipeline uses host pairs), like Suricata's `threshold: type limit`:
 * at most one alert per key every `intervalS` seconds of capture time; the packets over threshold in between
 * are counted and reported on the next alert of that key. Memory is bounded by `maxKeys`
 * (the least recently alerted key is dropped first; a Map keeps insertion order).
 */
export interface LimiterDecision {
  emit: boolean;
  /** Packets over threshold for this key since its last emitted alert, this one included. */
  packetsOverThreshold: number;
}

interface Entry {
  lastAlertTs: number;
  pending: number;
}

export class AlertLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly decision: LimiterDecision = { emit: false, packetsOverThreshold: 0 };
  /** Alerts that were counted but not emitted. */
  suppressed = 0;

  constructor(
    private readonly intervalS: number,
    private readonly maxKeys = 65_536,
  ) {}

  /** Decides for one packet over threshold at capture time `ts` (seconds). The result object is reused. */
  offer(key: string, ts: number): LimiterDecision {
    const d = this.decision;
    if (this.intervalS <= 0) {
      d.emit = true;
      d.packetsOverThreshold = 1;
      return d;
    }
    let e = this.entries.get(key);
    if (e === undefined) {
      if (this.entries.size >= this.maxKeys) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      e = { lastAlertTs: ts, pending: 0 };
      this.entries.set(key, e);
      d.emit = true;
      d.packetsOverThreshold = 1;
      return d;
    }
    e.pending++;
    if (ts - e.lastAlertTs >= this.intervalS) {
      d.emit = true;
      d.packetsOverThreshold = e.pending;
      e.pending = 0;
      e.lastAlertTs = ts;
      // Refresh recency: re-insert at the end.
      this.entries.delete(key);
      this.entries.set(key, e);
      return d;
    }
    this.suppressed++;
    d.emit = false;
    d.packetsOverThreshold = e.pending;
    return d;
  }
}
