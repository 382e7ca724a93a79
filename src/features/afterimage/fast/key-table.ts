/**
 * A bounded hash table from fixed-width numeric keys (`keyWords` unsigned 32-bit words) to dense slot
 * numbers, with least-recently-used order, idle eviction and eviction by count. No strings, no
 * allocation per lookup: the caller writes the key into `key` and calls find()/upsert().
 *
 * Slots are reused after eviction; `generation[slot]` grows by one at each reuse so that records
 * referring to a slot (links between streams) can tell a reused slot from the original one.
 * Open addressing with linear probing and backward-shift deletion; the index holds at most half
 * its cells. Storage grows by doubling up to `maxEntries` (callers grow their parallel arrays when
 * `capacity` changes).
 */
export class KeyTable {
  /** Write the key here before find()/upsert(). */
  readonly key: Uint32Array;
  /** Slot -> generation (number of times the slot was (re)assigned). */
  generation: Uint32Array;
  /** Slot -> last time (seconds) the entry was used. */
  lastSeen: Float64Array;
  capacity: number;
  size = 0;
  evictedIdle = 0;
  evictedCount = 0;
  /** True when the last upsert() created the entry. */
  inserted = false;

  private keys: Uint32Array;
  private hashes: Uint32Array;
  private index: Int32Array; // cell -> slot + 1, 0 = empty
  private mask: number;
  private prev: Int32Array;
  private next: Int32Array;
  private head = -1; // most recently used
  private tail = -1; // least recently used
  private freeTop = 0;
  private freeList: Int32Array;

  constructor(
    readonly keyWords: number,
    readonly maxEntries: number,
    initialCapacity = 1024,
  ) {
    this.key = new Uint32Array(keyWords);
    this.capacity = Math.max(1, Math.min(maxEntries, initialCapacity));
    this.keys = new Uint32Array(this.capacity * keyWords);
    this.hashes = new Uint32Array(this.capacity);
    this.generation = new Uint32Array(this.capacity);
    this.lastSeen = new Float64Array(this.capacity);
    this.prev = new Int32Array(this.capacity);
    this.next = new Int32Array(this.capacity);
    this.freeList = new Int32Array(this.capacity);
    this.index = new Int32Array(indexSize(this.capacity));
    this.mask = this.index.length - 1;
    this.resetFree(0);
  }

  /** Slot of `key`, or -1. Does not touch the LRU order. */
  find(): number {
    const h = this.hashKey();
    let cell = h & this.mask;
    const kw = this.keyWords;
    for (;;) {
      const s1 = this.index[cell];
      if (s1 === 0) return -1;
      const s = s1 - 1;
      if (this.hashes[s] === h && this.sameKey(s * kw)) return s;
      cell = (cell + 1) & this.mask;
    }
  }

  /**
   * Slot of `key`, created when absent (evicting the least recently used entry when full); marks it
   * most recently used at time `now`. Sets `inserted`.
   */
  upsert(now: number): number {
    const h = this.hashKey();
    let cell = h & this.mask;
    const kw = this.keyWords;
    for (;;) {
      const s1 = this.index[cell];
      if (s1 === 0) break;
      const s = s1 - 1;
      if (this.hashes[s] === h && this.sameKey(s * kw)) {
        this.inserted = false;
        this.touch(s, now);
        return s;
      }
      cell = (cell + 1) & this.mask;
    }
    if (this.size === this.capacity) {
      if (this.capacity < this.maxEntries) {
        this.grow();
        return this.upsert(now);
      }
      this.evictedCount++;
      this.remove(this.tail);
      cell = h & this.mask; // the removal may have shifted cells: probe again for a free one
      while (this.index[cell] !== 0) cell = (cell + 1) & this.mask;
    }
    const s = this.freeList[--this.freeTop];
    this.keys.set(this.key, s * kw);
    this.hashes[s] = h;
    this.generation[s] = (this.generation[s] + 1) >>> 0;
    this.index[cell] = s + 1;
    this.size++;
    this.lastSeen[s] = now;
    this.linkHead(s);
    this.inserted = true;
    return s;
  }

