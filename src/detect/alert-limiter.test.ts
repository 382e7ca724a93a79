import { describe, expect, it } from "vitest";
import { AlertLimiter } from "./alert-limiter.js";

describe("AlertLimiter", () => {
  it("emits once per flow per interval and counts the packets in between", () => {
    const l = new AlertLimiter(1);
    expect(l.offer("a", 10).emit).toBe(true);
    expect(l.offer("a", 10.2).emit).toBe(false);
    expect(l.offer("a", 10.5).emit).toBe(false);
    const d = l.offer("a", 11.0);
    expect(d.emit).toBe(true);
    expect(d.packetsOverThreshold).toBe(3);
    expect(l.offer("b", 11.0).emit).toBe(true);
    expect(l.suppressed).toBe(2);
  });
  it("emits every packet when the interval is 0", () => {
    const l = new AlertLimiter(0);
    expect(l.offer("a", 1).emit).toBe(true);
    expect(l.offer("a", 1).emit).toBe(true);
  });
  it("keeps at most maxKeys flows", () => {
    const l = new AlertLimiter(1, 2);
    l.offer("a", 0);
    l.offer("b", 0);
    l.offer("c", 0); // evicts a
    expect(l.offer("a", 0.1).emit).toBe(true); // a is new again
  });
});
