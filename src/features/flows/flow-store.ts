/**
 * Struct-of-arrays storage of every live flow: one typed-array column per quantity, indexed by slot
 * (flow-level columns) or by `slot * 2 + dir` (endpoint columns, dir 0 = originator, 1 = responder).
 * Columns grow by doubling up to the table's cap, so a small capture does not pay for a big cap.
 * No object is allocated per packet; a new flow only takes a free slot.
 */

/** Longest history string kept per flow (Zeek's is unbounded but in practice short: letters repeat rarely). */
export const HISTORY_MAX = 32;

type Column = Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type ColumnCtor = new (n: number) => Column;

/** Per slot: [name, constructor, values per slot]. */
const FLOW_COLUMNS: ReadonlyArray<readonly [string, ColumnCtor, number]> = [
  ["ipVersion", Uint8Array, 1],
  ["proto", Uint8Array, 1],
  ["addr", Uint32Array, 8], // orig address words 0..3, resp address words 4..7 (IPv4: word 3)
  ["origPort", Uint16Array, 1],
  ["respPort", Uint16Array, 1],
  ["hash", Uint32Array, 1],
  ["firstTs", Float64Array, 1],
  ["lastTs", Float64Array, 1],
  ["lastProductiveTs", Float64Array, 1],
  ["flowSeq", Float64Array, 1],
  ["lruPrev", Int32Array, 1],
  ["lruNext", Int32Array, 1],
  ["lruList", Uint8Array, 1],
  ["histSeen", Uint32Array, 1],
  ["histLen", Uint8Array, 1],
  ["hist", Uint8Array, HISTORY_MAX],
  ["flipped", Uint8Array, 1],
  ["missedBytes", Float64Array, 1],
  ["firstCount", Uint8Array, 1],
];

/** Per endpoint (2 per slot). */
const ENDPOINT_COLUMNS: ReadonlyArray<readonly [string, ColumnCtor, number]> = [
  ["pkts", Float64Array, 1],
  ["ipBytes", Float64Array, 1],
  ["payloadBytes", Float64Array, 1],
  ["sizeMin", Uint16Array, 1], // IP total length fits 16 bits
  ["sizeMax", Uint16Array, 1],
  ["sizeSum", Float64Array, 1],
  ["sizeSumSq", Float64Array, 1],
  ["iatMin", Float32Array, 1],
  ["iatMax", Float32Array, 1],
  ["iatSum", Float64Array, 1],
  ["iatSumSq", Float64Array, 1],
  ["lastPktTs", Float64Array, 1],
  ["flagCounts", Uint32Array, 6], // SYN, ACK, FIN, RST, PSH, URG
  // TCP endpoint (Zeek's TCP_Endpoint)
  ["state", Uint8Array, 1],
  ["prevState", Uint8Array, 1],
  ["startSeq", Uint32Array, 1],
  ["lastSeqRaw", Uint32Array, 1],
  ["lastSeqRel", Float64Array, 1],
  ["ackSeqRaw", Uint32Array, 1],
  ["ackSeqRel", Float64Array, 1],
  ["finCount", Uint32Array, 1],
  ["histLastSyn", Uint32Array, 1], // relative sequence numbers mod 2^32 (only compared for equality)
  ["histLastFin", Uint32Array, 1],
  ["histLastRst", Uint32Array, 1],
  ["rxmtCount", Uint32Array, 1],
  ["rxmtThresh", Uint32Array, 1],
  ["win0Count", Uint32Array, 1],
  ["win0Thresh", Uint32Array, 1],
  ["didClose", Uint8Array, 1],
];

export class FlowStore {
  capacity = 0;
  readonly firstN: number;

  // flow columns
  ipVersion!: Uint8Array;
  proto!: Uint8Array;
  addr!: Uint32Array;
  origPort!: Uint16Array;
  respPort!: Uint16Array;
  hash!: Uint32Array;
  firstTs!: Float64Array;
  lastTs!: Float64Array;
  lastProductiveTs!: Float64Array;
  flowSeq!: Float64Array;
  lruPrev!: Int32Array;
  lruNext!: Int32Array;
  lruList!: Uint8Array;
  histSeen!: Uint32Array;
  histLen!: Uint8Array;
  hist!: Uint8Array;
  flipped!: Uint8Array;
  missedBytes!: Float64Array;
  firstCount!: Uint8Array;
  firstSizes!: Uint16Array;
  firstDirs!: Int8Array;

  // endpoint columns
  pkts!: Float64Array;
  ipBytes!: Float64Array;
  payloadBytes!: Float64Array;
  sizeMin!: Uint16Array;
  sizeMax!: Uint16Array;
  sizeSum!: Float64Array;
  sizeSumSq!: Float64Array;
  iatMin!: Float32Array;
  iatMax!: Float32Array;
  iatSum!: Float64Array;
  iatSumSq!: Float64Array;
  lastPktTs!: Float64Array;
  flagCounts!: Uint32Array;
  state!: Uint8Array;
  prevState!: Uint8Array;
  startSeq!: Uint32Array;
  lastSeqRaw!: Uint32Array;
  lastSeqRel!: Float64Array;
  ackSeqRaw!: Uint32Array;
  ackSeqRel!: Float64Array;
  finCount!: Uint32Array;
  histLastSyn!: Uint32Array;
  histLastFin!: Uint32Array;
  histLastRst!: Uint32Array;
  rxmtCount!: Uint32Array;
  rxmtThresh!: Uint32Array;
  win0Count!: Uint32Array;
  win0Thresh!: Uint32Array;
  didClose!: Uint8Array;

