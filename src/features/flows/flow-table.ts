/**
 * The flow table: bidirectional 5-tuple flows with idle, attempt, close-linger and active timeouts,
 * Zeek TCP state tracking and per-direction statistics, in bounded memory (a cap with LRU eviction).
 *
 * Hot path: the 5-tuple is hashed (symmetrically, so both directions meet) into an open-addressing
 * Int32Array index over struct-of-arrays slots (FlowStore). Live flows sit on one of four
 * doubly-linked lists, each with one timeout, ordered by the time a flow was last placed there, so
 * expiry only looks at list heads. A flow is re-placed at most once a second (a fifth of the timeout
 * for short ones), so a flow is emitted at most that late after its timeout. Nothing is allocated per packet; a FlowRecord is built when a flow ends.
 */
import { IPPROTO, type Packet, TCP_FLAG } from "../../decode/packet.js";
import type { FlowEndReason, FlowRecord } from "../../schemas/flow.js";
import { ADDR, EPU, FC, FI, FlowStore } from "./flow-store.js";
import { parseLocalNet } from "./local-nets.js";
import { type FlowTableOptions, type FlowTableOptionsInput, FlowTableOptionsSchema } from "./options.js";
import { buildFlowRecord, type RecordContext } from "./record.js";
import { isLikelyServerPort } from "./service.js";
import { checkHistoryDir, HIST, TCP_STATE, tcpSegment } from "./tcp-state.js";

/** The four expiry lists. */
const LIST_OPEN_TCP = 0;
const LIST_OTHER = 1;
const LIST_CLOSED_TCP = 2;
const LIST_ATTEMPT = 3;
const NO_LIST = 255;

const ICMP4_COUNTERPART = new Int16Array(256).fill(-1);
const ICMP6_COUNTERPART = new Int16Array(256).fill(-1);
for (const [a, b] of [
  [8, 0],
  [13, 14],
  [15, 16],
  [17, 18],
  [10, 9],
]) {
  ICMP4_COUNTERPART[a] = b;
  ICMP4_COUNTERPART[b] = a;
}
for (const [a, b] of [
  [128, 129],
  [133, 134],
  [135, 136],
  [130, 131],
  [144, 145],
]) {
  ICMP6_COUNTERPART[a] = b;
  ICMP6_COUNTERPART[b] = a;
}

/** Counters of what the table did (all monotonic except liveFlows). */
export interface FlowTableCounters {
  /** Packets offered to add(). */
  packets: number;
  /** Packets that joined a flow. */
  packetsInFlows: number;
  /** Packets without an IP layer (ARP, ...). */
  packetsNonIp: number;
  /** TCP/UDP packets without ports (non-first fragments, truncated headers). */
  packetsNoPorts: number;
  flowsCreated: number;
  flowsEmitted: number;
  /** Emitted by idle timeout (open TCP, UDP/other, closed-TCP linger). */
  evictedIdle: number;
  /** Emitted because a TCP attempt (SYN, no answer) outlived the attempt timeout. */
  evictedAttempt: number;
  evictedActive: number;
  evictedCap: number;
  evictedEnd: number;
  evictedReuse: number;
  liveFlows: number;
  peakFlows: number;
}

function mixSide(w0: number, w1: number, w2: number, w3: number, port: number): number {
  let h = Math.imul(w3 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ w2, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ w1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16) ^ w0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15) ^ port, 0x27d4eb2f);
  return (h ^ (h >>> 16)) | 0;
}

