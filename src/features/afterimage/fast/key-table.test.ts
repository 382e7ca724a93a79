import { describe, expect, it } from "vitest";
import { KeyTable } from "./key-table.js";

function setKey(t: KeyTable, a: number, b: number): void {
  t.key[0] = a;
  t.key[1] = b;
}

describe("KeyTable", () => {
  it("finds what it inserted and nothing else", () => {
    const t = new KeyTable(2, 1000, 4);
    const slots = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      setKey(t, i, i * 7);
      slots.set(i, t.upsert(i));
      expect(t.inserted).toBe(true);
    }
    for (let i = 0; i < 500; i++) {
      setKey(t, i, i * 7);
      expect(t.find()).toBe(slots.get(i));
    }
    setKey(t, 3, 22);
    expect(t.find()).toBe(-1);
    expect(t.size).toBe(500);
  });

  it("evicts the least recently used entry when full, and keeps lookups right (random model check)", () => {
    const cap = 64;
    const t = new KeyTable(2, cap, 8);
    const model = new Map<number, number>(); // key -> last use (insertion order = LRU order)
    let now = 0;
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let step = 0; step < 20_000; step++) {
      const k = rand() % 200;
      setKey(t, k, 99);
      now += 1;
      const before = t.find();
      t.upsert(now);
      expect(before >= 0).toBe(model.has(k));
      model.delete(k);
      model.set(k, now);
      if (model.size > cap) {
        const oldest = model.keys().next().value as number;
        model.delete(oldest);
      }
      expect(t.size).toBe(model.size);
    }
    for (let k = 0; k < 200; k++) {
      setKey(t, k, 99);
      expect(t.find() >= 0).toBe(model.has(k));
    }
    expect(t.evictedCount).toBeGreaterThan(0);
  });

  it("evicts idle entries and bumps the generation of reused slots", () => {
    const t = new KeyTable(1, 10);
    t.key[0] = 1;
    const s = t.upsert(0);
    const g = t.generation[s];
    t.key[0] = 2;
    t.upsert(50);
    expect(t.evictIdle(100, 60)).toBe(1); // key 1 last used at 0 < 100 - 60
    t.key[0] = 1;
    expect(t.find()).toBe(-1);
    t.key[0] = 3;
    const s3 = t.upsert(101);
    expect(s3).toBe(s);
    expect(t.generation[s3]).toBe(g + 1);
    expect(t.evictedIdle).toBe(1);
  });
});
