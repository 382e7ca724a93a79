/**
 * Storage of every live flow: one fixed-size record per slot in one buffer (layout below), which grows
 * by doubling up to the table's cap, so a small capture does not pay for a big cap. No object is
 * allocated per packet; a new flow only takes a free slot.
 */

/** Longest history string kept per flow (Zeek's is unbounded but in practice short: letters repeat rarely). */
export const HISTORY_MAX = 32;

/**
 * One flow is one fixed-size record (array of structs): every quantity a packet touches lies in one
 * contiguous stretch of memory, a few adjacent cache lines in one page, instead of one line in each of
 * ten columns (ten pages: with 100k+ live flows each was a TLB and cache miss). The record is read
 * through four views of one buffer (Float64, Int32, Uint32, Uint8; Uint16 for the first sizes), and
 * code indexes them as `view[slot * stride + OFFSET + k]` with the field's name in a comment beside k.
 *
 * Layout (bytes from the record's start):
 *   0   ff (Float64 x 8): 0 firstTs, 1 lastTs, 2 lastProductiveTs, 3 flowSeq, 4 missedBytes,
 *       5 listTs (when the flow was last placed at its expiry list's tail)
 *       (times in seconds relative to the table's base second)           index: slot * r8 + k
 *   64  fi (Int32 x 12): 0 ipVersion, 1 proto, 2 origPort, 3 respPort, 4 lruPrev, 5 lruNext,
 *       6 lruList, 7 histSeen (history bits, responder's << 16), 8 histLen, 9 flipped, 10 firstCount
 *                                                                        index: slot * r4 + FI + k
 *   112 addr (Uint32 x 8): orig address words 0..3, resp words 4..7 (IPv4: word 3)
 *                                                                        index: slot * r4 + ADDR + k
 *   144 hist (Uint8 x HISTORY_MAX)                                       index: slot * r1 + HIST_AT + k
 *   176 endpoint 0 (originator), 360 endpoint 1 (responder), EP_BYTES each, starting at the Float64
 *       index `e = endpoint(slot, dir)`:
 *         epf (Float64 x 12) at e + k: 0 pkts, 1 ipBytes, 2 payloadBytes, 3 sizeSum, 4 sizeSumSq,
 *           5 iatSum, 6 iatSumSq, 7 lastPktTs, 8 lastSeqRel, 9 ackSeqRel, 10 iatMin, 11 iatMax
 *         epu (Uint32 x 16) at e * 2 + EPU + k: 0 state, 1 prevState, 2 startSeq, 3 lastSeqRaw,
 *           4 ackSeqRaw, 5 finCount, 6 histLastSyn, 7 histLastFin, 8 histLastRst, 9 rxmtCount,
 *           10 rxmtThresh, 11 win0Count, 12 win0Thresh, 13 didClose, 14 sizeMin, 15 sizeMax
 *         flag counts (Uint32 x 6) at e * 2 + FC + k: SYN, ACK, FIN, RST, PSH, URG
 *       (Zeek's TCP_Endpoint fields; relative sequence numbers in epf, raw 32-bit ones in epu)
 *   544 first packets' sizes (Uint16 x firstN), then their directions (Int8 x firstN)
 * rounded up to whole 64-byte cache lines (576 bytes with the default 8 first packets).
 */
export const FI = 16;
export const ADDR = 28;
export const HIST_AT = 144;
/** Float64 index of endpoint 0 in a record, and the Float64 stride from endpoint 0 to endpoint 1. */
const EP0 = 22;
const EP_F64 = 23;
/** Offsets of an endpoint's Uint32 fields and flag counts from `2 * e` (e: its Float64 index). */
export const EPU = 24;
export const FC = 40;
const FIRST_AT = 544;

export class FlowStore {
  capacity = 0;
  readonly firstN: number;
  /** Record stride in Float64, 32-bit, 16-bit and byte units. */
  readonly r8: number;
  readonly r4: number;
  readonly r2: number;
  readonly r1: number;
  /** Uint16 index of a record's first sizes, and byte index of its first directions (add slot * r2 / r1). */
  readonly firstSizesAt = FIRST_AT / 2;
  readonly firstDirsAt: number;

  /** The record views (one buffer) and the per-slot hash (its own column: the index probes it). */
  ff!: Float64Array;
  fi!: Int32Array;
  u32!: Uint32Array;
  u16!: Uint16Array;
  u8!: Uint8Array;
  i8!: Int8Array;
  hash!: Uint32Array;
  /** The same views under the names the code reads through them (epf = ff, epu = addr = u32). */
  epf!: Float64Array;
  epu!: Uint32Array;
  addr!: Uint32Array;

  constructor(initialCapacity: number, firstN: number) {
    this.firstN = firstN;
    this.r1 = Math.ceil((FIRST_AT + 3 * firstN) / 64) * 64;
    this.r2 = this.r1 / 2;
    this.r4 = this.r1 / 4;
    this.r8 = this.r1 / 8;
    this.firstDirsAt = FIRST_AT + 2 * firstN;
    this.resize(initialCapacity);
  }