  /** Bytes held by this table's typed arrays. */
  bytes(): number {
    return (
      this.keys.byteLength +
      this.hashes.byteLength +
      this.generation.byteLength +
      this.lastSeen.byteLength +
      this.prev.byteLength +
      this.next.byteLength +
      this.freeList.byteLength +
      this.index.byteLength
    );
  }

  /** Evicts entries last used before `now - idleS`; returns how many. */
  evictIdle(now: number, idleS: number): number {
    let n = 0;
    const limit = now - idleS;
    while (this.tail >= 0 && this.lastSeen[this.tail] < limit) {
      this.remove(this.tail);
      n++;
    }
    this.evictedIdle += n;
    return n;
  }

  /** Marks a slot most recently used. */
  touch(s: number, now: number): void {
    this.lastSeen[s] = now;
    if (this.head === s) return;
    this.unlink(s);
    this.linkHead(s);
  }

  private remove(s: number): void {
    // find the cell that holds s, then backward-shift the following cluster
    let cell = this.hashes[s] & this.mask;
    while (this.index[cell] !== s + 1) cell = (cell + 1) & this.mask;
    let hole = cell;
    let j = (hole + 1) & this.mask;
    for (;;) {
      const t1 = this.index[j];
      if (t1 === 0) break;
      const home = this.hashes[t1 - 1] & this.mask;
      // move t into the hole when its home position is not cyclically within (hole, j]
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!inRange) {
        this.index[hole] = t1;
        hole = j;
      }
      j = (j + 1) & this.mask;
    }
    this.index[hole] = 0;
    this.unlink(s);
    this.freeList[this.freeTop++] = s;
    this.size--;
  }

  private linkHead(s: number): void {
    this.prev[s] = -1;
    this.next[s] = this.head;
    if (this.head >= 0) this.prev[this.head] = s;
    this.head = s;
    if (this.tail < 0) this.tail = s;
  }

  private unlink(s: number): void {
    const p = this.prev[s];
    const n = this.next[s];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = Math.min(this.maxEntries, old * 2);
    const kw = this.keyWords;
    this.capacity = cap;
    this.keys = grownU32(this.keys, cap * kw);
    this.hashes = grownU32(this.hashes, cap);
    this.generation = grownU32(this.generation, cap);
    const ls = new Float64Array(cap);
    ls.set(this.lastSeen);
    this.lastSeen = ls;
    const pv = new Int32Array(cap);
    pv.set(this.prev);
    this.prev = pv;
    const nx = new Int32Array(cap);
    nx.set(this.next);
    this.next = nx;
    // the table was full: every old slot is live, the new slots are free
    this.freeList = new Int32Array(cap);
    this.resetFree(old);
    this.index = new Int32Array(indexSize(cap));
    this.mask = this.index.length - 1;
    for (let s = this.head; s >= 0; s = this.next[s]) {
      let cell = this.hashes[s] & this.mask;
      while (this.index[cell] !== 0) cell = (cell + 1) & this.mask;
      this.index[cell] = s + 1;
    }
  }

  private resetFree(from: number): void {
    this.freeTop = 0;
    for (let s = this.capacity - 1; s >= from; s--) this.freeList[this.freeTop++] = s;
  }

  private hashKey(): number {
    let h = 0x811c9dc5 ^ this.keyWords;
    const k = this.key;
    for (let i = 0; i < this.keyWords; i++) {
      h = Math.imul(h ^ k[i], 0x9e3779b1);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
    h ^= h >>> 16;
    return h >>> 0;
  }

  private sameKey(o: number): boolean {
    const k = this.key;
    const ks = this.keys;
    for (let i = 0; i < this.keyWords; i++) if (ks[o + i] !== k[i]) return false;
    return true;
  }
}

function indexSize(capacity: number): number {
  let n = 16;
  while (n < capacity * 2) n *= 2;
  return n;
}

function grownU32(a: Uint32Array, n: number): Uint32Array {
  const b = new Uint32Array(n);
  b.set(a);
  return b;
}
