/**
 * The default (fast, bounded) AfterImage: Kitsune's feature set computed with numeric keys and
 * typed arrays. What it changes relative to the reference (compat mode keeps all of these):
 * - keys are exact numbers (addresses, protocol + port), so two endpoints never share a stream
 *   (Kitsune concatenates strings: "10.0.0.1"+"10" equals "10.0.0.11"+"0"); TCP and UDP ports differ;
 * - every table is bounded: entries idle for `idleTimeoutS` are evicted, and when a table holds
 *   `maxStreams` entries the least recently used one is evicted (Kitsune never forgets);
 * - a packet updates only its own (src, dst) link, once: Kitsune updates every link of the source
 *   stream and then the packet's link a second time, which costs O(links) per packet and makes a
 *   scanning host slow down without bound;
 * - a link also decays the other side's last residual; streams start at w = 0 (not 1e-20);
 * - "std" columns hold the standard deviation (Kitsune's hold the variance); variance is clamped at 0
 *   rather than taking |.| of a negative rounding error; pcc is 0 when std_a * std_b < 1e-12.
 * - 115 variant: H = source-host stream (Kitsune's HH weight/mean/std), and HH's 1-D block becomes the
 *   source->destination channel (the N-BaIoT meaning), so no block repeats another.
 * Column names and order are Kitsune's (../names.ts).
 */
import type { Packet } from "../../../decode/packet.js";
import { N_LAMBDAS } from "../lambdas.js";
import { DampedLinks } from "./damped-links.js";
import { DampedStreams } from "./damped-streams.js";
import { HOST_WORDS, SOCKET_WORDS, writeHostKey, writeSocketKey, writeSrcMacKey } from "./endpoint-keys.js";
import { KeyTable } from "./key-table.js";

export interface FastAfterImageOptions {
  variant: 100 | 115;
  /** Most entries per table (streams and links are separate tables). */
  maxStreams: number;
  /** Entries unused for this many seconds of capture time are evicted. */
  idleTimeoutS: number;
}

export class FastAfterImage {
  readonly nFeatures: number;
  private readonly mi: DampedStreams;
  private readonly hosts: DampedStreams;
  private readonly hostLinks: DampedLinks;
  private readonly pairs: DampedStreams;
  private readonly pairSizes: DampedStreams | null;
  private readonly sockets: DampedStreams;
  private readonly socketLinks: DampedLinks;
  private readonly tables: KeyTable[];
  private readonly pairKey = new Uint32Array(2 * HOST_WORDS);

  constructor(readonly options: FastAfterImageOptions) {
    const max = options.maxStreams;
    this.nFeatures = options.variant;
    // Tables start at 1/8 of their bound and double as needed: no copies for the first 1/8, and a
    // small capture does not reserve the full bound.
    const start = Math.max(1024, Math.ceil(max / 8));
    const table = (words: number) => new KeyTable(words, max, start);
    this.mi = new DampedStreams(table(2 + HOST_WORDS));
    this.hosts = new DampedStreams(table(HOST_WORDS));
    this.hostLinks = new DampedLinks(table(4), this.hosts);
    this.pairs = new DampedStreams(table(2 * HOST_WORDS));
    this.pairSizes = options.variant === 115 ? new DampedStreams(table(2 * HOST_WORDS)) : null;
    this.sockets = new DampedStreams(table(SOCKET_WORDS));
    this.socketLinks = new DampedLinks(table(4), this.sockets);
    this.tables = [
      this.mi.table,
      this.hosts.table,
      this.hostLinks.table,
      this.pairs.table,
      this.sockets.table,
    ];
    this.tables.push(this.socketLinks.table);
    if (this.pairSizes) this.tables.push(this.pairSizes.table);
  }