  /** Float64 index of endpoint `dir` (0 originator, 1 responder) of `slot`. */
  endpoint(slot: number, dir: number): number {
    return slot * this.r8 + EP0 + dir * EP_F64;
  }

  /** Reallocates to `capacity` slots, keeping the first min(old, new) slots. */
  resize(capacity: number): void {
    const buf = new ArrayBuffer(capacity * this.r1);
    const u8 = new Uint8Array(buf);
    const hash = new Uint32Array(capacity);
    if (this.u8 !== undefined) {
      u8.set(this.u8.length <= u8.length ? this.u8 : this.u8.subarray(0, u8.length));
      hash.set(this.hash.length <= capacity ? this.hash : this.hash.subarray(0, capacity));
    }
    this.ff = new Float64Array(buf);
    this.epf = this.ff;
    this.fi = new Int32Array(buf);
    this.u32 = new Uint32Array(buf);
    this.epu = this.u32;
    this.addr = this.u32;
    this.u16 = new Uint16Array(buf);
    this.u8 = u8;
    this.i8 = new Int8Array(buf);
    this.hash = hash;
    this.capacity = capacity;
  }

  /** Zeroes what a new flow must find zero in `slot` (the rest is written before it is read). */
  clear(slot: number): void {
    const fi = slot * this.r4 + FI;
    this.fi[fi + 7 /* histSeen */] = 0;
    this.fi[fi + 8 /* histLen */] = 0;
    this.fi[fi + 9 /* flipped */] = 0;
    this.fi[fi + 10 /* firstCount */] = 0;
    this.ff[slot * this.r8 + 4 /* missedBytes */] = 0;
    // both endpoints, contiguous: plain loop (fill() costs more for ranges this short)
    const u32 = this.u32;
    const e0 = this.endpoint(slot, 0) * 2;
    for (let i = e0, end = e0 + 4 * EP_F64; i < end; i++) u32[i] = 0;
    u32[e0 + EPU + 10 /* rxmtThresh */] = 1;
    u32[e0 + EPU + 12 /* win0Thresh */] = 1;
    u32[e0 + 2 * EP_F64 + EPU + 10 /* rxmtThresh */] = 1;
    u32[e0 + 2 * EP_F64 + EPU + 12 /* win0Thresh */] = 1;
  }

  /** Appends one history letter (dropped past HISTORY_MAX). */
  addHistory(slot: number, code: number): void {
    const fi = slot * this.r4 + FI;
    const n = this.fi[fi + 8 /* histLen */];
    if (n >= HISTORY_MAX) return;
    this.u8[slot * this.r1 + HIST_AT + n] = code;
    this.fi[fi + 8 /* histLen */] = n + 1;
  }

  /**
   * Zeek's CheckHistory: records `code` the first time the bit `mask` is seen for this flow and
   * returns false; returns true (and records nothing) when it was seen before.
   */
  checkHistory(slot: number, mask: number, code: number): boolean {
    const i = slot * this.r4 + FI + 7; /* histSeen */
    const seen = this.fi[i];
    if ((seen & mask) === 0) {
      this.fi[i] = (seen | mask) >>> 0;
      this.addHistory(slot, code);
      return false;
    }
    return true;
  }

  /**
   * Swaps originator and responder (Zeek's FlipRoles): endpoints, addresses, ports, the history bits'
   * halves and the recorded first-packet directions; appends '^' to the history.
   */
  flip(slot: number): void {
    const u32 = this.u32;
    // the endpoints as 32-bit words (a Float64 swap could canonicalise NaN bit patterns of Uint32 pairs)
    const a = this.endpoint(slot, 0) * 2;
    const b = a + 2 * EP_F64;
    for (let k = 0; k < 2 * EP_F64; k++) {
      const t = u32[a + k];
      u32[a + k] = u32[b + k];
      u32[b + k] = t;
    }
    const w = slot * this.r4 + ADDR;
    for (let k = 0; k < 4; k++) {
      const t = u32[w + k];
      u32[w + k] = u32[w + 4 + k];
      u32[w + 4 + k] = t;
    }
    const fi = slot * this.r4 + FI;
    const tp = this.fi[fi + 2 /* origPort */];
    this.fi[fi + 2 /* origPort */] = this.fi[fi + 3 /* respPort */];
    this.fi[fi + 3 /* respPort */] = tp;
    const seen = this.fi[fi + 7 /* histSeen */];
    this.fi[fi + 7 /* histSeen */] = ((seen >>> 16) | ((seen & 0xffff) << 16)) >>> 0;
    const f = slot * this.r1 + this.firstDirsAt;
    for (let k = 0; k < this.fi[fi + 10 /* firstCount */]; k++) this.i8[f + k] = -this.i8[f + k];
    this.fi[fi + 9 /* flipped */] ^= 1;
    this.addHistory(slot, 94); // '^'
  }

  historyText(slot: number): string {
    const n = this.fi[slot * this.r4 + FI + 8 /* histLen */];
    const h = slot * this.r1 + HIST_AT;
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.u8[h + i]);
    return s;
  }
}