function finalMix(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class FlowTable {
  readonly options: FlowTableOptions;
  readonly counters: FlowTableCounters = {
    packets: 0,
    packetsInFlows: 0,
    packetsNonIp: 0,
    packetsNoPorts: 0,
    flowsCreated: 0,
    flowsEmitted: 0,
    evictedIdle: 0,
    evictedAttempt: 0,
    evictedActive: 0,
    evictedCap: 0,
    evictedEnd: 0,
    evictedReuse: 0,
    liveFlows: 0,
    peakFlows: 0,
  };
  private readonly store: FlowStore;
  private readonly onRecord: (rec: FlowRecord) => void;
  private readonly ctx: RecordContext;
  private index: Int32Array;
  private indexMask: number;
  private freeSlots: Int32Array;
  private freeCount: number;
  private nextFlowSeq = 0;
  /** Whole seconds subtracted from every timestamp in the store (set by the first packet). */
  private baseSec = -1;
  private readonly heads = new Int32Array(4).fill(-1);
  /**
   * No flow can be due before this time (relative seconds): expire() returns at once before it. It may
   * be early (then expire() looks and moves it on), never late: it is lowered whenever a list gets a new
   * head (an empty list a flow, or a head leaving its list), the only ways an earlier due time appears.
   */
  private nextDueTs = Number.POSITIVE_INFINITY;
  private readonly tails = new Int32Array(4).fill(-1);
  private readonly listTimeoutS: Float64Array;
  /** A flow moves to its list's tail at most this often (seconds of packet time): 1 s, or a fifth of the timeout. */
  private readonly listMoveS: Float64Array;
  /** The packet being added, as address words and ports (scratch, no allocation). */
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private d0 = 0;
  private d1 = 0;
  private d2 = 0;
  private d3 = 0;
  private sport = 0;
  private dport = 0;

  constructor(options: FlowTableOptionsInput, onRecord: (rec: FlowRecord) => void) {
    this.options = FlowTableOptionsSchema.parse(options);
    this.onRecord = onRecord;
    this.ctx = {
      localNets: this.options.localNets.map(parseLocalNet),
      uidSeed: this.options.uidSeed,
      communityIdSeed: this.options.communityIdSeed,
    };
    const o = this.options;
    this.listTimeoutS = Float64Array.of(
      o.tcpIdleTimeoutS,
      o.udpIdleTimeoutS,
      o.tcpClosedLingerS,
      o.tcpAttemptTimeoutS,
    );
    this.listMoveS = this.listTimeoutS.map((t) => Math.min(1, t / 5));
    const initial = Math.min(o.initialFlows, o.maxFlows);
    this.store = new FlowStore(initial, o.firstPackets);
    this.index = new Int32Array(0);
    this.indexMask = 0;
    this.freeSlots = new Int32Array(0);
    this.freeCount = 0;
    this.growTo(initial);
  }

  /** Capacity (slots allocated so far; grows by doubling up to maxFlows). */
  get capacity(): number {
    return this.store.capacity;
  }

  private growTo(capacity: number): void {
    const old = this.store.capacity;
    if (capacity !== old) this.store.resize(capacity);
    // free list: the new slots, highest first so slot 0 is taken first
    const free = new Int32Array(capacity);
    free.set(this.freeSlots.subarray(0, this.freeCount));
    let n = this.freeCount;
    const firstNew = this.index.length === 0 ? 0 : old;
    for (let s = capacity - 1; s >= firstNew; s--) free[n++] = s;
    this.freeSlots = free;
    this.freeCount = n;
    // index: power of two >= 2 x capacity; rehash live flows
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.index = new Int32Array(size);
    this.indexMask = size - 1;
    for (let list = 0; list < 4; list++) {
      for (let s = this.heads[list]; s >= 0; s = this.store.fi[s * this.store.r4 + FI + 5 /* lruNext */])
        this.indexInsert(s);
    }
  }

  private indexInsert(slot: number): void {
    let i = this.store.hash[slot] & this.indexMask;
    while (this.index[i] !== 0) i = (i + 1) & this.indexMask;
    this.index[i] = slot + 1;
  }

  /** Linear-probing delete with backward shift (no tombstones). */
  private indexRemove(slot: number): void {
    const mask = this.indexMask;
    let i = this.store.hash[slot] & mask;
    while (this.index[i] !== slot + 1) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const v = this.index[j];
      if (v === 0) break;
      const home = this.store.hash[v - 1] & mask;
      // move v back to i when its home is not cyclically within (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        this.index[i] = v;
        i = j;
      }
    }
    this.index[i] = 0;
  }

  /** Appends `slot` at the tail of `list`, stamping the time it was placed there (`listTs`). */
  private listAppend(slot: number, list: number, ts: number): void {
    const st = this.store;
    st.ff[slot * st.r8 + 5 /* listTs */] = ts;
    st.fi[slot * st.r4 + FI + 6 /* lruList */] = list;
    st.fi[slot * st.r4 + FI + 5 /* lruNext */] = -1;
    const t = this.tails[list];
    st.fi[slot * st.r4 + FI + 4 /* lruPrev */] = t;
    if (t >= 0) st.fi[t * st.r4 + FI + 5 /* lruNext */] = slot;
    else {
      this.heads[list] = slot;
      const due = this.dueOf(slot, list);
      if (due < this.nextDueTs) this.nextDueTs = due;
    }
    this.tails[list] = slot;
  }

  private listUnlink(slot: number): void {
    const st = this.store;
    const list = st.fi[slot * st.r4 + FI + 6 /* lruList */];
    if (list === NO_LIST) return;
    const p = st.fi[slot * st.r4 + FI + 4 /* lruPrev */];
    const n = st.fi[slot * st.r4 + FI + 5 /* lruNext */];
    if (p >= 0) st.fi[p * st.r4 + FI + 5 /* lruNext */] = n;
    else {
      this.heads[list] = n;
      // a new head may be due before the old one was (its last packet can be older)
      if (n >= 0) {
        const due = this.dueOf(n, list);
        if (due < this.nextDueTs) this.nextDueTs = due;
      }
    }
    if (n >= 0) st.fi[n * st.r4 + FI + 4 /* lruPrev */] = p;
    else this.tails[list] = p;
    st.fi[slot * st.r4 + FI + 6 /* lruList */] = NO_LIST;
  }

  private listFor(slot: number): number {
    const st = this.store;
    if (st.fi[slot * st.r4 + FI + 1 /* proto */] !== IPPROTO.TCP) return LIST_OTHER;
    const os = st.epu[st.endpoint(slot, 0) * 2 + EPU + 0 /* state */];
    const rs = st.epu[st.endpoint(slot, 1) * 2 + EPU + 0 /* state */];
    if (
      os === TCP_STATE.RESET ||
      rs === TCP_STATE.RESET ||
      (os === TCP_STATE.CLOSED && rs === TCP_STATE.CLOSED)
    ) {
      return LIST_CLOSED_TCP;
    }
    if ((os === TCP_STATE.SYN_SENT || os === TCP_STATE.SYN_ACK_SENT) && rs === TCP_STATE.INACTIVE)
      return LIST_ATTEMPT;
    return LIST_OPEN_TCP;
  }

  /** Emits and frees one flow. */
  private finish(slot: number, reason: FlowEndReason): void {
    const c = this.counters;
    const rec = buildFlowRecord(this.store, slot, reason, this.ctx, this.baseSec);
    this.indexRemove(slot);
    this.listUnlink(slot);
    this.freeSlots[this.freeCount++] = slot;
    c.liveFlows--;
    c.flowsEmitted++;
    if (reason === "idle") c.evictedIdle++;
    else if (reason === "active") c.evictedActive++;
    else if (reason === "cap") c.evictedCap++;
    else if (reason === "end") c.evictedEnd++;
    else if (reason === "reuse") c.evictedReuse++;
    this.onRecord(rec);
  }

  /** Emits every flow whose timeout passed at capture time `nowTsAbs` (seconds since the epoch). */
  expireAt(nowTsAbs: number): void {
    if (this.baseSec >= 0) this.expire(nowTsAbs - this.baseSec);
  }

  /** As expireAt, with the time relative to the table's base second. */
  private expire(nowTs: number): void {
    if (nowTs < this.nextDueTs) return;
    const st = this.store;
    let next = Number.POSITIVE_INFINITY;
    for (let list = 0; list < 4; list++) {
      const timeout = this.listTimeoutS[list];
      for (;;) {
        const h = this.heads[list];
        if (h < 0) break;
        // lists are ordered by listTs (attempts: by first packet); a flow's last packet is at most
        // listMoveS after its listTs, so a head that is not due yet holds the others back at most that long
        const from =
          list === LIST_ATTEMPT ? st.ff[h * st.r8 + 0 /* firstTs */] : st.ff[h * st.r8 + 5 /* listTs */];
        if (
          from + timeout > nowTs ||
          (list !== LIST_ATTEMPT && st.ff[h * st.r8 + 1 /* lastTs */] + timeout > nowTs)
        ) {
          const due = this.dueOf(h, list);
          if (due < next) next = due;
          break;
        }
        if (list === LIST_ATTEMPT) this.counters.evictedAttempt++;
        this.finish(h, "idle");
      }
    }
    this.nextDueTs = next;
  }

  /** The earliest time the head `slot` of `list` can expire (see expire()). */
  private dueOf(slot: number, list: number): number {
    const st = this.store;
    const timeout = this.listTimeoutS[list];
    if (list === LIST_ATTEMPT) return st.ff[slot * st.r8 + 0 /* firstTs */] + timeout;
    return Math.max(st.ff[slot * st.r8 + 5 /* listTs */], st.ff[slot * st.r8 + 1 /* lastTs */]) + timeout;
  }

  /** Emits every live flow (end of input), oldest first. */
  flush(): void {
    const st = this.store;
    const slots: number[] = [];
    for (let list = 0; list < 4; list++) {
      for (let s = this.heads[list]; s >= 0; s = st.fi[s * st.r4 + FI + 5 /* lruNext */]) slots.push(s);
    }
    slots.sort(
      (a, b) =>
        st.ff[a * st.r8 + 0 /* firstTs */] - st.ff[b * st.r8 + 0 /* firstTs */] ||
        st.ff[a * st.r8 + 3 /* flowSeq */] - st.ff[b * st.r8 + 3 /* flowSeq */],
    );
    for (const s of slots) this.finish(s, "end");
  }

  /** The least recently seen flow over all lists (for cap eviction). */
  private oldestSlot(): number {
    const st = this.store;
    let best = -1;
    let bestTs = Number.POSITIVE_INFINITY;
    for (let list = 0; list < 4; list++) {
      const h = this.heads[list];
      if (h >= 0 && st.ff[h * st.r8 + 1 /* lastTs */] < bestTs) {
        bestTs = st.ff[h * st.r8 + 1 /* lastTs */];
        best = h;
      }
    }
    return best;
  }

  /** Loads the packet's addresses into the scratch words; false when it has no IP layer. */
  private loadAddresses(p: Packet): boolean {
    if (p.ipVersion === 4) {
      this.s0 = this.s1 = this.s2 = 0;
      this.d0 = this.d1 = this.d2 = 0;
      this.s3 = p.src4 >>> 0;
      this.d3 = p.dst4 >>> 0;
      return true;
    }
    if (p.ipVersion === 6) {
      const a = p.src6;
      const b = p.dst6;
      this.s0 = ((a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]) >>> 0;
      this.s1 = ((a[4] << 24) | (a[5] << 16) | (a[6] << 8) | a[7]) >>> 0;
      this.s2 = ((a[8] << 24) | (a[9] << 16) | (a[10] << 8) | a[11]) >>> 0;
      this.s3 = ((a[12] << 24) | (a[13] << 16) | (a[14] << 8) | a[15]) >>> 0;
      this.d0 = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
      this.d1 = ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0;
      this.d2 = ((b[8] << 24) | (b[9] << 16) | (b[10] << 8) | b[11]) >>> 0;
      this.d3 = ((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) >>> 0;
      return true;
    }
    return false;
  }

  /** 0 when the packet goes orig → resp in `slot`, 1 when resp → orig, -1 when not this flow. */
  private direction(slot: number, version: number, proto: number): number {
    const st = this.store;
    if (
      st.fi[slot * st.r4 + FI + 1 /* proto */] !== proto ||
      st.fi[slot * st.r4 + FI + 0 /* ipVersion */] !== version
    )
      return -1;
    const a = st.addr;
    const w = slot * st.r4 + ADDR;
    if (
      a[w + 3] === this.s3 &&
      a[w + 7] === this.d3 &&
      st.fi[slot * st.r4 + FI + 2 /* origPort */] === this.sport &&
      st.fi[slot * st.r4 + FI + 3 /* respPort */] === this.dport &&
      a[w] === this.s0 &&
      a[w + 1] === this.s1 &&
      a[w + 2] === this.s2 &&
      a[w + 4] === this.d0 &&
      a[w + 5] === this.d1 &&
      a[w + 6] === this.d2
    ) {
      return 0;
    }
    if (
      a[w + 3] === this.d3 &&
      a[w + 7] === this.s3 &&
      st.fi[slot * st.r4 + FI + 2 /* origPort */] === this.dport &&
      st.fi[slot * st.r4 + FI + 3 /* respPort */] === this.sport &&
      a[w] === this.d0 &&
      a[w + 1] === this.d1 &&
      a[w + 2] === this.d2 &&
      a[w + 4] === this.s0 &&
      a[w + 5] === this.s1 &&
      a[w + 6] === this.s2
    ) {
      return 1;
    }
    return -1;
  }

  /** Takes a free slot (growing or evicting at the cap) and fills in the key, oriented src → dst. */
  private create(hash: number, version: number, proto: number, ts: number): number {
    if (this.freeCount === 0) {
      const cap = this.store.capacity;
      if (cap < this.options.maxFlows) this.growTo(Math.min(cap * 2, this.options.maxFlows));
      else this.finish(this.oldestSlot(), "cap");
    }
    const slot = this.freeSlots[--this.freeCount];
    const st = this.store;
    st.clear(slot);
    st.fi[slot * st.r4 + FI + 0 /* ipVersion */] = version;
    st.fi[slot * st.r4 + FI + 1 /* proto */] = proto;
    const w = slot * st.r4 + ADDR;
    st.addr[w] = this.s0;
    st.addr[w + 1] = this.s1;
    st.addr[w + 2] = this.s2;
    st.addr[w + 3] = this.s3;
    st.addr[w + 4] = this.d0;
    st.addr[w + 5] = this.d1;
    st.addr[w + 6] = this.d2;
    st.addr[w + 7] = this.d3;
    st.fi[slot * st.r4 + FI + 2 /* origPort */] = this.sport;
    st.fi[slot * st.r4 + FI + 3 /* respPort */] = this.dport;
    st.hash[slot] = hash;
    st.ff[slot * st.r8 + 0 /* firstTs */] = ts;
    st.ff[slot * st.r8 + 1 /* lastTs */] = ts;
    st.ff[slot * st.r8 + 2 /* lastProductiveTs */] = ts;
    st.ff[slot * st.r8 + 3 /* flowSeq */] = this.nextFlowSeq++;
    st.fi[slot * st.r4 + FI + 6 /* lruList */] = NO_LIST;
    this.indexInsert(slot);
    const c = this.counters;
    c.flowsCreated++;
    c.liveFlows++;
    if (c.liveFlows > c.peakFlows) c.peakFlows = c.liveFlows;
    return slot;
  }

  /** Zeek's orientation heuristics for a flow whose first packet may come from the server. */
  private shouldFlip(proto: number, flags: number): boolean {
    if (proto === IPPROTO.TCP) {
      const syn = (flags & TCP_FLAG.SYN) !== 0;
      if (syn && (flags & TCP_FLAG.ACK) === 0) return false;
      if (!isLikelyServerPort(this.sport)) return false;
      if (isLikelyServerPort(this.dport)) return !syn && this.sport < this.dport;
      return true;
    }
    if (proto === IPPROTO.UDP) return isLikelyServerPort(this.sport) && !isLikelyServerPort(this.dport);
    return false;
  }

  /** Adds one decoded packet (the Packet may be reused by the caller afterwards). */
  add(p: Packet): void {
    const c = this.counters;
    c.packets++;
    // times are kept relative to the first packet's whole second, so 10 us gaps stay exact in a double
    if (this.baseSec < 0) this.baseSec = p.tsSec !== 0 ? p.tsSec : Math.floor(p.ts);
    const ts = p.tsSec !== 0 ? p.tsSec - this.baseSec + p.tsNsec / 1e9 : p.ts - this.baseSec;
    this.expire(ts);
    if (!this.loadAddresses(p)) {
      c.packetsNonIp++;
      return;
    }
    const proto = p.ipProto;
    if (proto === IPPROTO.TCP || proto === IPPROTO.UDP) {
      if (p.srcPort < 0 || p.dstPort < 0) {
        c.packetsNoPorts++;
        return;
      }
      this.sport = p.srcPort;
      this.dport = p.dstPort;
    } else if (proto === IPPROTO.ICMP || proto === IPPROTO.ICMPV6) {
      const type = p.icmpType & 255;
      const peer = proto === IPPROTO.ICMP ? ICMP4_COUNTERPART[type] : ICMP6_COUNTERPART[type];
      this.sport = type;
      this.dport = peer >= 0 ? peer : p.icmpCode & 255;
    } else {
      this.sport = 0;
      this.dport = 0;
    }
    const version = p.ipVersion;
    const hash = finalMix(
      mixSide(this.s0, this.s1, this.s2, this.s3, this.sport) +
        mixSide(this.d0, this.d1, this.d2, this.d3, this.dport) +
        Math.imul(proto + version * 256, 0x9e3779b1),
    );
    const st = this.store;
    const mask = this.indexMask;
    let slot = -1;
    let dir = 0;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const v = this.index[i];
      if (v === 0) break;
      if (st.hash[v - 1] === hash) {
        dir = this.direction(v - 1, version, proto);
        if (dir >= 0) {
          slot = v - 1;
          break;
        }
      }
    }
    const flags = p.tcpFlags;
    if (slot >= 0) {
      if (ts - st.ff[slot * st.r8 + 0 /* firstTs */] > this.options.activeTimeoutS) {
        this.finish(slot, "active");
        slot = -1;
      } else if (
        proto === IPPROTO.TCP &&
        (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK | TCP_FLAG.RST | TCP_FLAG.FIN)) === TCP_FLAG.SYN &&
        this.listFor(slot) === LIST_CLOSED_TCP &&
        (dir === 1 || p.tcpSeq !== st.epu[st.endpoint(slot, 0) * 2 + EPU + 2 /* startSeq */])
      ) {
        this.finish(slot, "reuse");
        slot = -1;
      }
    }
    if (slot < 0) {
      slot = this.create(hash, version, proto, ts);
      dir = 0;
      if (this.shouldFlip(proto, flags)) {
        st.flip(slot);
        dir = 1;
      }
    }
    c.packetsInFlows++;
    st.ff[slot * st.r8 + 1 /* lastTs */] = ts;
    const payloadLen = p.payloadLen;
    if (proto === IPPROTO.TCP) {
      dir = tcpSegment(st, slot, dir, flags, p.tcpSeq >>> 0, p.tcpAck >>> 0, p.tcpWindow, payloadLen, ts);
      const f = st.endpoint(slot, dir) * 2 + FC;
      const fc = st.u32;
      if (flags & TCP_FLAG.SYN) fc[f]++;
      if (flags & TCP_FLAG.ACK) fc[f + 1]++;
      if (flags & TCP_FLAG.FIN) fc[f + 2]++;
      if (flags & TCP_FLAG.RST) fc[f + 3]++;
      if (flags & TCP_FLAG.PSH) fc[f + 4]++;
      if (flags & TCP_FLAG.URG) fc[f + 5]++;
    } else {
      st.ff[slot * st.r8 + 2 /* lastProductiveTs */] = ts;
      if (proto === IPPROTO.UDP) checkHistoryDir(st, slot, dir, HIST.DATA, 68 /* 'D' */);
    }
    // per-direction statistics
    const e = st.endpoint(slot, dir);
    const size = p.ipLen;
    const n = st.epf[e + 0 /* pkts */];
    const size16 = Math.min(size, 65535); // min/max columns are 16-bit (IPv6 jumbograms clamp)
    if (n === 0) {
      st.epu[e * 2 + EPU + 14 /* sizeMin */] = size16;
      st.epu[e * 2 + EPU + 15 /* sizeMax */] = size16;
    } else {
      if (size16 < st.epu[e * 2 + EPU + 14 /* sizeMin */]) st.epu[e * 2 + EPU + 14 /* sizeMin */] = size16;
      if (size16 > st.epu[e * 2 + EPU + 15 /* sizeMax */]) st.epu[e * 2 + EPU + 15 /* sizeMax */] = size16;
      const iatMs = (ts - st.epf[e + 7 /* lastPktTs */]) * 1000;
      if (n === 1 || iatMs < st.epf[e + 10 /* iatMin */]) st.epf[e + 10 /* iatMin */] = iatMs;
      if (n === 1 || iatMs > st.epf[e + 11 /* iatMax */]) st.epf[e + 11 /* iatMax */] = iatMs;
      st.epf[e + 5 /* iatSum */] += iatMs;
      st.epf[e + 6 /* iatSumSq */] += iatMs * iatMs;
    }
    st.epf[e + 7 /* lastPktTs */] = ts;
    st.epf[e + 0 /* pkts */] = n + 1;
    st.epf[e + 1 /* ipBytes */] += size;
    st.epf[e + 2 /* payloadBytes */] += payloadLen;
    st.epf[e + 3 /* sizeSum */] += size;
    st.epf[e + 4 /* sizeSumSq */] += size * size;
    const k = st.fi[slot * st.r4 + FI + 10 /* firstCount */];
    if (k < st.firstN) {
      st.u16[slot * st.r2 + st.firstSizesAt + k] = size16;
      st.i8[slot * st.r1 + st.firstDirsAt + k] = dir === 0 ? 1 : -1;
      st.fi[slot * st.r4 + FI + 10 /* firstCount */] = k + 1;
    }
    // expiry list: move to the tail when the state changes lists, or at most once per listMoveS (moving
    // on every packet would touch two neighbours' cache lines per packet); an attempt keeps its place
    // (its timeout runs from the first packet)
    const list = this.listFor(slot);
    if (
      list !== st.fi[slot * st.r4 + FI + 6 /* lruList */] ||
      (list !== LIST_ATTEMPT && ts - st.ff[slot * st.r8 + 5 /* listTs */] > this.listMoveS[list])
    ) {
      this.listUnlink(slot);
      this.listAppend(slot, list, ts);
    }
  }
}
