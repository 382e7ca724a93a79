/**
 * A bounded FIFO of objects (alerts, flow records) between two stages: a fixed-size ring, never
 * growing. `offer` refuses when full (the caller counts the drop or waits with `waitForRoom`);
 * `take` waits for an item. Counters: offered, dropped, taken, high-water depth.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;
  private closed = false;
  private readers: (() => void)[] = [];
  private writers: (() => void)[] = [];
  accepted = 0;
  dropped = 0;
  highWater = 0;

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`queue ${name}: capacity must be >= 1`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Appends unless full; false = refused (counted as a drop when `countDrop`). */
  offer(item: T, countDrop = true): boolean {
    if (this.size === this.capacity || this.closed) {
      if (countDrop) this.dropped++;
      return false;
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
    this.accepted++;
    if (this.size > this.highWater) this.highWater = this.size;
    this.wake(this.readers);
    return true;
  }

  /** Waits until there is room (or the queue is closed), then appends. */
  async put(item: T): Promise<boolean> {
    while (this.size === this.capacity && !this.closed) await this.waitForRoom();
    return this.offer(item);
  }

  /** Resolves when an item may be offered without refusal. */
  waitForRoom(): Promise<void> {
    if (this.size < this.capacity || this.closed) return Promise.resolve();
    return new Promise((r) => this.writers.push(r));
  }

  /** Removes the oldest item, or undefined when empty. */
  poll(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    this.wake(this.writers);
    return item;
  }

  /** Waits for the next item; undefined once the queue is closed and empty. */
  async take(): Promise<T | undefined> {
    while (this.size === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.readers.push(r));
    }
    return this.poll();
  }

  /** No more offers; readers drain what is left, then get undefined. */
  close(): void {
    this.closed = true;
    this.wake(this.readers);
    this.wake(this.writers);
  }

  private wake(list: (() => void)[]): void {
    if (list.length === 0) return;
    const all = list.splice(0, list.length);
    for (const r of all) r();
  }
}