  update(p: Packet, out: Float64Array): void {
    const t = p.ts;
    const size = p.wireLen;
    const idle = this.options.idleTimeoutS;
    for (const tb of this.tables) tb.evictIdle(t, idle);
    let o = 0;
    // MI: source MAC + source host
    const miKey = this.mi.table.key;
    writeSrcMacKey(p, miKey, 0);
    writeHostKey(p, 0, miKey, 2);
    const mi = this.mi.upsert(t);
    this.mi.insert(mi, size, t);
    o = this.write1D(this.mi, mi, out, o);
    // hosts
    writeHostKey(p, 1, this.hosts.table.key, 0);
    const dstHost = this.hosts.upsert(t);
    writeHostKey(p, 0, this.hosts.table.key, 0);
    const srcHost = this.hosts.upsert(t);
    this.hosts.insert(srcHost, size, t);
    // pair (jitter, and channel sizes in the 115 variant)
    const pk = this.pairKey;
    writeHostKey(p, 0, pk, 0);
    writeHostKey(p, 1, pk, HOST_WORDS);
    if (this.pairSizes) {
      o = this.write1D(this.hosts, srcHost, out, o); // H block
      this.pairSizes.table.key.set(pk);
      const ch = this.pairSizes.upsert(t);
      this.pairSizes.insert(ch, size, t);
      this.write1DStride(this.pairSizes, ch, out, o, 7);
    } else {
      this.write1DStride(this.hosts, srcHost, out, o, 7);
    }
    this.hostLinks.update(srcHost, dstHost, size, t, out, o + 3, 7);
    o += 7 * N_LAMBDAS;
    this.pairs.table.key.set(pk);
    const pair = this.pairs.upsert(t);
    const jitter = this.pairs.table.inserted ? 0 : Math.max(0, t - this.pairs.lastT[pair]);
    this.pairs.insert(pair, jitter, t);
    o = this.write1D(this.pairs, pair, out, o);
    // sockets
    writeSocketKey(p, 1, this.sockets.table.key, 0);
    const dstSock = this.sockets.upsert(t);
    writeSocketKey(p, 0, this.sockets.table.key, 0);
    const srcSock = this.sockets.upsert(t);
    this.sockets.insert(srcSock, size, t);
    this.write1DStride(this.sockets, srcSock, out, o, 7);
    this.socketLinks.update(srcSock, dstSock, size, t, out, o + 3, 7);
  }

  /** Entries held over all tables, and evictions so far. */
  stats(): { streamsAlive: number; evictedIdle: number; evictedByCount: number; perTableMax: number } {
    let alive = 0;
    let idle = 0;
    let count = 0;
    for (const tb of this.tables) {
      alive += tb.size;
      idle += tb.evictedIdle;
      count += tb.evictedCount;
    }
    return {
      streamsAlive: alive,
      evictedIdle: idle,
      evictedByCount: count,
      perTableMax: this.options.maxStreams,
    };
  }

  /** Bytes of state held now (all tables' typed arrays). */
  stateBytes(): number {
    let b = this.mi.bytes() + this.hosts.bytes() + this.hostLinks.bytes() + this.pairs.bytes();
    b += this.sockets.bytes() + this.socketLinks.bytes();
    if (this.pairSizes) b += this.pairSizes.bytes();
    return b;
  }

  /** Largest number of entries any one table holds now. */
  largestTable(): number {
    let m = 0;
    for (const tb of this.tables) m = Math.max(m, tb.size);
    return m;
  }

  private write1D(st: DampedStreams, s: number, out: Float64Array, o: number): number {
    this.write1DStride(st, s, out, o, 3);
    return o + 3 * N_LAMBDAS;
  }

  private write1DStride(st: DampedStreams, s: number, out: Float64Array, o: number, stride: number): void {
    for (let i = 0; i < N_LAMBDAS; i++) {
      const j = o + i * stride;
      out[j] = st.w[s * N_LAMBDAS + i];
      out[j + 1] = st.mean(s, i);
      out[j + 2] = Math.sqrt(st.variance(s, i));
    }
  }
}