  constructor(initialCapacity: number, firstN: number) {
    this.firstN = firstN;
    this.resize(initialCapacity);
  }

  /** Reallocates every column to `capacity` slots, keeping the first min(old, new) slots. */
  resize(capacity: number): void {
    const self = this as unknown as Record<string, Column>;
    for (const [name, Ctor, per] of FLOW_COLUMNS) this.realloc(self, name, Ctor, per * capacity);
    for (const [name, Ctor, per] of ENDPOINT_COLUMNS) this.realloc(self, name, Ctor, per * 2 * capacity);
    this.realloc(self, "firstSizes", Uint16Array, this.firstN * capacity);
    this.realloc(self, "firstDirs", Int8Array, this.firstN * capacity);
    this.capacity = capacity;
  }

  private realloc(self: Record<string, Column>, name: string, Ctor: ColumnCtor, n: number): void {
    const old = self[name];
    const next = new Ctor(n);
    if (old !== undefined) next.set(old.length <= n ? old : old.subarray(0, n));
    self[name] = next;
  }

  /** Zeroes one slot's columns (and its two endpoints') for a new flow. */
  clear(slot: number): void {
    this.histSeen[slot] = 0;
    this.histLen[slot] = 0;
    this.flipped[slot] = 0;
    this.missedBytes[slot] = 0;
    this.firstCount[slot] = 0;
    for (let d = 0; d < 2; d++) {
      const e = slot * 2 + d;
      this.pkts[e] = 0;
      this.ipBytes[e] = 0;
      this.payloadBytes[e] = 0;
      this.sizeMin[e] = 0;
      this.sizeMax[e] = 0;
      this.sizeSum[e] = 0;
      this.sizeSumSq[e] = 0;
      this.iatMin[e] = 0;
      this.iatMax[e] = 0;
      this.iatSum[e] = 0;
      this.iatSumSq[e] = 0;
      this.lastPktTs[e] = 0;
      this.flagCounts.fill(0, e * 6, e * 6 + 6);
      this.state[e] = 0;
      this.prevState[e] = 0;
      this.startSeq[e] = 0;
      this.lastSeqRaw[e] = 0;
      this.lastSeqRel[e] = 0;
      this.ackSeqRaw[e] = 0;
      this.ackSeqRel[e] = 0;
      this.finCount[e] = 0;
      this.histLastSyn[e] = 0;
      this.histLastFin[e] = 0;
      this.histLastRst[e] = 0;
      this.rxmtCount[e] = 0;
      this.rxmtThresh[e] = 1;
      this.win0Count[e] = 0;
      this.win0Thresh[e] = 1;
      this.didClose[e] = 0;
    }
  }

  /** Appends one history letter (dropped past HISTORY_MAX). */
  addHistory(slot: number, code: number): void {
    const n = this.histLen[slot];
    if (n >= HISTORY_MAX) return;
    this.hist[slot * HISTORY_MAX + n] = code;
    this.histLen[slot] = n + 1;
  }

  /**
   * Zeek's CheckHistory: records `code` the first time the bit `mask` is seen for this flow and
   * returns false; returns true (and records nothing) when it was seen before.
   */
  checkHistory(slot: number, mask: number, code: number): boolean {
    const seen = this.histSeen[slot];
    if ((seen & mask) === 0) {
      this.histSeen[slot] = (seen | mask) >>> 0;
      this.addHistory(slot, code);
      return false;
    }
    return true;
  }

  /**
   * Swaps originator and responder (Zeek's FlipRoles): endpoint columns, addresses, ports, the
   * history bits' halves and the recorded first-packet directions; appends '^' to the history.
   */
  flip(slot: number): void {
    const self = this as unknown as Record<string, Column>;
    const a = slot * 2;
    for (const [name, , per] of ENDPOINT_COLUMNS) {
      const col = self[name];
      for (let k = 0; k < per; k++) {
        const i = a * per + k;
        const j = (a + 1) * per + k;
        const t = col[i];
        col[i] = col[j];
        col[j] = t;
      }
    }
    const w = slot * 8;
    for (let k = 0; k < 4; k++) {
      const t = this.addr[w + k];
      this.addr[w + k] = this.addr[w + 4 + k];
      this.addr[w + 4 + k] = t;
    }
    const tp = this.origPort[slot];
    this.origPort[slot] = this.respPort[slot];
    this.respPort[slot] = tp;
    const seen = this.histSeen[slot];
    this.histSeen[slot] = ((seen >>> 16) | ((seen & 0xffff) << 16)) >>> 0;
    const f = slot * this.firstN;
    for (let k = 0; k < this.firstCount[slot]; k++) this.firstDirs[f + k] = -this.firstDirs[f + k];
    this.flipped[slot] ^= 1;
    this.addHistory(slot, 94); // '^'
  }

  historyText(slot: number): string {
    const n = this.histLen[slot];
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.hist[slot * HISTORY_MAX + i]);
    return s;
  }
}
