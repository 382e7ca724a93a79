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

/**
 * Per slot. Flow-level quantities every packet touches are interleaved too:
 *   ff (Float64, 8 per slot): 0 firstTs, 1 lastTs, 2 lastProductiveTs, 3 flowSeq, 4 missedBytes,
 *     5 listTs (when the flow was last placed at its expiry list's tail)
 *     (times in seconds relative to the table's base second)
 *   fi (Int32, 12 per slot): 0 ipVersion, 1 proto, 2 origPort, 3 respPort, 4 lruPrev, 5 lruNext,
 *     6 lruList, 7 histSeen (history bits, responder's << 16), 8 histLen, 9 flipped, 10 firstCount
 * and indexed as ff[slot * 8 + k], fi[slot * 12 + k] with the name in a comment beside k.
 * [name, constructor, values per slot]:
 */
const FLOW_COLUMNS: ReadonlyArray<readonly [string, ColumnCtor, number]> = [
  ["ff", Float64Array, 8],
  ["fi", Int32Array, 12],
  ["addr", Uint32Array, 8], // orig address words 0..3, resp address words 4..7 (IPv4: word 3)
  ["hash", Uint32Array, 1],
  ["hist", Uint8Array, HISTORY_MAX],
];

/**
 * Per endpoint (2 per slot, adjacent). The quantities every packet touches are interleaved (array of
 * structs) so one packet reads and writes a few cache lines instead of one per quantity:
 *   epf (Float64, 12 per endpoint): 0 pkts, 1 ipBytes, 2 payloadBytes, 3 sizeSum, 4 sizeSumSq,
 *     5 iatSum, 6 iatSumSq, 7 lastPktTs, 8 lastSeqRel, 9 ackSeqRel, 10 iatMin, 11 iatMax
 *   epu (Uint32, 16 per endpoint): 0 state, 1 prevState, 2 startSeq, 3 lastSeqRaw, 4 ackSeqRaw,
 *     5 finCount, 6 histLastSyn, 7 histLastFin, 8 histLastRst, 9 rxmtCount, 10 rxmtThresh,
 *     11 win0Count, 12 win0Thresh, 13 didClose, 14 sizeMin, 15 sizeMax
 * (Zeek's TCP_Endpoint fields; relative sequence numbers in epf, raw 32-bit ones in epu.)
 * Code indexes them as epf[e * 12 + k] and epu[e * 16 + k], with the name in a comment beside k.
 */
export const EPF = 12;
export const EPU = 16;
const ENDPOINT_COLUMNS: ReadonlyArray<readonly [string, ColumnCtor, number]> = [
  ["epf", Float64Array, EPF],
  ["epu", Uint32Array, EPU],
  ["flagCounts", Uint32Array, 6], // SYN, ACK, FIN, RST, PSH, URG
];

export class FlowStore {
  capacity = 0;
  readonly firstN: number;

  // flow columns
  ff!: Float64Array;
  fi!: Int32Array;
  addr!: Uint32Array;
  hash!: Uint32Array;
  hist!: Uint8Array;
  firstSizes!: Uint16Array;
  firstDirs!: Int8Array;

  // endpoint columns
  epf!: Float64Array;
  epu!: Uint32Array;
  flagCounts!: Uint32Array;

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
    this.fi[slot * 12 + 7 /* histSeen */] = 0;
    this.fi[slot * 12 + 8 /* histLen */] = 0;
    this.fi[slot * 12 + 9 /* flipped */] = 0;
    this.ff[slot * 8 + 4 /* missedBytes */] = 0;
    this.fi[slot * 12 + 10 /* firstCount */] = 0;
    const e0 = slot * 2;
    // Plain loops: TypedArray.prototype.fill costs more than these few stores for ranges this short.
    const { epf, epu, flagCounts } = this;
    for (let i = e0 * EPF, end = (e0 + 2) * EPF; i < end; i++) epf[i] = 0;
    for (let i = e0 * EPU, end = (e0 + 2) * EPU; i < end; i++) epu[i] = 0;
    for (let i = e0 * 6, end = (e0 + 2) * 6; i < end; i++) flagCounts[i] = 0;
    for (let e = e0; e < e0 + 2; e++) {
      this.epu[e * EPU + 10] = 1; // rxmtThresh
      this.epu[e * EPU + 12] = 1; // win0Thresh
    }
  }

  /** Appends one history letter (dropped past HISTORY_MAX). */
  addHistory(slot: number, code: number): void {
    const n = this.fi[slot * 12 + 8 /* histLen */];
    if (n >= HISTORY_MAX) return;
    this.hist[slot * HISTORY_MAX + n] = code;
    this.fi[slot * 12 + 8 /* histLen */] = n + 1;
  }

  /**
   * Zeek's CheckHistory: records `code` the first time the bit `mask` is seen for this flow and
   * returns false; returns true (and records nothing) when it was seen before.
   */
  checkHistory(slot: number, mask: number, code: number): boolean {
    const seen = this.fi[slot * 12 + 7 /* histSeen */];
    if ((seen & mask) === 0) {
      this.fi[slot * 12 + 7 /* histSeen */] = (seen | mask) >>> 0;
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
    const tp = this.fi[slot * 12 + 2 /* origPort */];
    this.fi[slot * 12 + 2 /* origPort */] = this.fi[slot * 12 + 3 /* respPort */];
    this.fi[slot * 12 + 3 /* respPort */] = tp;
    const seen = this.fi[slot * 12 + 7 /* histSeen */];
    this.fi[slot * 12 + 7 /* histSeen */] = ((seen >>> 16) | ((seen & 0xffff) << 16)) >>> 0;
    const f = slot * this.firstN;
    for (let k = 0; k < this.fi[slot * 12 + 10 /* firstCount */]; k++)
      this.firstDirs[f + k] = -this.firstDirs[f + k];
    this.fi[slot * 12 + 9 /* flipped */] ^= 1;
    this.addHistory(slot, 94); // '^'
  }

  historyText(slot: number): string {
    const n = this.fi[slot * 12 + 8 /* histLen */];
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.hist[slot * HISTORY_MAX + i]);
    return s;
  }
}
